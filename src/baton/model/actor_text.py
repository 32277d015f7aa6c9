"""Actors as stored text: the one place each stored family is formatted and parsed.

Two families exist, and stored data keeps both (no migration):
- audit text (`created_by`, `updated_by`, instance and task `owner`, audit events):
  `USER:id`, `APPLICATION:id`, `EXTERNAL_USER:id`, `system`;
- acted-by text (a human task's action log, also its Orkes wire `actedBy`):
  `CONDUCTOR_USER:id`, `APPLICATION:id`, `EXTERNAL_USER:id`, `system`.
"""

from __future__ import annotations

from baton.model.identity import SYSTEM_ACTOR, Actor, ActorKind

_SYSTEM_TEXT = "system"
_ACTED_BY_USER = "CONDUCTOR_USER"


def audit_text(actor: Actor) -> str:
    """`USER:id`, `APPLICATION:id`, `EXTERNAL_USER:id` or `system`."""
    if actor.kind is ActorKind.SYSTEM:
        return _SYSTEM_TEXT
    return f"{actor.kind.value}:{actor.id}"


def audit_text_or_none(actor: Actor | None) -> str | None:
    return None if actor is None else audit_text(actor)


def parse_audit(text: str) -> Actor:
    """The inverse of `audit_text`; raises ValueError for text it never writes."""
    if text == _SYSTEM_TEXT:
        return SYSTEM_ACTOR
    kind, sep, ident = text.partition(":")
    if not sep or kind == ActorKind.SYSTEM.value or kind not in ActorKind.__members__:
        raise ValueError(f"not an actor: {text!r}")
    return Actor(ActorKind(kind), ident)


def acted_by_text(actor: Actor) -> str:
    """`CONDUCTOR_USER:id`, `APPLICATION:id`, `EXTERNAL_USER:id` or `system`."""
    if actor.kind is ActorKind.SYSTEM:
        return _SYSTEM_TEXT
    kind = _ACTED_BY_USER if actor.kind is ActorKind.USER else actor.kind.value
    return f"{kind}:{actor.id}"


def parse_acted_by(text: str) -> Actor:
    """The inverse of `acted_by_text`; raises ValueError for text it never writes."""
    if text == _SYSTEM_TEXT:
        return SYSTEM_ACTOR
    kind, sep, ident = text.partition(":")
    if kind == _ACTED_BY_USER:
        kind = ActorKind.USER.value
    elif kind == ActorKind.USER.value:
        raise ValueError(f"not an actedBy: {text!r}")
    if not sep or kind == ActorKind.SYSTEM.value or kind not in ActorKind.__members__:
        raise ValueError(f"not an actedBy: {text!r}")
    return Actor(ActorKind(kind), ident)
