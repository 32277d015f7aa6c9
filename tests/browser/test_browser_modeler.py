"""Seed 004 from an empty diagram, all in the browser: the operator (an admin) draws start
event → user task "Decide what's for dinner" (offered to the clerks) → user task "Eat dinner"
(assigned to chef) → end event with the palette, the context pads and the properties panel; a
due date that is no date is marked on its element with deploy's message before
deploying; deploys; the draft saved on the server has no differences from the deployed
version; starts an instance; a clerk claims and completes the first task, the chef
the second; Operate shows the instance completed.

bpmn-js is driven through its stable selectors: the context pad's and the replace menu's
`data-action`/`data-id` entries, the properties panel's `bio-properties-panel-*` fields."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from browser_harness import (
    NewPage,
    Screenshots,
    filter_tab,
    form_field,
    sign_in,
    status_text,
    task_heading,
    task_link,
)
from browser_world import ADA, ANA, Person, World

pytestmark = pytest.mark.browser

CHEF = Person("chef", "Chef Cook")
DECIDE = "Decide what's for dinner"
EAT = "Eat dinner"


def _canvas(page: Page) -> Locator:
    return page.get_by_test_id("modeler-canvas")


def _selected(page: Page) -> Locator:
    return _canvas(page).locator(".djs-element.selected").first


def _context_action(page: Page, action: str) -> None:
    _canvas(page).locator(f'.djs-context-pad [data-action="{action}"]').click()


def _append_user_task(page: Page, name: str) -> None:
    """From the selected element: append a task, make it a user task, name it."""
    _context_action(page, "append.append-task")
    page.keyboard.press("Escape")  # leave the label's direct editing; the panel names it
    _context_action(page, "replace")
    page.locator('.djs-popup [data-id="replace-with-user-task"]').click()
    _panel_field(page, "general", "name").fill(name)
    expect(_selected(page)).to_contain_text(name)


def _panel_field(page: Page, group: str, field: str) -> Locator:
    """A properties panel field, opening its group first if it is closed."""
    entry = page.locator(f"#bio-properties-panel-{field}")
    if not entry.is_visible():
        page.locator(f'[data-group-id="group-{group}"] .bio-properties-panel-group-header').click()
    expect(entry).to_be_visible()
    return entry


def _complete_then_see_it_completed(page: Page, task_name: str, next_step: str) -> None:
    page.get_by_role("button", name="Complete Task", exact=True).click()
    expect(status_text(page, next_step).first).to_be_visible()
    filter_tab(page, "Completed").click()
    expect(filter_tab(page, "Completed")).to_have_attribute("aria-selected", "true")
    expect(task_link(page, task_name)).to_be_visible()


def _drag(page: Page, source: Locator, target: Locator) -> None:
    """A drag the form editor's drag and drop sees: press, move in steps, release."""
    start = source.bounding_box()
    end = target.bounding_box()
    assert start and end
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 20, steps=12)
    page.mouse.up()


def _embed_meal_form(page: Page) -> None:
    """The selected user task gets a form, built in the form editor, with one text field, "Meal"."""
    page.get_by_role("button", name="Task form…").click()
    dialog = page.get_by_role("dialog", name=re.compile("^Form of"))
    editor = dialog.get_by_test_id("embedded-form-editor")
    textfield = editor.locator('.fjs-palette-field[data-field-type="textfield"]')
    expect(textfield).to_be_visible()
    _drag(page, textfield, editor.locator(".fjs-drop-container-vertical").first)
    dialog.locator('[data-group-id="group-general"] .bio-properties-panel-group-header').click()
    label = dialog.locator("#bio-properties-panel-label")  # a FEEL-capable editor
    expect(label).to_be_visible()
    label.fill("Meal")
    dialog.locator("#bio-properties-panel-key").fill("meal")
    # the panel commits after a pause: wait until the form itself shows the label
    expect(editor.locator(".fjs-form-field-label").first).to_contain_text("Meal")
    dialog.get_by_role("button", name="Use in the task").click()
    expect(dialog).not_to_be_attached()


