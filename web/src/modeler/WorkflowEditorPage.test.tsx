import { EditorView } from "@codemirror/view";
import { act, configure, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, expect, test, vi } from "vitest";
import WorkflowEditorPage, { SAMPLE_WORKFLOW } from "./WorkflowEditorPage";

configure({ asyncUtilTimeout: 15_000 });
afterEach(() => vi.restoreAllMocks());

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const GRAPH = {
  nodes: [
    { id: "$start", name: "Start", type: "START" },
    { id: "review", name: "review", type: "HUMAN" },
    { id: "$end", name: "End", type: "END" },
  ],
  edges: [
    { from: "$start", to: "review", label: null },
    { from: "review", to: "$end", label: null },
  ],
};

test("shows the graph and problems live, registers the next version and starts it", async () => {
  const calls: { url: string; body: unknown }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    const body = init?.body ? JSON.parse(String(init.body)) : null;
    calls.push({ url, body });
    if (url.endsWith("/validate")) {
      const broken = !(body as { source: string }).source.trim().endsWith("}");
      return answer(200, broken ? { problems: [{ elementId: null, message: "not JSON: oops" }], graph: null } : { problems: [], graph: GRAPH });
    }
    if (url.endsWith("/workflows")) return answer(200, { name: "my_workflow", version: 3 });
    return answer(200, { instanceId: "w1", kind: "conductor", firstTask: null });
  });
  const user = userEvent.setup();
  render(
    <MemoryRouter>
      <WorkflowEditorPage />
    </MemoryRouter>,
  );
  expect(await screen.findByRole("img", { name: "Workflow graph" })).toBeVisible();
  expect(screen.getByRole("heading", { name: "No problems" })).toBeVisible();
  const source = await screen.findByRole("textbox", { name: "Workflow definition (JSON)" });
  const editor = EditorView.findFromDOM(source);
  expect(editor?.state.doc.toString()).toBe(SAMPLE_WORKFLOW);
  const end = () => editor?.state.doc.length ?? 0;
  act(() => editor?.dispatch({ changes: { from: end(), insert: "x" } }));
  expect(await screen.findByText("not JSON: oops")).toBeVisible();
  act(() => editor?.dispatch({ changes: { from: end() - 1, to: end() } }));
  expect(await screen.findByRole("heading", { name: "No problems" })).toBeVisible();
  expect(screen.getByRole("button", { name: "Start workflow" })).toBeDisabled();
  await user.click(screen.getByRole("button", { name: "Register" }));
  expect(await screen.findByText("Registered my_workflow version 3")).toBeVisible();
  await user.click(screen.getByRole("button", { name: "Start workflow" }));
  expect(await screen.findByRole("link", { name: "View the instance in Operate" })).toHaveAttribute("href", "/operate/instances/w1");
  expect(calls.find((c) => c.url.endsWith("/start"))?.body).toEqual({ version: 3, variables: {} });
});
