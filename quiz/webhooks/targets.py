"""Where a webhook may point: never at this machine's or its network's private addresses in
production (server-side request forgery). The host is resolved when the webhook is saved and
again before every try, so a name that later resolves to an internal address is refused too."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

Resolve = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (empty when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in infos})


def is_public(address: str) -> bool:
    """A global unicast address: not loopback, private, link-local, multicast or reserved."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return bool(ip.is_global) and not ip.is_multicast


def target_problem(url: str, resolver: Resolve = resolve) -> str | None:
    """Why ``url`` must not be called from the server, or None when every address is public."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = resolver(host, port)
    if not addresses:
        return f"The host {host} does not resolve to an address."
    private = [a for a in addresses if not is_public(a)]
    if private:
        return f"The host {host} resolves to a private or reserved address ({private[0]})."
    return None
