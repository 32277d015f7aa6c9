"""One actor type, two stored text families (audit, acted-by), each round-tripped in one place."""

import pytest

from baton.model.actor_text import acted_by_text, audit_text, parse_acted_by, parse_audit
from baton.model.identity import SYSTEM_ACTOR, Actor, ActorKind, Caller, CallerKind

JANE = Actor(ActorKind.USER, "jane@x")
APP = Actor(ActorKind.APPLICATION, "app-1")
EXT = Actor(ActorKind.EXTERNAL_USER, "ext-1")


def test_a_caller_names_itself_as_an_actor():
    user = Caller(CallerKind.USER, "jane@x", "Jane", frozenset())
    app = Caller(CallerKind.APPLICATION, "app-1", "App", frozenset())
    assert (user.actor, app.actor) == (JANE, APP)


@pytest.mark.parametrize(
    ("actor", "audit", "acted_by"),
    [
        (JANE, "USER:jane@x", "CONDUCTOR_USER:jane@x"),
        (APP, "APPLICATION:app-1", "APPLICATION:app-1"),
        (EXT, "EXTERNAL_USER:ext-1", "EXTERNAL_USER:ext-1"),
        (SYSTEM_ACTOR, "system", "system"),
    ],
)
def test_each_family_formats_and_parses_back(actor: Actor, audit: str, acted_by: str) -> None:
    assert audit_text(actor) == audit and parse_audit(audit) == actor
    assert acted_by_text(actor) == acted_by and parse_acted_by(acted_by) == actor


@pytest.mark.parametrize("text", ["jane", "SYSTEM:x", "CONDUCTOR_USER:jane", "GROUP:g"])
def test_audit_text_it_never_writes_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_audit(text)


@pytest.mark.parametrize("text", ["jane", "USER:jane", "SYSTEM:x", "CONDUCTOR_GROUP:g"])
def test_acted_by_text_it_never_writes_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_acted_by(text)