def _draw_dinner(page: Page, screenshot: Screenshots) -> str:
    """Draw the process; answers the first user task's element id."""
    start = _canvas(page).locator('.djs-element[data-element-id="StartEvent_1"]')
    expect(start).to_be_visible()
    start.click()
    _append_user_task(page, DECIDE)
    decide_id = _selected(page).get_attribute("data-element-id")
    assert decide_id
    _panel_field(page, "assignmentDefinition", "assignmentDefinitionCandidateGroups").fill("clerks")
    due = _panel_field(page, "assignmentDefinition", "taskScheduleDueDate")
    due.fill("next tuesday")
    badge = page.locator(f'.modeler-problem-badge[data-element-id="{decide_id}"]')
    expect(badge).to_be_visible()
    problems = page.get_by_role("region", name=re.compile("problem"))
    expect(problems).to_contain_text(f"element '{decide_id}' (userTask) dueDate")
    screenshot(page, "problem-marked-before-deploy")
    due.fill("")
    expect(badge).not_to_be_attached()
    _embed_meal_form(page)

    _append_user_task(page, EAT)
    assignee = _panel_field(page, "assignmentDefinition", "assignmentDefinitionAssignee")
    assignee.fill(CHEF.id)
    assignee.press("Tab")  # the panel commits the field; the context pad is drawn again
    expect(page.get_by_role("heading", name="No problems")).to_be_visible()
    _context_action(page, "append.end-event")
    expect(_canvas(page).locator('.djs-shape[data-element-id^="Event_"]')).to_have_count(1)
    expect(page.get_by_role("heading", name="No problems")).to_be_visible()
    screenshot(page, "diagram-drawn")
    return decide_id


def test_seed_004_from_an_empty_diagram(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.add_people((CHEF,))
    modeler = new_page()
    sign_in(modeler, ADA)
    modeler.goto("/modeler")
    _draw_dinner(modeler, screenshot)

    modeler.get_by_role("button", name="Deploy", exact=True).click()
    expect(modeler.get_by_role("status").filter(has_text="version 1")).to_be_visible()
    files = modeler.get_by_role("region", name="Drafts and versions")
    files.get_by_role("button", name="Compare with deployed").click()
    expect(files.get_by_label("Diff")).to_have_text("No differences.")
    expect(files.get_by_label("Open deployed").locator("option")).to_have_count(2)
    screenshot(modeler, "draft-same-as-deployed")
    modeler.get_by_role("button", name="Start instance").click()
    operate_link = modeler.get_by_role("link", name="View the instance in Operate")
    expect(operate_link).to_be_visible()
    screenshot(modeler, "deployed-and-started")
    operate_link.click()
    expect(modeler.get_by_text("Active", exact=True).first).to_be_visible()
    screenshot(modeler, "operate-instance-active")
    instance_url = modeler.url

    clerk = new_page()
    sign_in(clerk, ANA)
    filter_tab(clerk, "My groups").click()
    task_link(clerk, DECIDE).first.click()
    expect(task_heading(clerk, DECIDE)).to_be_visible()
    clerk.get_by_role("button", name="Claim", exact=True).click()
    expect(status_text(clerk, "Claimed by you").first).to_be_visible()
    form_field(clerk, "Meal").fill("Soup")
    _complete_then_see_it_completed(clerk, DECIDE, f"Handed to {CHEF.id}")
    screenshot(clerk, "clerk-completed-decide")

    chef = new_page()
    sign_in(chef, CHEF)
    filter_tab(chef, "Assigned to me").click()
    task_link(chef, EAT).first.click()
    expect(task_heading(chef, EAT)).to_be_visible()
    _complete_then_see_it_completed(chef, EAT, "Nothing more to do in this process")
    screenshot(chef, "chef-completed-eat")

    modeler.goto(instance_url)
    expect(modeler.get_by_text("Completed", exact=True).first).to_be_visible()
    expect(modeler.get_by_role("row").filter(has_text="meal")).to_contain_text('"Soup"')
    screenshot(modeler, "operate-instance-completed")


DINNER_FORM = {
    "id": "dinner-choice",
    "type": "default",
    "components": [
        {"type": "textfield", "key": "meal", "label": "Meal", "validate": {"required": True}}
    ],
}


def test_form_editor_opens_previews_and_deploys_a_form(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    page = new_page()
    sign_in(page, ADA)
    page.goto("/modeler/form")
    expect(page.get_by_test_id("form-editor").locator(".fjs-editor-container")).to_be_visible()
    page.get_by_text("Open file").locator("input[type=file]").set_input_files(
        files=[
            {
                "name": "dinner-choice.form",
                "mimeType": "application/json",
                "buffer": json.dumps(DINNER_FORM).encode(),
            }
        ]
    )
    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_label(re.compile("^Meal"))).to_be_visible()
    expect(page.get_by_role("heading", name="No problems")).to_be_visible()
    preview.get_by_label(re.compile("^Meal")).fill("Soup")
    preview.get_by_role("button", name="Try submitting").click()
    expect(page.get_by_label("Submitted data")).to_contain_text('"meal": "Soup"')
    screenshot(page, "form-previewed")
    page.get_by_role("button", name="Deploy", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="version 1")).to_contain_text(
        "Deployed form dinner-choice"
    )
    screenshot(page, "form-deployed")


