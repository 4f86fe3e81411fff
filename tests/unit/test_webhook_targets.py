"""Webhook targets: only public addresses are called in production (no request forgery
towards the server's own network)."""

from __future__ import annotations

import pytest

from quiz.webhooks.targets import is_public, target_problem


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.9", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata service
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:10.0.0.1", False),  # IPv4-mapped private address
        ("64:ff9b::7f00:1", False),  # NAT64 (RFC 6052) of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 of the cloud metadata address
        ("64:ff9b::5db8:d70e", True),  # NAT64 of a public IPv4 address
        ("64:ff9b:1::a00:1", False),  # NAT64 local-use prefix (RFC 8215): refused
        ("::127.0.0.1", False),  # IPv4-compatible form of 127.0.0.1
        ("::10.0.0.1", False),
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("2002:5db8:d70e::1", True),  # 6to4 of a public IPv4 address
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", False),  # Teredo
        ("::", False),
        ("not-an-address", False),
    ],
)
def test_only_global_unicast_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_a_host_resolving_to_a_nat64_form_of_loopback_is_refused() -> None:
    """The production probe's two passes: bracketed IPv6 literals in the URL itself."""
    for url, inner in (
        ("https://[64:ff9b::7f00:1]/hook", "64:ff9b::7f00:1"),
        ("https://[::127.0.0.1]/hook", "::127.0.0.1"),
    ):
        problem = target_problem(url)
        assert problem is not None and "private or reserved address" in problem, url
        assert inner in problem


def test_a_host_with_any_private_address_is_refused() -> None:
    def resolver(host: str, port: int) -> list[str]:
        assert (host, port) == ("hooks.example.com", 443)
        return ["93.184.215.14", "10.0.0.5"]

    problem = target_problem("https://hooks.example.com/in", resolver)
    assert problem == (
        "The host hooks.example.com resolves to a private or reserved address (10.0.0.5)."
    )


def test_public_hosts_pass_and_unresolvable_ones_are_named() -> None:
    assert target_problem("https://a.example:8443/x", lambda h, p: ["93.184.215.14"]) is None
    assert target_problem("https://nowhere.example/", lambda h, p: []) == (
        "The host nowhere.example does not resolve to an address."
    )
