import { configure, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import { ModelFiles } from "./ModelFiles";

configure({ asyncUtilTimeout: 15_000 });
afterEach(() => vi.restoreAllMocks());

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const DRAFT = { name: "dinner", kind: "bpmn", resourceId: "dinner", createdAt: 1, updatedAt: 2 };
const MEAL = { components: [{ type: "textfield", key: "meal", label: "Meal" }], id: "meal" };
const BUNDLED = { name: "dinner#meal", kind: "form", resourceId: "meal", createdAt: 1, updatedAt: 2 };
const STALE = { name: "dinner#old", kind: "form", resourceId: "old", createdAt: 1, updatedAt: 2 };

function serve() {
  const calls: { method: string; url: string; body: unknown }[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    const method = init?.method ?? "GET";
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : null });
    if (url === "/api/web/models/drafts") return answer(200, { drafts: [DRAFT, BUNDLED, STALE] });
    if (method !== "GET") return answer(200, { ...DRAFT, content: "" });
    if (url === "/api/web/models/drafts/dinner%23meal") return answer(200, { ...BUNDLED, content: JSON.stringify(MEAL) });
    if (url === "/api/web/models/drafts/dinner%23old") return answer(200, { ...STALE, content: "{}" });
    if (url === "/api/web/models/deployed") {
      return answer(200, { processes: [{ processId: "dinner", label: "Dinner", versions: [2, 1] }] });
    }
    if (url.startsWith("/api/web/models/drafts/dinner/diff")) {
      return answer(200, { resourceId: "dinner", version: 2, diff: "-old\n+new\n" });
    }
    if (url === "/api/web/models/drafts/dinner") return answer(200, { ...DRAFT, content: "<draft/>" });
    if (url.startsWith("/api/web/diagram/dinner")) return answer(200, { kind: "bpmn", xml: "<v1/>" });
    return answer(404, { message: "no" });
  });
  return calls;
}

function files(onOpen = vi.fn(async () => undefined), linkedForms = () => ({})) {
  render(<ModelFiles current={async () => "<now/>"} linkedForms={linkedForms} onOpen={onOpen} suggestedName="dinner" />);
  return onOpen;
}

test("saves the diagram as a draft named for its process unless named", async () => {
  const calls = serve();
  const user = userEvent.setup();
  files();
  await user.click(screen.getByRole("button", { name: "Save draft" }));
  expect(await screen.findByText("Saved draft “dinner”")).toBeVisible();
  expect(calls).toContainEqual({
    method: "PUT",
    url: "/api/web/models/drafts/dinner",
    body: { kind: "bpmn", content: "<now/>" },
  });
});

test("opens a draft and a deployed version", async () => {
  serve();
  const user = userEvent.setup();
  const onOpen = files();
  const drafts = screen.getByLabelText("Open draft");
  await within(drafts).findByRole("option", { name: "dinner" });
  await user.selectOptions(drafts, "dinner");
  expect(await screen.findByText("Opened draft “dinner” with 2 linked form(s)")).toBeVisible();
  expect(onOpen).toHaveBeenCalledWith("<draft/>", { meal: MEAL, old: {} });
  expect(within(drafts).queryByRole("option", { name: "dinner#meal" })).not.toBeInTheDocument();
  const deployed = screen.getByLabelText("Open deployed");
  await waitFor(() => expect(deployed.querySelector('option[value="dinner@1"]')).not.toBeNull());
  await user.selectOptions(deployed, "dinner@1");
  expect(await screen.findByText("Opened dinner version 1")).toBeVisible();
  expect(onOpen).toHaveBeenLastCalledWith("<v1/>", {});
});

test("compares the saved draft with the deployed version", async () => {
  serve();
  const user = userEvent.setup();
  files();
  await user.click(screen.getByRole("button", { name: "Compare with deployed" }));
  expect(await screen.findByText("Draft “dinner” against dinner version 2")).toBeVisible();
  expect(screen.getByLabelText("Diff")).toHaveTextContent("-old +new");
});

test("a draft bundles the linked forms built in the modeler; stale ones are dropped", async () => {
  const calls = serve();
  const user = userEvent.setup();
  files(undefined, () => ({ meal: MEAL }));
  await within(screen.getByLabelText("Open draft")).findByRole("option", { name: "dinner" });
  await user.click(screen.getByRole("button", { name: "Save draft" }));
  expect(await screen.findByText("Saved draft “dinner” with 1 linked form(s): meal")).toBeVisible();
  const writes = calls.filter((c) => c.method !== "GET").map((c) => [c.method, c.url, c.body]);
  expect(writes).toEqual([
    ["PUT", "/api/web/models/drafts/dinner", { kind: "bpmn", content: "<now/>" }],
    ["PUT", "/api/web/models/drafts/dinner%23meal", { kind: "form", content: JSON.stringify(MEAL, null, 2) }],
    ["DELETE", "/api/web/models/drafts/dinner%23old", null],
  ]);
});
