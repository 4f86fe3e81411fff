"""Reports: the gap report of a submitted attempt, its downloads, share links, the item review
and the history of one's attempts.

Domain modules: ``pages`` (a stored report's page body, rendered once and cached), ``sharing``
(share links), ``review`` (the item review and the history), ``downloads`` (the CSV). Views are
in ``routes``, which only ``create_app`` imports. The report itself is computed and stored when
an attempt ends (``quiz.attempts.snapshots``).
"""
