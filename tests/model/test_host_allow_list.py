from ipaddress import ip_address

import pytest

from baton.model.host_allow_list import HostAllowList


def test_names_domains_and_networks():
    allow = HostAllowList.parse(["api.example.com", "*.corp.example", "10.1.0.0/16", "::1"])
    assert allow.refusal("API.example.com", []) is None
    assert allow.refusal("x.corp.example", []) is None
    assert allow.refusal("corp.example", [ip_address("8.8.8.8")]) is not None
    assert allow.refusal("db.internal", [ip_address("10.1.2.3")]) is None
    assert allow.refusal("::1", [ip_address("::1")]) is None


def test_every_resolved_address_must_be_allowed():
    allow = HostAllowList.parse(["10.1.0.0/16"])
    mixed = [ip_address("10.1.2.3"), ip_address("127.0.0.1")]
    reason = allow.refusal("sneaky.example", mixed)
    assert reason is not None and "127.0.0.1" in reason
    assert allow.refusal("nowhere.example", []) is not None


def test_empty_allows_nothing_and_bad_entries_are_refused():
    assert HostAllowList.parse([]).empty
    assert HostAllowList.parse(["", " "]).empty
    for bad in ("http://x", "a b", "*.", "x/y"):
        with pytest.raises(ValueError):
            HostAllowList.parse([bad])
