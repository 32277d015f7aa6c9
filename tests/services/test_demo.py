"""Demo content: people, a form, a Conductor workflow and a BPMN process, ready to try."""

from __future__ import annotations

from baton.clock import FakeClock
from baton.services import demo
from baton.services.bootstrap import ensure_demo_user
from baton.services.context import ServiceContext

from support import Api


def test_demo_content_is_installed_once_and_usable(
    api: Api, ctx: ServiceContext, clock: FakeClock
) -> None:
    ensure_demo_user(ctx)
    demo.install(ctx)
    demo.install(ctx)  # idempotent
    ria = api.as_user("ria", "ria")
    mia = api.as_user("mia", "mia")
    inbox = api.client.post("/api/human/tasks/search", json={}, headers=ria).json()
    assert [r["displayName"] for r in inbox["results"]] == ["Review expense", "Review expense"]
    manager = api.client.post("/api/human/tasks/search", json={}, headers=mia).json()
    (leave,) = manager["results"]
    assert leave["displayName"] == "Approve leave"
    assert leave["priority"] == 80
    assert "dueDate" in leave
    # the person sees the process variables, not only who created the task
    assert leave["input"]["employee"] == "Ada" and leave["input"]["days"] == 7
    clock.advance(24 * 3600)
    assert ctx.scheduler is not None
    ctx.scheduler.run_due()
    ria = api.as_user("ria", "ria")
    names = [
        r["displayName"]
        for r in api.client.post("/api/human/tasks/search", json={}, headers=ria).json()["results"]
    ]
    assert "Chase the leave approval" in names
