"""Bootcamp classes: organisations, cohorts, rosters, assignments and the class dashboard.

Domain operations without routes; the cohorts blueprint parses, calls these, and renders.
"""
