"""JSON API v1 at ``/api/v1``: bearer tokens only, JSON errors only, an OpenAPI 3.1 document.

Plain modules: ``tokens`` and ``scopes`` (personal access tokens, created and revoked on the
account page), ``errors`` (``ApiError``), ``spec`` (the ``operation`` decorator and the
document), ``pagination``. The blueprint and its shared views are in ``routes``; each
feature's resources are in its own ``api`` module.
"""
