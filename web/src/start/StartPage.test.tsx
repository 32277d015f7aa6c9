import { configure, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router-dom";
import { afterEach, expect, test, vi } from "vitest";
import StartPage from "./StartPage";
import type { StartableProcess } from "./StartPage";

// lazily loaded form chunks take a while on a busy machine
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => vi.restoreAllMocks());

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const ORDER: StartableProcess = {
  name: "order",
  label: "Order",
  kind: "bpmn",
  version: 2,
  versions: [2, 1],
  description: null,
  startForm: {
    kind: "jsonforms",
    schema: { type: "object", properties: { customer: { type: "string" } } },
    uiSchema: null,
  },
};
const SHIPPING: StartableProcess = {
  name: "shipping",
  label: "Shipping",
  kind: "conductor",
  version: 1,
  versions: [1],
  description: "Ship it",
  startForm: null,
};

function serve(handler: (url: string, init?: RequestInit) => Response) {
  return vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => handler(String(input), init));
}

function page() {
  return render(
    <MemoryRouter>
      <StartPage />
    </MemoryRouter>,
  );
}

test("lists the processes, filters by search, starts one without a form at once", async () => {
  const fetch = serve((url) =>
    url === "/api/web/processes"
      ? answer(200, { processes: [ORDER, SHIPPING] })
      : answer(200, { instanceId: "i-1", kind: "conductor", firstTask: null }),
  );
  page();
  expect(screen.getByRole("heading", { name: "Start a process" })).toBeInTheDocument();
  expect(await screen.findByRole("button", { name: "Start Order" })).toBeInTheDocument();
  await userEvent.type(screen.getByRole("searchbox", { name: "Search processes" }), "ship");
  expect(screen.queryByRole("button", { name: "Start Order" })).not.toBeInTheDocument();
  await userEvent.click(screen.getByRole("button", { name: "Start Shipping" }));
  const status = await screen.findByRole("status", {}, {});
  expect(await within(status).findByText(/Started Shipping/)).toBeInTheDocument();
  expect(within(status).getByRole("link", { name: "Open in Operate" })).toHaveAttribute("href", "/operate/instances/i-1");
  expect(within(status).queryByRole("link", { name: "Open task" })).not.toBeInTheDocument();
  const [url, init] = fetch.mock.calls[1] ?? [];
  expect(url).toBe("/api/web/processes/shipping/start");
  expect(JSON.parse(String(init?.body))).toEqual({ variables: {} });
});

test("a start form opens in a dialog; server errors show on the field; then the first task", async () => {
  let attempts = 0;
  serve((url, init) => {
    if (url === "/api/web/processes") return answer(200, { processes: [ORDER] });
    attempts += 1;
    const body = JSON.parse(String(init?.body)) as { version?: number; variables: Record<string, unknown> };
    expect(body.version).toBe(1);
    if (attempts === 1) {
      return answer(400, {
        message: "the variables do not fit",
        validationErrors: [{ path: "customer", message: "is required" }],
      });
    }
    expect(body.variables).toEqual({ customer: "ACME" });
    return answer(200, { instanceId: "42", kind: "bpmn", firstTask: { taskId: "t-9", name: "Check" } });
  });
  page();
  await userEvent.selectOptions(await screen.findByLabelText("Version of Order"), "1");
  await userEvent.click(screen.getByRole("button", { name: "Start Order" }));
  const dialog = await screen.findByRole("dialog", { name: "Start Order" });
  await userEvent.click(await within(dialog).findByRole("button", { name: "Start" }, { timeout: 15_000 }));
  const customer = await within(dialog).findByLabelText("Customer");
  expect(await within(dialog).findByText("is required")).toBeInTheDocument();
  expect(customer).toHaveAttribute("aria-invalid", "true");
  await userEvent.type(customer, "ACME");
  await userEvent.click(within(dialog).getByRole("button", { name: "Start" }));
  expect(await screen.findByRole("link", { name: "Open task" })).toHaveAttribute("href", "/tasklist/t-9");
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
}, 30_000);

test("nothing to start and errors are designed states", async () => {
  serve(() => answer(200, { processes: [] }));
  const { unmount } = page();
  expect(await screen.findByText("Nothing to start")).toBeInTheDocument();
  unmount();
  vi.restoreAllMocks();
  serve(() => answer(500, { message: "boom" }));
  page();
  expect(await screen.findByRole("alert")).toHaveTextContent("boom");
});
