"""Web tests of cohorts: classes, rosters, assignments, dashboards and item analysis."""
