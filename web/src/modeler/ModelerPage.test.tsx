import { act, configure, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, beforeEach, expect, test, vi } from "vitest";

configure({ asyncUtilTimeout: 15_000 });

// bpmn-js needs a real layout engine; the page is tested against a stand-in editor.
const editor = vi.hoisted(() => ({
  opened: [] as string[],
  shown: [] as Map<string, string[]>[],
  onChange: null as (() => void) | null,
  onSelect: null as ((id: string | null) => void) | null,
  linked: new Map<string, string>(),
  xml: "",
}));
vi.mock("./formEditor", () => ({
  CamundaFormEditor: class {
    private current: Record<string, unknown> = {};
    async open(schema: Record<string, unknown>) {
      this.current = { ...schema, components: [{ type: "textfield", key: "meal", label: "Meal" }] };
    }
    schema() {
      return this.current;
    }
    destroy() {}
  },
}));
vi.mock("./bpmnModeler", () => ({
  BpmnEditor: class {
    constructor(_canvas: HTMLElement, _panel: HTMLElement, onChange: () => void, onSelect: (id: string | null) => void) {
      editor.onChange = onChange;
      editor.onSelect = onSelect;
    }
    linkedFormId(id: string) {
      return editor.linked.get(id) ?? null;
    }
    linkForm(id: string, formId: string) {
      editor.linked.set(id, formId);
    }
    linkedFormIds() {
      return [...new Set(editor.linked.values())];
    }
    async open(xml: string) {
      editor.opened.push(xml);
      editor.xml = xml;
      return [];
    }
    async xml() {
      return editor.xml;
    }
    has(id: string) {
      return id === "task";
    }
    showProblems(byElement: Map<string, string[]>) {
      editor.shown.push(byElement);
    }
    destroy() {}
  },
}));

const { default: ModelerPage } = await import("./ModelerPage");

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The drafts and deployed lists are empty; everything else goes to `rest`. */
function serve(rest: (url: string, init?: RequestInit) => Response) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    if (url === "/api/web/models/drafts") return answer(200, { drafts: [] });
    if (url === "/api/web/models/deployed") return answer(200, { processes: [] });
    if (url === "/api/web/processes") return answer(200, { processes: [] });
    return rest(url, init);
  });
}

beforeEach(() => {
  editor.opened = [];
  editor.shown = [];
  editor.linked = new Map();
});
afterEach(() => vi.restoreAllMocks());

function page() {
  return render(
    <MemoryRouter initialEntries={["/modeler"]}>
      <ModelerPage />
    </MemoryRouter>,
  );
}

test("opens a blank diagram and marks what validation refuses on its element", async () => {
  const fetch = serve(() =>
    answer(200, { problems: [{ elementId: "task", message: "x.bpmn: element 'task' (userTask) is wrong" }] }),
  );
  page();
  expect(await screen.findByRole("heading", { name: "1 problem(s) Baton would refuse" })).toBeVisible();
  expect(editor.opened[0]).toContain("StartEvent_1");
  expect(screen.getByText(/element 'task' \(userTask\) is wrong/)).toBeVisible();
  expect(editor.shown.at(-1)?.get("task")).toEqual(["x.bpmn: element 'task' (userTask) is wrong"]);
  const [url, init] = fetch.mock.calls.find(([u]) => String(u).endsWith("/validate")) ?? [];
  expect(String(url)).toBe("/api/web/models/validate");
  expect(JSON.parse(String(init?.body))).toMatchObject({ kind: "bpmn", resourceName: expect.stringMatching(/\.bpmn$/) });
});

test("deploys, starts with variables and links to Operate and Tasklist", async () => {
  const calls: { url: string; body: unknown }[] = [];
  serve((url, init) => {
    calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : null });
    if (url.endsWith("/validate")) return answer(200, { problems: [] });
    if (url.endsWith("/deploy")) {
      return answer(200, {
        key: "1",
        deployed: [{ kind: "process", id: "dinner", version: 3, key: "9", resourceName: "dinner.bpmn" }],
      });
    }
    return answer(200, { instanceId: "42", kind: "bpmn", firstTask: { taskId: "t1", name: "Decide" } });
  });
  const user = userEvent.setup();
  page();
  expect(await screen.findByRole("heading", { name: "No problems" })).toBeVisible();
  expect(screen.getByRole("button", { name: "Start instance" })).toBeDisabled();
  await user.click(screen.getByRole("button", { name: "Deploy" }));
  expect(await screen.findByText("Deployed dinner version 3")).toBeVisible();
  const variables = screen.getByLabelText("Variables (JSON)");
  await user.clear(variables);
  await user.type(variables, '{{"guests": 2}');
  await user.click(screen.getByRole("button", { name: "Start instance" }));
  expect(await screen.findByRole("link", { name: "View the instance in Operate" })).toHaveAttribute(
    "href",
    "/operate/instances/42",
  );
  expect(screen.getByRole("link", { name: /Open the task “Decide” in Tasklist/ })).toHaveAttribute("href", "/tasklist/t1");
  expect(calls.find((c) => c.url.endsWith("/start"))).toEqual({
    url: "/api/web/processes/dinner/start",
    body: { version: 3, variables: { guests: 2 } },
  });
});

