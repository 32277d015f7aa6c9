"""Seed 004 end to end in the browser, for a BPMN process and for a Conductor workflow.

The process is deployed and started through the API (as the admin key); from then on
everything happens in the browser, in two windows: an operator (an admin) watches Operate and
a clerk (a member of the candidate group, who may not see the instance in Operate) works the
Tasklist. Operate shows the token at the first user task; in the Tasklist the clerk opens the
task, claims it, an invalid value is refused on the field by the server, fixes it, Complete
Task, the next task of the same instance opens, the Completed filter shows the first task;
Operate shows the token moved on; the clerk completes the second task and Operate shows the
instance Completed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, Response, expect

from browser_harness import (
    NewPage,
    Screenshots,
    filter_tab,
    form_field,
    sections,
    sign_in,
    status_text,
    task_heading,
    task_link,
    token_at,
)
from browser_world import (
    ADA,
    ANA,
    CONFIRM_ORDER,
    ENTER_CODE,
    ORDER_CODE_ERROR,
    PAY_REFUND,
    REFUND_LIMIT_ERROR,
    REVIEW_REFUND,
    World,
)

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Journey:
    instance_id: str
    first: tuple[str, str]  # (element id, task name)
    second: tuple[str, str]
    field: str  # the label of the field the clerk fills in the first task
    invalid: str
    error: str  # the server's message for `invalid`
    valid: str
    on_first_task: Callable[[Page], None] = lambda page: None


def _refused(response: Response) -> bool:
    """The server's answer to a form sent with an invalid value."""
    return response.request.method == "POST" and response.status == 400


def _open_from_my_groups(page: Page, task_name: str) -> None:
    sections(page).get_by_role("link", name="Tasklist").click()
    filter_tab(page, "My groups").click()
    expect(filter_tab(page, "My groups")).to_have_attribute("aria-selected", "true")
    task_link(page, task_name).first.click()
    expect(task_heading(page, task_name)).to_be_visible()


def _operate_instance(page: Page, instance_id: str) -> None:
    page.goto(f"/operate/instances/{instance_id}")
    expect(page.get_by_role("heading", name=re.compile(re.escape(instance_id)))).to_be_visible()


def walk(clerk: Page, operator: Page, journey: Journey, screenshot: Screenshots) -> None:
    first_id, first_name = journey.first
    second_id, second_name = journey.second
    sign_in(operator, ADA)
    sign_in(clerk, ANA)
    screenshot(clerk, "clerk-signed-in")

    _operate_instance(operator, journey.instance_id)
    expect(token_at(operator, first_id)).to_be_attached()
    expect(operator.get_by_text("Active", exact=True).first).to_be_visible()
    screenshot(operator, "operate-token-at-first-task")

    _open_from_my_groups(clerk, first_name)
    expect(clerk.get_by_text("Unassigned", exact=True).first).to_be_visible()
    journey.on_first_task(clerk)
    screenshot(clerk, "first-task-open")

    clerk.get_by_role("button", name="Claim", exact=True).click()
    expect(status_text(clerk, "Claimed by you").first).to_be_visible()
    screenshot(clerk, "claimed")

    field = form_field(clerk, journey.field)
    field.fill(journey.invalid)
    with clerk.expect_response(_refused) as refusal:
        clerk.get_by_role("button", name="Complete Task", exact=True).click()
    assert refusal.value.status == 400
    expect(clerk.get_by_text(journey.error).first).to_be_visible()
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(task_heading(clerk, first_name)).to_be_visible()
    screenshot(clerk, "invalid-value-refused")

    field.fill(journey.valid)
    clerk.get_by_role("button", name="Complete Task", exact=True).click()
    expect(task_heading(clerk, second_name)).to_be_visible()
    screenshot(clerk, "next-task-opened")

    filter_tab(clerk, "Completed").click()
    expect(filter_tab(clerk, "Completed")).to_have_attribute("aria-selected", "true")
    expect(task_link(clerk, first_name)).to_be_visible()
    screenshot(clerk, "completed-filter")

    _operate_instance(operator, journey.instance_id)
    expect(token_at(operator, second_id)).to_be_attached()
    expect(token_at(operator, first_id)).not_to_be_attached()
    expect(token_at(operator, first_id, "token-passed")).to_be_attached()
    screenshot(operator, "operate-token-moved-on")

    _open_from_my_groups(clerk, second_name)
    clerk.get_by_role("button", name="Claim", exact=True).click()
    expect(status_text(clerk, "Claimed by you").first).to_be_visible()
    clerk.get_by_role("button", name="Complete Task", exact=True).click()
    expect(status_text(clerk, "Nothing more to do in this process").first).to_be_visible()
    screenshot(clerk, "second-task-completed")

    _operate_instance(operator, journey.instance_id)
    expect(operator.get_by_text("Completed", exact=True).first).to_be_visible()
    expect(token_at(operator, second_id)).not_to_be_attached()
    expect(token_at(operator, second_id, "token-passed")).to_be_attached()
    screenshot(operator, "operate-instance-completed")


def test_seed_004_journey_for_a_bpmn_process(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.deploy_order_process()
    journey = Journey(
        instance_id=world.start_order(customer="Corvid & Co"),
        first=ENTER_CODE,
        second=CONFIRM_ORDER,
        field="Order code",
        invalid="ab1234",
        error=ORDER_CODE_ERROR,
        valid="AB-1234",
    )
    walk(new_page(), new_page(), journey, screenshot)


def _two_escalation_tiers(page: Page) -> None:
    """The review is offered to the clerks for 30 minutes, then to the supervisors."""
    tiers = page.get_by_role("list", name="Escalation tiers")
    expect(tiers.get_by_role("listitem")).to_have_count(2)
    current = tiers.locator('[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_contain_text(re.compile("clerks", re.IGNORECASE))
    expect(tiers.get_by_role("listitem").nth(1)).to_contain_text(
        re.compile("supervisors", re.IGNORECASE)
    )
    expect(page.get_by_text(re.compile(r"Next tier in")).first).to_be_visible()


def test_seed_004_journey_for_a_conductor_workflow_with_escalation_tiers(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.register_refund_workflow()
    journey = Journey(
        instance_id=world.start_refund(customer="Corvid & Co", amount=120),
        first=REVIEW_REFUND,
        second=PAY_REFUND,
        field="Refund amount",
        invalid="900",
        error=REFUND_LIMIT_ERROR,
        valid="250",
        on_first_task=_two_escalation_tiers,
    )
    walk(new_page(), new_page(), journey, screenshot)
