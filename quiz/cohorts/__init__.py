"""Classes for bootcamps: organisations and their members, cohorts and rosters, assignments,
the class dashboard, item analysis, and the student's home page with their assignments.

Domain modules: ``orgs``, ``roster``, ``assignments``, ``status``, ``classlist`` (the light rows
class views read), ``dashboard``, ``itemcounts`` (item analysis counts kept up to date at each
attempt's end) and ``items`` (item analysis of an assignment). Views are in ``routes``
(``organisations``, ``results``, ``students``) and ``api``, which only ``create_app`` imports.
"""
