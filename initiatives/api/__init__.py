"""The read-only open data API, version 1: plain Django views sharing the search FilterSet."""
