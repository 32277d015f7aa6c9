"""axe-core on every page of the app: no serious or critical violation; and at phone width
(360 px) no page is wider than the screen. All pages are checked before the test fails, so
one run names every problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Error, Page, expect

from browser_harness import (
    NewPage,
    Screenshots,
    axe_violations,
    filter_tab,
    form_field,
    horizontal_overflow,
    sign_in,
    status_text,
    task_heading,
    task_link,
)
from browser_world import ADA, ANA, ENTER_CODE, ORDER_PROCESS, ORDER_PROCESS_NAME, World

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@dataclass(frozen=True)
class Screen:
    name: str
    reach: Callable[[Page], None]  # go there and wait until it is drawn


def _tasklist(page: Page) -> None:
    page.goto("/tasklist")
    filter_tab(page, "My groups").click()
    expect(task_link(page, ENTER_CODE[1])).to_be_visible()


def _task_with_form(page: Page) -> None:
    _tasklist(page)
    task_link(page, ENTER_CODE[1]).click()
    expect(task_heading(page, ENTER_CODE[1])).to_be_visible()
    claim = page.get_by_role("button", name="Claim", exact=True)
    if claim.is_visible() and claim.is_enabled():
        claim.click()
        expect(status_text(page, "Claimed by you").first).to_be_visible()
    expect(form_field(page, "Order code")).to_be_editable()


def _heading(path: str, name: str | re.Pattern[str]) -> Callable[[Page], None]:
    def reach(page: Page) -> None:
        page.goto(path)
        expect(page.get_by_role("heading", name=name).first).to_be_visible()

    return reach


def _check(page: Page, screen: Screen, screenshot: Screenshots, problems: list[str]) -> None:
    page.set_viewport_size(DESKTOP)
    try:
        screen.reach(page)
    except (AssertionError, Error) as failure:
        problems.append(f"{screen.name}: not drawn: {str(failure).splitlines()[0]}")
        screenshot(page, f"{screen.name}-not-drawn")
        return
    screenshot(page, screen.name)
    found = axe_violations(page)
    if found:
        problems.append(f"{screen.name}: axe serious/critical violations:\n{found}")
    page.set_viewport_size(PHONE)
    page.wait_for_function("() => document.documentElement.clientWidth <= 360")
    overflow = horizontal_overflow(page)
    if overflow:
        problems.append(f"{screen.name}: {overflow} px wider than a 360 px screen")
    screenshot(page, f"{screen.name}-360px")


def test_every_page_is_accessible_and_fits_a_phone(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.deploy_order_process()
    instance_id = world.start_order(customer="Axe & Sons")
    problems: list[str] = []

    visitor = new_page()
    _check(visitor, Screen("sign-in", _heading("/login", "Sign in")), screenshot, problems)

    clerk = new_page()
    sign_in(clerk, ANA)
    for screen in (
        Screen("tasklist", _tasklist),
        Screen("task-detail-with-form", _task_with_form),
    ):
        _check(clerk, screen, screenshot, problems)

    admin = new_page()
    sign_in(admin, ADA)
    for screen in (
        Screen("start-process", _heading("/processes", "Start a process")),
        Screen("operate-dashboard", _heading("/operate", "Operate")),
        Screen(
            "operate-process",
            _heading(f"/operate/processes/{ORDER_PROCESS}", ORDER_PROCESS_NAME),
        ),
        Screen(
            "operate-instance",
            _heading(f"/operate/instances/{instance_id}", re.compile(re.escape(instance_id))),
        ),
        Screen("modeler", _heading("/modeler", "Modeler")),
        Screen("form-editor", _heading("/modeler/form", "Form editor")),
        Screen("workflow-editor", _heading("/modeler/workflow", "Workflow editor")),
        Screen("template-editor", _heading("/modeler/template", "Form template editor")),
    ):
        _check(admin, screen, screenshot, problems)

    assert not problems, "\n".join(problems)
