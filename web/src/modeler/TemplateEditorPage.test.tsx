import { EditorView } from "@codemirror/view";
import { act, configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, expect, test, vi } from "vitest";
import TemplateEditorPage, { SAMPLE_SCHEMA } from "./TemplateEditorPage";

configure({ asyncUtilTimeout: 15_000 });
afterEach(() => vi.restoreAllMocks());

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const SAVED = {
  name: "refund_review",
  version: 1,
  jsonSchema: { type: "object", properties: { reason: { type: "string", title: "Reason" } } },
  templateUI: {},
};

function server() {
  const calls: { url: string; method: string; body: unknown }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    const body = init?.body ? JSON.parse(String(init.body)) : null;
    calls.push({ url, method, body });
    if (url.endsWith("/models/drafts")) return answer(200, { drafts: [] });
    if (url.includes("/models/drafts/")) return answer(200, { name: "x", kind: "template", content: "{}" });
    if (method === "POST") return answer(200, { ...(body as object), version: 4 });
    return answer(200, [SAVED]);
  });
  return calls;
}

function page() {
  return render(
    <MemoryRouter>
      <TemplateEditorPage />
    </MemoryRouter>,
  );
}

async function editorOf(label: string) {
  const view = EditorView.findFromDOM(await screen.findByRole("textbox", { name: label }));
  if (!view) throw new Error(`no editor ${label}`);
  return {
    view,
    replace: (text: string) => act(() => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } })),
  };
}

test("the preview follows the schema, and its form produces the data shown", async () => {
  server();
  const user = userEvent.setup();
  page();
  const preview = screen.getByRole("region", { name: "Preview" });
  expect(await within(preview).findByLabelText(/^Comment/)).toBeVisible();
  const schema = await editorOf("JSON Schema");
  expect(schema.view.state.doc.toString()).toBe(SAMPLE_SCHEMA);
  const ui = await editorOf("UI schema");
  ui.replace("");
  schema.replace(JSON.stringify({ type: "object", properties: { meal: { type: "string", title: "Meal" } } }));
  const meal = await within(preview).findByLabelText(/^Meal/);
  await user.type(meal, "Soup");
  expect(await screen.findByText(/"meal": "Soup"/)).toBeVisible();
  expect(screen.getByRole("heading", { name: "No problems" })).toBeVisible();
});

test("invalid JSON or an invalid JSON Schema is shown and never saved", async () => {
  const calls = server();
  const user = userEvent.setup();
  page();
  const schema = await editorOf("JSON Schema");
  schema.replace('{"type": "object",');
  expect(await screen.findByText(/JSON Schema is not valid JSON/)).toBeVisible();
  schema.replace('{"type": "strnig"}');
  expect(await screen.findByText(/JSON Schema \/type: must be equal to one of the allowed values/)).toBeVisible();
  const ui = await editorOf("UI schema");
  ui.replace("[1]");
  expect(await screen.findByText("UI schema must be a JSON object")).toBeVisible();
  await user.click(screen.getByRole("button", { name: "Save version" }));
  expect(await screen.findByText("Not saved: fix the problems first")).toBeVisible();
  expect(calls.filter((c) => c.method === "POST")).toEqual([]);
});

test("saves the next version through the Orkes API, opens a saved version and keeps drafts", async () => {
  const calls = server();
  const user = userEvent.setup();
  page();
  await editorOf("JSON Schema");
  const name = screen.getByRole("textbox", { name: "Template name" });
  await user.clear(name);
  await user.type(name, "review_form");
  await user.click(screen.getByRole("button", { name: "Save version" }));
  expect(await screen.findByText("Saved template review_form version 4")).toBeVisible();
  const post = calls.find((c) => c.method === "POST");
  expect(post?.url).toBe("/api/human/template?newVersion=true");
  expect(post?.body).toMatchObject({ name: "review_form", jsonSchema: JSON.parse(SAMPLE_SCHEMA) });

  const saved = screen.getByRole("combobox", { name: "Open saved" });
  // the list reloads after a save: pick from it once it is back
  await waitFor(() => expect(saved.querySelector('option[value="refund_review@1"]')).not.toBeNull());
  await user.selectOptions(saved, "refund_review@1");
  expect(await screen.findByText("Opened refund_review version 1")).toBeVisible();
  expect(name).toHaveValue("refund_review");
  const preview = screen.getByRole("region", { name: "Preview" });
  expect(await within(preview).findByLabelText(/^Reason/)).toBeVisible();

  await user.click(screen.getByRole("button", { name: "Save draft" }));
  expect(await screen.findByText("Saved draft “refund_review”")).toBeVisible();
  const put = calls.find((c) => c.method === "PUT");
  expect(put?.url).toBe("/api/web/models/drafts/refund_review");
  expect((put?.body as { kind: string }).kind).toBe("template");
  expect(JSON.parse((put?.body as { content: string }).content)).toMatchObject({ name: "refund_review", jsonSchema: SAVED.jsonSchema });
});
