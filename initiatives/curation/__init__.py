"""Curation tools: spreadsheet import and export, templates, background import jobs, data quality, inventory."""
