"""Searches count their hits up to the search count cap (10,000; 5 here): past it the Orkes
search answers `totalHits` = the cap, the Camunda search `page.totalItems` = the cap with
`hasMoreTotalItems: true`, the web Tasklist `totalCapped: true`; every page past the cap is
still there, and a count within the cap is exact (a task offered to two of the caller's
groups counts once)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from human_helpers import group, human_workflow, start_human

from api.camunda.user_task_helpers import People, deploy, search, start
from api.web.web_helpers import WebUser
from baton.services.context import ServiceContext
from baton.settings import Settings

from support import Api

CAP = 5


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, search_count_cap=CAP)


def _orkes(api: Api, headers: dict[str, str], **body: Any) -> tuple[int, list[str]]:
    response = api.client.post("/api/human/tasks/search", json=body, headers=headers)
    assert response.status_code == 200, response.text
    found = response.json()
    return found["totalHits"], [r["taskId"] for r in found["results"]]


def _offer(api: Api, name: str, assignments: list[dict[str, Any]]) -> str:
    return start_human(api, human_workflow(name, assignments=assignments))[1]


def test_orkes_inbox_counts_up_to_the_cap_and_pages_past_it(api: Api) -> None:
    api.create_group("north")
    api.create_group("south")
    ria = api.create_user("ria@example.com", groups=["north", "south"])
    tasks = [_offer(api, f"flow{i}", [group("north" if i % 2 else "south")]) for i in range(4)]
    assert _orkes(api, ria, size=100) == (4, tasks[::-1])  # within the cap: exact

    tasks.append(_offer(api, "flow4", [group("north")]))
    assert _orkes(api, ria, size=100)[0] == CAP  # exactly the cap: exact too

    tasks += [_offer(api, f"flow{i}", [group("south")]) for i in (5, 6)]
    total, everything = _orkes(api, ria, size=100)
    assert total == CAP and everything == tasks[::-1]  # 7 match: capped, all are listed
    pages = [_orkes(api, ria, start=start, size=2) for start in range(0, 8, 2)]
    assert {t for t, _ in pages} == {CAP}
    assert [task for _, page in pages for task in page] == everything
    assert _orkes(api, ria, start=6, size=5) == (CAP, everything[6:])
    tasks += [_offer(api, f"flow{i}", [group("south")]) for i in (7, 8)]  # south alone > CAP
    assert _orkes(api, ria, size=100) == (CAP, tasks[::-1])
    everything = tasks[::-1]

    # the general search (any filter) counts the same way
    assert _orkes(api, ria, size=100, states=["ASSIGNED"]) == (CAP, everything)
    assert _orkes(api, api.admin, size=100, searchType="ADMIN")[0] == CAP
    assert _orkes(api, ria, size=3, taskRefNames=["approve_ref"], start=6)[1] == everything[6:]


def test_a_task_offered_to_the_caller_and_their_group_counts_once(api: Api) -> None:
    People(api)
    dora = api.create_user("dora", groups=["sales"])  # the model offers to dora and sales
    deploy(api)
    for _ in range(CAP):
        start(api)
    total, tasks = _orkes(api, dora, size=100)
    assert total == len(tasks) == len(set(tasks)) == CAP
    assert _orkes(api, dora, size=100, states=["ASSIGNED"]) == (CAP, tasks)
    found = search(api, dora, page={"limit": 100})
    assert found["page"]["totalItems"] == CAP and found["page"]["hasMoreTotalItems"] is False


def test_camunda_user_task_search_flags_a_capped_total(api: Api) -> None:
    people = People(api)
    deploy(api)
    for _ in range(CAP):
        start(api)
    exact = search(api, people.ann, page={"limit": 100})
    assert exact["page"]["totalItems"] == CAP and exact["page"]["hasMoreTotalItems"] is False
    for _ in range(2):
        start(api)
    for who in (people.ann, api.admin):
        found = search(api, who, page={"limit": 100})
        assert len(found["items"]) == CAP + 2
        assert found["page"]["totalItems"] == CAP and found["page"]["hasMoreTotalItems"] is True
        past = search(api, who, page={"from": 4, "limit": 10})
        assert [t["userTaskKey"] for t in past["items"]] == [
            t["userTaskKey"] for t in found["items"][4:]
        ]
        assert past["page"]["hasMoreTotalItems"] is True
        after = search(api, who, page={"limit": 3, "after": past["page"]["startCursor"]})
        assert [t["userTaskKey"] for t in after["items"]] == [
            t["userTaskKey"] for t in found["items"][5:]
        ]
    narrow = search(api, people.ann, filter={"elementId": "ship"})
    assert narrow["page"] == {
        **narrow["page"],
        "totalItems": 0,
        "hasMoreTotalItems": False,
    }


def test_web_tasklist_says_its_total_is_capped(api: Api) -> None:
    People(api)
    deploy(api)
    for _ in range(CAP + 1):
        start(api)
    ann = WebUser(api, "ann")
    found = ann.client.get("/api/web/tasks", params={"view": "groups"})
    assert found.status_code == 200, found.text
    page = found.json()
    assert len(page["items"]) == CAP + 1
    assert page["total"] == CAP and page["totalCapped"] is True and page["nextCursor"] is None


def test_every_cap_counts_the_same_tasks(api: Api, ctx: ServiceContext) -> None:
    """The count's shortcut (one source alone beyond the cap) and its distinct count agree
    with the tasks listed, for every cap around the sizes of the sources."""
    api.create_group("north")
    api.create_group("south")
    ria = api.create_user("ria@example.com", groups=["north", "south"])
    for i in range(3):
        _offer(api, f"north{i}", [group("north")])
    for i in range(4):
        _offer(api, f"south{i}", [group("south")])
    _offer(api, "anyone", [])
    everything = _orkes(api, ria, size=100)[1]
    assert len(everything) == 8
    for cap in range(1, 11):
        ctx.settings = replace(ctx.settings, search_count_cap=cap)
        assert _orkes(api, ria, size=100) == (min(cap, 8), everything)
        found = _orkes(api, ria, size=100, states=["ASSIGNED", "PENDING"])
        assert found == (min(cap, 8), everything)
