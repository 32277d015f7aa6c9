import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import type { InstanceDetail } from "./api";
import { mockFetch, renderOperate } from "./testing";

afterEach(() => vi.restoreAllMocks());

const XML = `<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <bpmn:process id="leave">
    <bpmn:startEvent id="start"/>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <bpmn:userTask id="review" name="Review request"/>
  </bpmn:process>
</bpmn:definitions>`;

function detail(overrides: Partial<InstanceDetail> = {}): InstanceDetail {
  return {
    id: "77",
    definition: "leave",
    version: 1,
    state: "INCIDENT",
    startedAt: 1_700_000_000_000,
    endedAt: null,
    startedBy: "ria",
    parentId: null,
    label: "Leave request",
    kind: "bpmn",
    children: [],
    activeElements: ["review"],
    passedElements: ["start", "f1"],
    history: [
      { key: "1", elementId: "start", name: "start", type: "start", state: "COMPLETED", startedAt: 1, endedAt: 2 },
      { key: "2", elementId: "review", name: "Review request", type: "user_task", state: "ACTIVE", startedAt: 2, endedAt: null },
    ],
    variables: [{ name: "days", value: 3 }],
    incidents: [
      {
        key: "9",
        kind: "JOB_NO_RETRIES",
        message: "printer on fire",
        state: "ACTIVE",
        elementId: "ship",
        createdAt: 5,
        retryable: true,
      },
    ],
    tasks: [
      { id: "t1", name: "Review request", elementId: "review", state: "IN_PROGRESS", holder: "ria", candidates: ["reviewers"], createdAt: 3 },
    ],
    mayCancel: true,
    mayEditVariables: true,
    ...overrides,
  };
}

function routes(data: InstanceDetail) {
  return {
    "GET /api/web/operate/instances/77": () => ({ status: 200, body: data }),
    "GET /api/web/diagram/leave": () => ({ status: 200, body: { kind: "bpmn", xml: XML } }),
    "POST /api/web/operate/instances/77/cancel": () => ({ status: 204 }),
    "POST /api/web/operate/instances/77/incidents/9/resolve": () => ({ status: 204 }),
    "PUT /api/web/operate/instances/77/variables/days": () => ({ status: 204 }),
  };
}

test("the instance view shows state, token, history, tasks, incidents and variables", async () => {
  mockFetch(routes(detail()));
  const { container } = renderOperate("/operate/instances/77");
  expect(await screen.findByText("Incident")).toBeInTheDocument();
  expect(screen.getByRole("heading", { level: 1, name: "Instance 77" })).toBeInTheDocument();
  await screen.findByRole("img", { name: "Process diagram: leave version 1" });
  expect(container.querySelector('[data-element-id="review"]')).toHaveClass("token-active");
  expect(container.querySelector('[data-element-id="start"]')).toHaveClass("token-passed");
  const tasks = screen.getByRole("region", { name: "Tasks" });
  expect(within(tasks).getByRole("link", { name: "Review request" })).toHaveAttribute("href", "/tasklist/t1");
  expect(tasks).toHaveTextContent("Holder: ria");
  const history = screen.getByRole("region", { name: "History" });
  expect(history).toHaveTextContent("waiting here");
  const variables = screen.getByRole("table", { name: "Variables" });
  expect(within(variables).getByText("3")).toBeInTheDocument();
}, 30_000);

test("retry, edit a variable and cancel after confirming", async () => {
  const asked = mockFetch(routes(detail()));
  renderOperate("/operate/instances/77");
  await userEvent.click(await screen.findByRole("button", { name: "Retry" }));
  expect(await screen.findByText("Retried")).toBeInTheDocument();
  expect(asked.find((a) => a.url.endsWith("/resolve"))?.body).toEqual({ retry: true });

  await userEvent.click(screen.getByRole("button", { name: /Edit/ }));
  const box = screen.getByRole("textbox", { name: "Value of days" });
  await userEvent.clear(box);
  await userEvent.type(box, "not json");
  await userEvent.click(screen.getByRole("button", { name: "Save" }));
  expect(box).toHaveAttribute("aria-invalid", "true");
  await userEvent.clear(box);
  await userEvent.type(box, "5");
  await userEvent.click(screen.getByRole("button", { name: "Save" }));
  expect(await screen.findByText("Saved days")).toBeInTheDocument();
  expect(asked.find((a) => a.method === "PUT")?.body).toEqual({ value: 5 });

  await userEvent.click(screen.getByRole("button", { name: "Cancel instance" }));
  const dialog = screen.getByRole("dialog", { name: "Cancel instance 77?" });
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(screen.getByRole("button", { name: "Cancel instance" })).toHaveFocus();
  await userEvent.click(screen.getByRole("button", { name: "Cancel instance" }));
  expect(dialog).not.toBeInTheDocument();
  await userEvent.click(within(screen.getByRole("dialog")).getByRole("button", { name: "Cancel instance" }));
  expect(await screen.findByText("Canceled")).toBeInTheDocument();
  expect(asked.some((a) => a.method === "POST" && a.url.endsWith("/77/cancel"))).toBe(true);
}, 30_000);

test("non-admins get no Edit; an ended instance has no Cancel", async () => {
  mockFetch(routes(detail({ mayEditVariables: false, mayCancel: false, state: "COMPLETED", incidents: [] })));
  renderOperate("/operate/instances/77");
  await screen.findByRole("table", { name: "Variables" });
  expect(screen.getByText("Completed")).toBeInTheDocument();
  expect(screen.queryByRole("button", { name: /Edit/ })).toBeNull();
  expect(screen.queryByRole("button", { name: "Cancel instance" })).toBeNull();
  expect(screen.getByText("No incidents.")).toBeInTheDocument();
}, 30_000);

test("an instance one may not see is not found", async () => {
  mockFetch({ "GET /api/web/operate/instances/77": () => ({ status: 404, body: { message: "gone" } }) });
  renderOperate("/operate/instances/77");
  expect(await screen.findByRole("alert")).toHaveTextContent("Not found");
  expect(screen.getByRole("heading", { level: 1, name: "Instance 77" })).toBeInTheDocument();
}, 30_000);
