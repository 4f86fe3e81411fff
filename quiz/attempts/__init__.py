"""Attempts: taking a quiz and how an attempt ends.

Domain modules: ``modes`` and ``qualifications`` (what the start page asks), ``taking`` (start,
bind to the browser, present items, save answers), ``ending`` (submit, close at the deadline,
delete: the one owner of an attempt's end, which sends the signals of ``quiz.core.signals``),
``snapshots`` (the report computed and stored when an attempt ends, and rescoring),
``integrity`` (the events a question page reports). Views are in ``routes`` and ``api``, which
only ``create_app`` imports.
"""
