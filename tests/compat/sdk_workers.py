"""Worker functions for the conductor-python SDK test. They live in their own module because
the SDK runs each worker in a spawned process, which imports them by name. No
`from __future__ import annotations`: the SDK reads the parameter annotations as types."""


def charge(amount: int) -> dict[str, object]:
    return {"charged": amount * 2, "currency": "EUR"}


def ship(address: str) -> dict[str, object]:
    return {"label": f"SHIP-TO:{address}"}


def resize(w: int) -> dict[str, object]:
    return {"url": f"/img/{w}"}
