"""The coordinators' coverage dashboard: the SEOR inventory, live (issue 6).

services.py computes the figures with SQL aggregation (nearby.py holds the grouped SQL over
campus/initiative and campus/school pairs), vmbo.py the vmbo-profile finding, tables.py turns
both into the tables that the page, the charts and the exports share.
"""
