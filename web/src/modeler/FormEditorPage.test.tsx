import { configure, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, expect, test, vi } from "vitest";

configure({ asyncUtilTimeout: 15_000 });

// form-js' editor needs a real layout engine; the page is tested against a stand-in.
const editor = vi.hoisted(() => ({ schema: {} as Record<string, unknown> }));
vi.mock("./formEditor", () => ({
  CamundaFormEditor: class {
    async open(schema: Record<string, unknown>) {
      editor.schema = schema;
    }
    schema() {
      return editor.schema;
    }
    destroy() {}
  },
}));
vi.mock("../forms/CamundaForm", () => ({
  default: ({ schema }: { schema: Record<string, unknown> }) => <p>preview of {String(schema.id)}</p>,
}));

const { default: FormEditorPage } = await import("./FormEditorPage");

afterEach(() => vi.restoreAllMocks());

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function page() {
  return render(
    <MemoryRouter>
      <FormEditorPage />
    </MemoryRouter>,
  );
}

test("a new form is validated as a .form, previewed and deployed by its id", async () => {
  const calls: { url: string; body: unknown }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    const body = init?.body ? JSON.parse(String(init.body)) : null;
    calls.push({ url, body });
    if (url.endsWith("/validate")) return answer(200, { problems: [] });
    if (url.endsWith("/drafts")) return answer(200, { drafts: [] });
    if (url.endsWith("/models/forms")) return answer(200, { forms: [] });
    const [resource] = (body as { resources: { name: string }[] }).resources;
    return answer(200, {
      key: "1",
      deployed: [{ kind: "form", id: "f", version: 2, key: "3", resourceName: resource?.name }],
    });
  });
  const user = userEvent.setup();
  page();
  expect(await screen.findByRole("heading", { name: "No problems" })).toBeVisible();
  const formId = String(editor.schema.id);
  expect(formId).toMatch(/^Form_/);
  expect(screen.getByText(`preview of ${formId}`)).toBeVisible();
  expect(calls.find((c) => c.url.endsWith("/validate"))?.body).toMatchObject({ resourceName: `${formId}.form` });
  await user.click(screen.getByRole("button", { name: "Deploy" }));
  expect(await screen.findByText("Deployed form f version 2")).toBeVisible();
  expect(calls.find((c) => c.url.endsWith("/deploy"))?.body).toEqual({
    resources: [{ name: `${formId}.form`, content: JSON.stringify(editor.schema) }],
  });
});

test("what deploy refuses is listed", async () => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    if (String(input).endsWith("/validate")) {
      return answer(200, { problems: [{ elementId: "x.form:components[0]", message: "needs a key" }] });
    }
    if (String(input).endsWith("/drafts")) return answer(200, { drafts: [] });
    if (String(input).endsWith("/models/forms")) return answer(200, { forms: [] });
    return answer(400, { message: "x.form: needs a key" });
  });
  const user = userEvent.setup();
  page();
  expect(await screen.findByRole("heading", { name: "1 problem(s) Baton would refuse" })).toBeVisible();
  expect(screen.getByText("needs a key")).toBeVisible();
  await user.click(screen.getByRole("button", { name: "Deploy" }));
  expect(await screen.findByText("Not deployed: x.form: needs a key")).toBeVisible();
});

test("a form draft is saved by its id and opened again", async () => {
  const saved: unknown[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    if (url.endsWith("/validate")) return answer(200, { problems: [] });
    if (url.endsWith("/drafts")) {
      return answer(200, { drafts: [{ name: "meal", kind: "form", resourceId: "meal", createdAt: 1, updatedAt: 1 }] });
    }
    if (url.endsWith("/models/forms")) return answer(200, { forms: [] });
    if (init?.method === "PUT") {
      saved.push({ url, body: JSON.parse(String(init.body)) });
      return answer(200, {});
    }
    return answer(200, { name: "meal", kind: "form", content: '{"id": "meal", "components": []}' });
  });
  const user = userEvent.setup();
  page();
  await screen.findByRole("heading", { name: "No problems" });
  await user.click(screen.getByRole("button", { name: "Save draft" }));
  expect(await screen.findByText(/Saved draft/)).toBeVisible();
  expect(saved[0]).toMatchObject({ body: { kind: "form" } });
  const open = screen.getByLabelText("Open draft");
  await screen.findByRole("option", { name: "meal" });
  await user.selectOptions(open, "meal");
  await waitFor(() => expect(editor.schema.id).toBe("meal"));
});

test("a deployed form version opens in the editor", async () => {
  const asked: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input) => {
    const url = String(input);
    asked.push(url);
    if (url.endsWith("/validate")) return answer(200, { problems: [] });
    if (url.endsWith("/drafts")) return answer(200, { drafts: [] });
    if (url.endsWith("/models/forms")) return answer(200, { forms: [{ formId: "meal", versions: [2, 1] }] });
    if (url === "/api/web/models/forms/meal/versions/1") {
      return answer(200, { formId: "meal", version: 1, schema: { id: "meal", components: [{ key: "dish" }] } });
    }
    return answer(404, { message: "no" });
  });
  const user = userEvent.setup();
  page();
  await screen.findByRole("heading", { name: "No problems" });
  const deployed = screen.getByLabelText("Open deployed");
  await screen.findByRole("option", { name: "meal version 2" });
  await user.selectOptions(deployed, "meal@1");
  expect(await screen.findByText("Opened form meal version 1")).toBeVisible();
  expect(editor.schema).toEqual({ id: "meal", components: [{ key: "dish" }] });
  expect(screen.getByText("preview of meal")).toBeVisible();
});
