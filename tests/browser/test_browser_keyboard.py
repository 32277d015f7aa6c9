"""Keyboard only: sign in, open the shortcuts help, pick a task from "My groups", claim it,
fill its form and complete it without a single click."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from browser_harness import (
    NewPage,
    Screenshots,
    filter_tab,
    form_field,
    sections,
    status_text,
    task_heading,
    task_link,
)
from browser_world import ANA, CONFIRM_ORDER, ENTER_CODE, World

pytestmark = pytest.mark.browser
MAX_TABS = 60


def _is_focused(target: Locator) -> bool:
    return bool(target.count()) and bool(
        target.first.evaluate("element => element === document.activeElement")
    )


def _tab_to(page: Page, target: Locator, *, or_arrow_from: Locator | None = None) -> None:
    """Press Tab until `target` has the focus. In a tablist with a roving tab stop only the
    selected tab is reached by Tab: from `or_arrow_from`, ArrowRight moves on to `target`."""
    for _ in range(MAX_TABS):
        if _is_focused(target):
            return
        if or_arrow_from is not None and _is_focused(or_arrow_from):
            page.keyboard.press("ArrowRight")
            continue
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {target}")


def test_claim_and_complete_with_the_keyboard_only(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.deploy_order_process()
    world.start_order(customer="Keys & Co")
    page = new_page()
    page.goto("/login")
    expect(page.get_by_label("User")).to_be_focused()
    page.keyboard.type(ANA.id)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(ANA.password)
    page.keyboard.press("Enter")
    expect(sections(page)).to_be_visible()
    screenshot(page, "signed-in")

    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(help_dialog).to_be_visible()
    screenshot(page, "shortcuts-help")
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    my_groups = filter_tab(page, "My groups")
    _tab_to(page, my_groups, or_arrow_from=filter_tab(page, "Assigned to me"))
    page.keyboard.press("Enter")
    expect(my_groups).to_have_attribute("aria-selected", "true")
    expect(task_link(page, ENTER_CODE[1])).to_be_visible()  # j moves over what is listed
    screenshot(page, "my-groups")

    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(task_heading(page, ENTER_CODE[1])).to_be_visible()
    page.keyboard.press("c")
    expect(status_text(page, "Claimed by you").first).to_be_visible()
    screenshot(page, "claimed")

    field = form_field(page, "Order code")
    expect(field).to_be_editable()
    _tab_to(page, field)
    page.keyboard.type("KB-2024")
    screenshot(page, "form-filled")
    page.keyboard.press("Control+Enter")
    expect(task_heading(page, CONFIRM_ORDER[1])).to_be_visible()
    screenshot(page, "completed-next-task-open")
