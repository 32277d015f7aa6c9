import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import type { Instance, ProcessSummary } from "./api";
import { mockFetch, renderOperate } from "./testing";

afterEach(() => vi.restoreAllMocks());

const counts = { active: 2, incident: 0, completed: 0, canceled: 0 };
const FLOW: ProcessSummary = {
  name: "order_flow",
  label: "order_flow",
  kind: "workflow",
  description: null,
  latestVersion: 2,
  versions: [
    { version: 2, counts },
    { version: 1, counts: { ...counts, active: 0 } },
  ],
  counts,
};
const GRAPH = {
  kind: "workflow",
  nodes: [
    { id: "$start", name: "Start", type: "START" },
    { id: "check", name: "Check order", type: "HUMAN" },
    { id: "$end", name: "End", type: "END" },
  ],
  edges: [
    { from: "$start", to: "check" },
    { from: "check", to: "$end" },
  ],
};
const row = (id: string): Instance => ({
  id,
  definition: "order_flow",
  version: 2,
  state: "ACTIVE",
  startedAt: 1_700_000_000_000,
  endedAt: null,
  startedBy: "ria",
  parentId: null,
});

function routes(instances: Instance[]) {
  return {
    "GET /api/web/operate/processes": () => ({ status: 200, body: { items: [FLOW] } }),
    "GET /api/web/diagram/order_flow": () => ({ status: 200, body: GRAPH }),
    "GET /api/web/operate/processes/order_flow/elements": () => ({
      status: 200,
      body: { items: [{ elementId: "check", active: 2, incidents: 0, completed: 0 }] },
    }),
    "GET /api/web/operate/instances": () => ({
      status: 200,
      body: { total: instances.length, offset: 0, limit: 50, items: instances },
    }),
    "POST /api/web/operate/instances/cancel": () => ({
      status: 200,
      body: {
        results: [
          { id: "a1", ok: true, status: 200, message: "Canceled" },
          { id: "b2", ok: false, status: 409, message: "Process instance b2 has ended already" },
        ],
      },
    }),
  };
}

test("the process view shows the diagram with badges and the instances, and cancels a batch", async () => {
  const asked = mockFetch(routes([row("a1"), row("b2")]));
  renderOperate("/operate/processes/order_flow");
  expect(await screen.findByRole("heading", { level: 1, name: "order_flow" })).toBeInTheDocument();
  expect(screen.getByRole("combobox", { name: "Version" })).toHaveValue("2");
  const diagram = screen.getByRole("region", { name: "Process diagram" });
  expect((await within(diagram).findAllByText("2 active")).length).toBeGreaterThan(0);
  const table = await screen.findByRole("table", { name: "Instances" });
  expect(within(table).getAllByRole("row")).toHaveLength(3);
  const cancel = screen.getByRole("button", { name: "Cancel selected" });
  expect(cancel).toBeDisabled();
  await userEvent.click(screen.getByRole("checkbox", { name: "Select instance a1" }));
  await userEvent.click(screen.getByRole("checkbox", { name: "Select instance b2" }));
  await userEvent.click(cancel);
  const outcome = await screen.findByText("Canceled 1 of 2 instances.");
  expect(outcome.closest("[role=status]")).not.toBeNull();
  expect(screen.getByText("b2: Process instance b2 has ended already")).toBeInTheDocument();
  const posted = asked.find((a) => a.method === "POST");
  expect(posted?.body).toEqual({ instanceIds: ["a1", "b2"] });
  const listed = asked.filter((a) => a.url.startsWith("/api/web/operate/instances?"));
  expect(listed[0]?.url).toContain("version=2");
}, 30_000);

test("filters go to the server and an empty result says so", async () => {
  const asked = mockFetch(routes([]));
  renderOperate("/operate/processes/order_flow?version=1");
  expect(await screen.findByText("No instances match")).toBeInTheDocument();
  expect(screen.getByRole("combobox", { name: "Version" })).toHaveValue("1");
  await userEvent.selectOptions(screen.getByRole("combobox", { name: "State" }), "Incidents");
  await userEvent.type(screen.getByRole("textbox", { name: "Variable name" }), "amount");
  await userEvent.type(screen.getByRole("textbox", { name: "Variable value" }), "5");
  await userEvent.click(screen.getByRole("button", { name: "Apply filters" }));
  const last = asked.filter((a) => a.url.startsWith("/api/web/operate/instances?")).at(-1);
  expect(last?.url).toContain("state=INCIDENT");
  expect(last?.url).toContain("version=1");
  expect(last?.url).toContain("variableName=amount");
  expect(last?.url).toContain("variableValue=5");
}, 30_000);

test("a process nobody may see is not found", async () => {
  mockFetch({ "GET /api/web/operate/processes": () => ({ status: 200, body: { items: [] } }) });
  renderOperate("/operate/processes/secret");
  expect(await screen.findByRole("alert")).toHaveTextContent("Not found");
}, 30_000);
