"""Signing in and out in the browser; an ended session returns to the sign-in page and, after
signing in again, to the same place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from browser_harness import NewPage, Screenshots, assert_accessible, sections, sign_in
from browser_world import ANA, ORDER_PROCESS, World

pytestmark = pytest.mark.browser


def _end_session(page: Page) -> None:
    """End the browser's session on the server, as an expiry would: DELETE /api/web/session
    from the page's own context (its cookie, its CSRF token)."""
    csrf = page.request.get("/api/web/session").json()["csrfToken"]
    ended = page.request.delete("/api/web/session", headers={"X-CSRF-Token": csrf})
    assert ended.status == 204, ended.text()
    assert page.request.get("/api/web/session").status == 401


def test_sign_in_page_is_accessible(new_page: NewPage, screenshot: Screenshots) -> None:
    page = new_page()
    page.goto("/tasklist")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Ftasklist"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "sign-in")
    assert_accessible(page, "the sign-in page")

    page.get_by_label("User").fill("ana")
    page.get_by_label("Password").fill("not her password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong user or password.")
    screenshot(page, "wrong-password")
    assert_accessible(page, "the sign-in page with an error")


def test_sign_out_returns_to_sign_in(new_page: NewPage, screenshot: Screenshots) -> None:
    page = new_page()
    sign_in(page, ANA)
    expect(page).to_have_url(re.compile(r"/tasklist"))
    screenshot(page, "signed-in")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login"))
    assert page.request.get("/api/web/session").status == 401
    screenshot(page, "signed-out")

    page.goto("/operate")  # still signed out: the app asks to sign in first
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_ended_session_signs_in_again_and_returns_to_the_same_place(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.deploy_order_process()
    place = f"/operate/processes/{ORDER_PROCESS}?version=1"
    page = new_page()
    sign_in(page, ANA)
    page.goto(place)
    expect(sections(page)).to_be_visible()
    screenshot(page, "at-the-place")

    _end_session(page)
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login\?"))
    screenshot(page, "asked-to-sign-in")

    sign_in(page, ANA, at="")
    expect(page).to_have_url(world.base_url + place)
    screenshot(page, "back-at-the-place")


def test_session_ending_while_working_says_so(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    """The session ends while the page is open: the next request the page makes (here the
    Tasklist loading its tasks) answers 401, and the app sends the user to sign in with a
    notice, then back to where they were going."""
    page = new_page()
    sign_in(page, ANA)
    page.goto("/operate")
    expect(page.get_by_role("heading", name="Operate", level=1)).to_be_visible()
    _end_session(page)

    sections(page).get_by_role("link", name="Tasklist").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Your session ended")
    screenshot(page, "session-ended-notice")

    sign_in(page, ANA, at="")
    expect(page).to_have_url(re.compile(r"/tasklist"))
    expect(page.get_by_role("tablist", name="Task filters")).to_be_visible()
    screenshot(page, "back-in-tasklist")
