"""Recruiting: a company's positions (from a role profile or a reviewed job description),
invitations, the candidate's consent, the pipeline with notes and decisions, comparison,
candidates' rights and retention.

Domain modules: ``positions``, ``invitations``, ``candidacy`` (the candidate's side: consent,
decline, take the assessment or attach a report, withdraw), ``status``, ``visibility`` (the one
gate for showing a candidate's result to a recruiter), ``fit`` (a stored report read against a
position's own requirements), ``pipeline``, ``compare``, ``notes``, ``candidate_view`` and
``retention``. Views are in ``routes`` and ``api``, which only ``create_app`` imports.
"""