test("a refused deploy shows deploy's problems on the elements", async () => {
  serve((url) => {
    if (url.endsWith("/validate")) return answer(200, { problems: [] });
    return answer(400, {
      message: "bad (and 1 more)",
      validationErrors: [
        { path: "task", message: "bad" },
        { path: "", message: "whole file" },
      ],
    });
  });
  const user = userEvent.setup();
  page();
  await screen.findByRole("heading", { name: "No problems" });
  await user.click(screen.getByRole("button", { name: "Deploy" }));
  expect(await screen.findByRole("alert")).toHaveTextContent(/Not deployed: bad/);
  expect(screen.getByRole("heading", { name: "2 problem(s) Baton would refuse" })).toBeVisible();
  expect(editor.shown.at(-1)?.get("task")).toEqual(["bad"]);
  expect(editor.shown.at(-1)?.get("")).toEqual(["whole file"]);
});

test("an edit is validated again after a pause", async () => {
  let validations = 0;
  serve(() => {
    validations += 1;
    return answer(200, { problems: [] });
  });
  page();
  await screen.findByRole("heading", { name: "No problems" });
  const before = validations;
  vi.useFakeTimers();
  try {
    act(() => editor.onChange?.());
    act(() => editor.onChange?.());
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
  } finally {
    vi.useRealTimers();
  }
  expect(validations).toBe(before + 1);
});

test("a form built for the selected user task is linked to it and deployed with the diagram", async () => {
  const deployed: unknown[] = [];
  serve((url, init) => {
    if (url.endsWith("/validate")) return answer(200, { problems: [] });
    deployed.push(JSON.parse(String(init?.body)));
    return answer(200, { key: "1", deployed: [] });
  });
  const user = userEvent.setup();
  page();
  await screen.findByRole("heading", { name: "No problems" });
  const taskForm = screen.getByRole("button", { name: "Task form…" });
  expect(taskForm).toBeDisabled();
  act(() => editor.onSelect?.("task"));
  await user.click(taskForm);
  const dialog = await screen.findByRole("dialog", { name: "Form of “task”" });
  expect(dialog).toHaveTextContent("Deployed with the diagram as form Form_task");
  await user.click(await screen.findByRole("button", { name: "Use in the task" }));
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(editor.linked.get("task")).toBe("Form_task");
  await user.click(screen.getByRole("button", { name: "Deploy" }));
  await waitFor(() => expect(deployed).toHaveLength(1));
  const [form, diagram] = (deployed[0] as { resources: { name: string; content: string }[] }).resources;
  expect(form?.name).toBe("Form_task.form");
  expect(JSON.parse(form?.content ?? "{}")).toMatchObject({ id: "Form_task", components: [{ key: "meal" }] });
  expect(diagram?.name).toMatch(/\.bpmn$/);
});

test("saving to disk writes the linked forms as .form files beside the diagram, and opens them back", async () => {
  const deployed: { resources: { name: string; content: string }[] }[] = [];
  serve((url, init) => {
    if (url.endsWith("/validate")) return answer(200, { problems: [] });
    deployed.push(JSON.parse(String(init?.body)));
    return answer(200, { key: "1", deployed: [] });
  });
  const saved: { name: string; blob: Blob }[] = [];
  const blobs = new Map<string, Blob>();
  URL.createObjectURL = vi.fn((blob: Blob) => {
    const url = `blob:${blobs.size}`;
    blobs.set(url, blob);
    return url;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, blob: blobs.get(this.href) as Blob });
  });
  const user = userEvent.setup();
  page();
  await screen.findByRole("heading", { name: "No problems" });
  act(() => editor.onSelect?.("task"));
  await user.click(screen.getByRole("button", { name: "Task form…" }));
  await user.click(await screen.findByRole("button", { name: "Use in the task" }));
  await user.click(screen.getByRole("button", { name: "Save to disk" }));
  expect(saved.map((s) => s.name)).toEqual([expect.stringMatching(/\.bpmn$/), "Form_task.form"]);
  expect(await screen.findByText(/and its linked form\(s\) as separate files: Form_task.form/)).toBeVisible();
  const text = await new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(saved[1]?.blob ?? new Blob(["{}"]));
  });
  const form = JSON.parse(text) as Record<string, unknown>;
  expect(form).toMatchObject({ id: "Form_task", components: [{ key: "meal" }] });

  // a fresh page: open the diagram with its .form file; the form is linked and deployable again
  editor.linked = new Map([["task", "Form_task"]]);
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error("no file input");
  // jsdom's File has no text(); the browser's does
  const file = (content: string, name: string) =>
    Object.defineProperty(new File([content], name), "text", { value: async () => content });
  const files = [file("<bpmn/>", "x.bpmn"), file(JSON.stringify({ ...form, components: [] }), "Form_task.form")];
  await user.upload(input, files);
  await waitFor(() => expect(editor.opened.at(-1)).toBe("<bpmn/>"));
  await user.click(screen.getByRole("button", { name: "Deploy" }));
  await waitFor(() => expect(deployed).toHaveLength(1));
  const [opened] = deployed[0]?.resources ?? [];
  expect(opened?.name).toBe("Form_task.form");
  expect(JSON.parse(opened?.content ?? "{}")).toEqual({ ...form, components: [] });
});
