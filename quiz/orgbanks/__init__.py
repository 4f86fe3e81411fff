"""Organisation banks: an organisation's own items (stored, versioned), their upload from
GIFT or Moodle XML, and the content an assignment draws from (ours, theirs or both).

A domain package without routes; the ``authoring`` and ``cohorts`` blueprints call it.
"""

from __future__ import annotations

SOURCES = {"ours": "Our banks", "org": "The organisation's banks", "both": "Both"}
