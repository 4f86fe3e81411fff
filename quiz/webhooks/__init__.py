"""Webhooks: an organisation is told, by a signed JSON POST, when an attempt is submitted.

``registry`` says which organisations an attempt belongs to (an assignment's cohort, the
positions the candidate consented to); ``manage`` registers, rotates and deletes hooks;
``delivery`` builds, signs and sends each try and logs it, on the job queue
(``quiz.core.queue``); ``signing`` and ``targets`` are the signature and the address check.
``create_app`` connects ``delivery.queue_submitted`` to ``quiz.core.signals.attempt_submitted``.
Views are in ``routes`` (settings pages) and ``api`` (the JSON API). Payload, signature and
retries: docs/webhooks.md.
"""