def test_workflow_editor_draws_registers_and_starts_a_workflow(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    page = new_page()
    sign_in(page, ADA)
    page.goto("/modeler/workflow")
    graph = page.get_by_role("img", name="Workflow graph")
    expect(graph.locator('[data-element-id="review"]')).to_be_attached()
    source = page.get_by_label("Workflow definition (JSON)")
    source.fill('{"name": "meal_plan", "tasks": [{"type": "NOPE"}]}')
    expect(page.get_by_role("heading", name=re.compile("problem"))).to_be_visible()
    workflow = {
        "name": "meal_plan",
        "tasks": [{"name": "wait", "taskReferenceName": "wait_for_guests", "type": "WAIT"}],
    }
    source.fill(json.dumps(workflow))
    expect(graph.locator('[data-element-id="wait_for_guests"]')).to_be_attached()
    expect(page.get_by_role("heading", name="No problems")).to_be_visible()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status").filter(has_text="meal_plan version 1")).to_be_visible()
    page.get_by_role("button", name="Start workflow").click()
    expect(page.get_by_role("link", name="View the instance in Operate")).to_be_visible()
    screenshot(page, "workflow-registered-and-started")


GUESTS_FORM = {
    "id": "guests-form",
    "type": "default",
    "components": [
        {"type": "textfield", "key": "guests", "label": "Guests", "validate": {"required": True}}
    ],
}
PARTY = """<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
    xmlns:di="http://www.omg.org/spec/DD/20100524/DI"
    xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
  <bpmn:process id="party" name="Party" isExecutable="true">
    <bpmn:startEvent id="start">
      <bpmn:extensionElements><zeebe:formDefinition formId="guests-form"/></bpmn:extensionElements>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="party">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start">
      <dc:Bounds x="100" y="100" width="36" height="36"/>
    </bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end">
      <dc:Bounds x="250" y="100" width="36" height="36"/>
    </bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1">
      <di:waypoint x="136" y="118"/><di:waypoint x="250" y="118"/>
    </bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
"""


def test_start_from_the_modeler_through_the_start_form(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    world.deploy_resources({"guests.form": json.dumps(GUESTS_FORM), "party.bpmn": PARTY})
    page = new_page()
    sign_in(page, ADA)
    page.goto("/modeler?process=party&version=1")
    expect(_canvas(page).locator('[data-element-id="start"]')).to_be_attached()
    page.get_by_role("button", name="Deploy", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Deployed party version")).to_be_visible()
    start = page.get_by_role("region", name="Start an instance")
    form_field(start, "Guests").fill("12")
    expect(start.get_by_label("Variables (JSON)")).to_have_count(0)
    start.get_by_role("button", name="Start instance").click()
    expect(page.get_by_role("link", name="View the instance in Operate")).to_be_visible()
    screenshot(page, "started-through-the-start-form")


def test_template_editor_previews_and_saves_an_orkes_form_template(
    new_page: NewPage, world: World, screenshot: Screenshots
) -> None:
    page = new_page()
    sign_in(page, ADA)
    page.goto("/modeler/template")
    expect(page.get_by_role("heading", name="Form template editor")).to_be_visible()
    page.get_by_label("Template name").fill("dinner_order")
    page.get_by_label("JSON Schema", exact=True).fill('{"type": "object",')
    expect(page.get_by_text(re.compile("JSON Schema is not valid JSON"))).to_be_visible()
    schema = {
        "type": "object",
        "properties": {"dish": {"type": "string", "title": "Dish"}},
        "required": ["dish"],
    }
    page.get_by_label("JSON Schema", exact=True).fill(json.dumps(schema))
    page.get_by_label("UI schema", exact=True).fill(
        json.dumps(
            {
                "type": "VerticalLayout",
                "elements": [{"type": "Control", "scope": "#/properties/dish"}],
            }
        )
    )
    preview = page.get_by_role("region", name="Preview")
    preview.get_by_label(re.compile("^Dish")).fill("Soup")
    expect(page.get_by_label("Preview data")).to_contain_text('"dish": "Soup"')
    expect(page.get_by_role("heading", name="No problems")).to_be_visible()
    screenshot(page, "template-previewed")
    page.get_by_role("button", name="Save version").click()
    expect(page.get_by_role("status").filter(has_text="dinner_order version 1")).to_contain_text(
        "Saved template"
    )
    saved = world.http.get("/api/human/template/dinner_order/1")
    assert saved.status_code == 200, saved.text
    assert saved.json()["jsonSchema"] == schema
    assert saved.json()["templateUI"]["elements"][0]["scope"] == "#/properties/dish"
