"""The coordinators' coverage dashboard: the SEOR inventory, live, at /beheer/dekking/.

offer.py counts the offer near each campus, schools.py which schools have a fitting offer nearby
(both on the QuerySets' own rules for "published", "near" and "reach"), vmbo.py the vmbo-profile
finding, services.py bookings and buses; figures.py gathers them for every campus in a fixed
number of queries; report.py, findings.py and roles.py turn them into the tables that the page,
the charts and the exports share; snapshots.py keeps the yearly trend (tasks.py runs it).
"""
