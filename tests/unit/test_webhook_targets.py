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
        ("not-an-address", False),
    ],
)
def test_only_global_unicast_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(address) is public


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
