"""Accounts: sign-up by emailed link, log-in with back-off, password change and reset, the
account page (with the person's API tokens), and a person's own data (export and deletion).

Domain modules: ``lifecycle`` (sign-up, log-in, password change, claiming this browser's
attempts), ``reset`` (password reset links), ``privacy`` (export and deletion) and ``backoff``
(failed log-ins). Views are in ``routes``, which only ``create_app`` imports. The tokens
themselves are the API's (``quiz.api.tokens``).
"""
