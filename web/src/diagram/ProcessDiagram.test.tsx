import { render, screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import ProcessDiagram from "./ProcessDiagram";

afterEach(() => vi.restoreAllMocks());

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const WORKFLOW = {
  kind: "workflow",
  nodes: [
    { id: "$start", name: "Start", type: "START" },
    { id: "review", name: "Review expense", type: "HUMAN" },
    { id: "decide", name: "decide", type: "SWITCH" },
    { id: "$end", name: "End", type: "END" },
  ],
  edges: [
    { from: "$start", to: "review" },
    { from: "review", to: "decide" },
    { from: "decide", to: "$end", label: "default" },
  ],
};

test("a workflow is drawn with the token, the path and the badges, and spoken as a list", async () => {
  const fetch = vi.spyOn(globalThis, "fetch").mockResolvedValue(answer(200, WORKFLOW));
  const { container } = render(
    <ProcessDiagram
      definition="expense"
      version={2}
      highlight={["review"]}
      passed={["$start"]}
      badges={[{ elementId: "review", active: 1, incidents: 2, completed: 0 }]}
      label="Process diagram"
    />,
  );
  const region = await screen.findByRole("region", { name: "Process diagram" });
  await within(region).findByText("Review expense");
  expect(fetch.mock.calls[0]?.[0]).toBe("/api/web/diagram/expense?version=2");
  expect(container.querySelector('[data-element-id="review"]')).toHaveClass("token-active");
  expect(container.querySelector('[data-element-id="$start"]')).toHaveClass("token-passed");
  expect(container.querySelector('[data-element-id="decide"]')).not.toHaveClass("token-active");
  expect(within(region).getAllByText("1 active").length).toBeGreaterThan(0);
  const spoken = within(region).getByRole("list", { name: "Marked elements" });
  expect(spoken).toHaveTextContent("Review expense: current");
  expect(spoken).toHaveTextContent("Review expense: 1 active, 2 incidents");
}, 30_000);

test("BPMN without diagram shapes is laid out as a graph", async () => {
  const xml = `<?xml version="1.0"?>
  <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
    <bpmn:process id="p">
      <bpmn:startEvent id="start" name="Go"/>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
      <bpmn:userTask id="task" name="Approve"/>
      <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
      <bpmn:endEvent id="end"/>
    </bpmn:process>
  </bpmn:definitions>`;
  vi.spyOn(globalThis, "fetch").mockResolvedValue(answer(200, { kind: "bpmn", xml }));
  const { container } = render(
    <ProcessDiagram definition="p" version={1} highlight={["task"]} label="Process diagram" />,
  );
  await screen.findByText("Approve");
  expect(container.querySelector('[data-element-id="task"]')).toHaveClass("token-active");
  expect(screen.getByText("User task")).toBeInTheDocument();
}, 30_000);

test("a diagram that cannot be loaded says so, with a retry", async () => {
  vi.spyOn(globalThis, "fetch").mockResolvedValue(answer(500, { message: "boom" }));
  render(<ProcessDiagram definition="p" version={1} label="Process diagram" />);
  expect(await screen.findByRole("alert")).toHaveTextContent("boom");
  expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
}, 30_000);
