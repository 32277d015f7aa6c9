"""The plain INBOX search (its own fast path) answers exactly what the general search answers
for the same tasks: every page, its order (newest first, then by id) and the total, over tasks
offered to the caller, their groups and anyone, claimed by them or started by them, open and
closed."""

from __future__ import annotations

from typing import Any

from human_helpers import group, human_workflow, start_human, user

from baton.clock import FakeClock

from support import Api

OPEN = ["PENDING", "ASSIGNED", "IN_PROGRESS"]


def _ids(api: Api, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, list[str]]:
    response = api.client.post("/api/human/tasks/search", json=body, headers=headers)
    assert response.status_code == 200, response.text
    found = response.json()
    assert found["hits"] == len(found["results"])
    return found["totalHits"], [r["taskId"] for r in found["results"]]


def test_inbox_pages_match_the_general_search(api: Api, clock: FakeClock) -> None:
    api.create_group("north")
    api.create_group("south")
    api.create_group("west")
    ria = api.create_user("ria@example.com", groups=["north", "south"])
    api.create_user("bob@example.com", groups=["west"])
    offers = [
        [group("north")],
        [group("south")],
        [group("west")],
        [user("ria@example.com")],
        [user("bob@example.com")],
        [],  # open to anyone
        [group("north"), group("south")],  # two tiers: only the first counts
    ]
    tasks: list[str] = []
    for i in range(21):
        if i % 3:
            clock.advance(1)  # some tasks share a millisecond: the id orders them
        headers = ria if i % 5 == 0 else None  # ria starts (owns) some
        _wf, task_id = start_human(
            api, human_workflow(f"flow{i}", assignments=offers[i % len(offers)]), headers
        )
        tasks.append(task_id)
    # ria claims a task offered to her group, then a task of bob's group is claimed by bob
    assert api.client.post(f"/api/human/tasks/{tasks[0]}/claim", headers=ria).status_code == 200
    bob = api.as_user("bob@example.com", "pw")
    assert api.client.post(f"/api/human/tasks/{tasks[2]}/claim", headers=bob).status_code == 200
    # one of ria's tasks is done
    clock.advance(1)
    assert api.client.post(f"/api/human/tasks/{tasks[1]}/claim", headers=ria).status_code == 200
    done = api.client.post(
        f"/api/human/tasks/{tasks[1]}/update?complete=true", json={}, headers=ria
    )
    assert done.status_code == 204, done.text

    for who in (ria, bob, api.admin):
        total, everything = _ids(api, who, {"size": 1000})
        assert total == len(everything) == len(set(everything))
        assert (total, everything) == _ids(api, who, {"size": 1000, "states": OPEN})
        for start in (0, 1, 4, total - 1, total, total + 3):
            for size in (1, 3, 7):
                page = {"start": max(start, 0), "size": size}
                assert _ids(api, who, page) == _ids(api, who, {**page, "states": OPEN})
                assert _ids(api, who, page)[1] == everything[max(start, 0) :][:size]
    assert tasks[1] not in _ids(api, ria, {"size": 1000})[1]
    assert tasks[0] in _ids(api, ria, {"size": 1000})[1]
