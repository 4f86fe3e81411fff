"""Organisation banks: an organisation's own items (stored, versioned), their upload from
GIFT, Moodle XML or Aiken, and the content an assignment draws from (ours, theirs or both).

Domain modules: ``store`` (items and their versions), ``upload`` (the dry run and the save of
an uploaded file), ``sources`` (the content an assignment draws from). Views are in ``routes``,
which only ``create_app`` imports.
"""
