"""Trusting a reverse proxy: with ``TRUSTED_PROXIES = n`` (Nginx in front: 1), werkzeug's
``ProxyFix`` takes the client address and scheme from the last ``n`` ``X-Forwarded-For`` and
``X-Forwarded-Proto`` values. Rate limits and log-in back-off then count the real client, not
the proxy. With 0 (the default) the headers are ignored: a client could forge them.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trusted_proxies(value: object) -> int:
    """The configured number of proxies; a clear error for anything but a whole number >= 0."""
    try:
        count = int(str(value).strip())
    except ValueError:
        count = -1
    if count < 0:
        raise RuntimeError(
            f"TRUSTED_PROXIES must be a whole number of proxies (0 or more), not {value!r}"
        )
    return count


def init_app(app: Flask) -> None:
    """Wrap the WSGI app in ``ProxyFix`` when proxies are trusted."""
    count = trusted_proxies(app.config.get("TRUSTED_PROXIES", 0))
    app.config["TRUSTED_PROXIES"] = count
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]
