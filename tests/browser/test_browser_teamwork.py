"""Two people in two browsers: a task offered to a clerk's group appears in the open list
without a reload, a task claimed by the other clerk leaves "My groups" at once, and two clerks
clicking Claim on one task at the same moment: one wins, the other sees who holds it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, Request, expect

from browser_harness import (
    NewPage,
    Screenshots,
    filter_tab,
    sign_in,
    status_text,
    task_heading,
    task_link,
    task_list,
)
from browser_world import ANA, BEN, ENTER_CODE, Person, World

pytestmark = pytest.mark.browser
TASK = ENTER_CODE[1]


def _my_groups(page: Page, person: Person) -> None:
    sign_in(page, person)
    filter_tab(page, "My groups").click()
    expect(filter_tab(page, "My groups")).to_have_attribute("aria-selected", "true")


def _items(page: Page) -> object:
    return task_list(page).get_by_role("listitem")


def _count_post(posted: dict[str, int], key: str, request: Request) -> None:
    if request.method == "POST":
        posted[key] += 1


def test_new_and_claimed_tasks_update_the_open_list_without_reload(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.deploy_order_process()
    world.start_order(customer="Shared first")
    ana, ben = new_page(), new_page()
    _my_groups(ana, ANA)
    _my_groups(ben, BEN)
    expect(task_link(ana, TASK)).to_have_count(1)
    expect(task_link(ben, TASK)).to_have_count(1)
    ana.evaluate("() => { window.__notReloaded = true; }")
    screenshot(ana, "ana-one-task")

    world.start_order(customer="Arrives live")
    expect(task_link(ana, TASK)).to_have_count(2)
    assert ana.evaluate("() => window.__notReloaded === true"), "the page was reloaded"
    screenshot(ana, "ana-new-task-arrived")

    expect(task_link(ben, TASK)).to_have_count(2)
    task_link(ben, TASK).first.click()
    expect(task_heading(ben, TASK)).to_be_visible()
    ben.get_by_role("button", name="Claim", exact=True).click()
    expect(status_text(ben, "Claimed by you").first).to_be_visible()
    screenshot(ben, "ben-claimed-one")

    expect(task_link(ana, TASK)).to_have_count(1)
    assert ana.evaluate("() => window.__notReloaded === true"), "the page was reloaded"
    screenshot(ana, "ana-claimed-task-left")


def test_two_clerks_claim_one_task_at_once_one_wins(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.deploy_order_process()
    world.start_order(customer="Raced")
    people = {"ana": (ANA, new_page()), "ben": (BEN, new_page())}
    for person, page in people.values():
        _my_groups(page, person)
        task_link(page, TASK).click()
        expect(task_heading(page, TASK)).to_be_visible()
        expect(page.get_by_role("button", name="Claim", exact=True)).to_be_enabled()
        screenshot(page, f"{person.id}-task-open")

    # Arm both clicks for the same instant, then await both outcomes.
    posted: dict[str, int] = {key: 0 for key in people}
    for key, (_person, page) in people.items():
        page.on("request", lambda request, key=key: _count_post(posted, key, request))
    first_page = people["ana"][1]
    at = first_page.evaluate("() => Date.now() + 500")
    for _person, page in people.values():
        page.get_by_role("button", name="Claim", exact=True).evaluate(
            "(button, at) => { setTimeout(() => button.click(), Math.max(0, at - Date.now())); }",
            at,
        )
    outcomes: dict[str, str] = {}
    for key, (person, page) in people.items():
        said = status_text(page, re.compile(r"Claimed by")).first
        expect(said).to_be_visible()
        outcomes[key] = said.inner_text()
        screenshot(page, f"{person.id}-after-race")

    assert all(posted.values()), f"each Claim must reach the server: {posted}"
    winners = [key for key, text in outcomes.items() if "Claimed by you" in text]
    assert len(winners) == 1, outcomes
    (loser,) = set(people) - set(winners)
    winner = people[winners[0]][0]
    assert re.search(rf"Claimed by {winner.shown_as}", outcomes[loser]), outcomes
