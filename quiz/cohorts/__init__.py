"""Classes for bootcamps: organisations and their members, cohorts and rosters, assignments,
the class dashboard, item analysis, and the student's home page with their assignments.

Domain modules: ``orgs``, ``roster``, ``assignments``, ``status``, ``classlist`` (the light rows
class views read), ``dashboard``, ``itemcounts`` (item analysis counts kept up to date at each
attempt's end), ``items`` (item analysis of an assignment), ``manage`` (editing, closing and
deleting assignments, archiving cohorts), ``people`` (staff invitations, roles, removing and
merging students), ``reminders``, ``feedback`` (answers and feedback) and ``zones`` (the
organisation's time zone). Forms are in ``forms`` and ``actionforms``. Views are in ``routes``
(``organisations``, ``manage``, ``people``, ``results``, ``answers``, ``students``) and ``api``,
which only ``create_app`` imports.
"""
