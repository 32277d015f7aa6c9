"""A message event sub-process is reached exactly once by racing publications (real threads
on two server contexts over one database; `db`: SQLite and PostgreSQL)."""

from __future__ import annotations

from functools import partial

import pytest
from events_helpers import deploy, process
from test_v2_event_sub_process_messages import EXTRA, ROOT
from test_v2_message_races import _at_once, _count, _variables, other  # noqa: F401

from baton.services import messages, process_instances
from baton.services.auth import authenticate
from baton.services.context import ServiceContext
from baton.services.process_instances import DefinitionRef
from baton.store.schema import event_subscriptions

from support import Api

pytestmark = pytest.mark.db


def test_two_publications_racing_one_event_sub_process_start_it_once(
    api: Api,
    ctx: ServiceContext,
    other: ServiceContext,  # noqa: F811
) -> None:
    deploy(api, "esp.bpmn", process("esp", ROOT, EXTRA))
    admin = authenticate(ctx, api.admin["X-Authorization"])
    for round_ in range(4):
        order = f"r{round_}"
        key = process_instances.create(
            ctx, admin, DefinitionRef(process_id="esp"), {"orderId": order}
        ).key
        send = partial(messages.publish, caller=admin, name="cancel", correlation_key=order)
        _, errors = _at_once(
            partial(send, ctx, variables={"a": True}),
            partial(send, other, variables={"b": True}),
        )
        assert errors == []
        found = _variables(ctx, admin, key)
        assert ("a" in found) != ("b" in found), found
        view = process_instances.get(ctx, admin, key)
        assert view.state == "ACTIVE"
        assert _count(ctx, event_subscriptions, instance_id=key) == 0  # interrupted: closed
