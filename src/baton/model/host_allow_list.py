"""The operator's allow-list of hosts a workflow may call (Conductor HTTP tasks).

Entries are host names (`api.example.com`), domains (`*.example.com`: its sub-domains), IP
addresses and networks (`10.1.0.0/16`). A call is allowed when its host matches a name or
domain entry, or when every address its host resolves to lies in an address entry. No entry:
nothing is allowed. Pure: the caller resolves the host and connects only to the addresses
checked here."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class HostAllowList:
    names: frozenset[str]
    domains: tuple[str, ...]  # ".example.com"
    networks: tuple[Network, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> HostAllowList:
        names: set[str] = set()
        domains: list[str] = []
        networks: list[Network] = []
        for raw in entries:
            entry = raw.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
                continue
            except ValueError:
                pass
            if entry.startswith("*."):
                domain = entry[1:]
                if not _is_name(domain[1:]):
                    raise ValueError(f"{raw!r} is not a host name, *.domain, address or network")
                domains.append(domain)
            elif _is_name(entry):
                names.add(entry)
            else:
                raise ValueError(f"{raw!r} is not a host name, *.domain, address or network")
        return cls(frozenset(names), tuple(domains), tuple(networks))

    @property
    def empty(self) -> bool:
        return not (self.names or self.domains or self.networks)

    def refusal(self, host: str, addresses: Iterable[Address]) -> str | None:
        """Why a call to `host` (resolved to `addresses`) is not allowed; None if it is."""
        name = host.lower().rstrip(".")
        if name in self.names or any(name.endswith(d) for d in self.domains):
            return None
        found = list(addresses)
        if not found:
            return f"host {host!r} does not resolve"
        outside = [a for a in found if not any(a in n for n in self.networks)]
        if outside:
            return (
                f"host {host!r} ({outside[0]}) is not in the allow-list of hosts HTTP tasks "
                "may call (BATON_HTTP_ALLOWED_HOSTS)"
            )
        return None


def _is_name(text: str) -> bool:
    labels = text.split(".")
    return bool(text) and all(
        label and len(label) <= 63 and all(c.isalnum() or c == "-" for c in label)
        for label in labels
    )
