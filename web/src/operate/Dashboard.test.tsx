import { screen, within } from "@testing-library/react";
import { afterEach, expect, test, vi } from "vitest";
import { mockFetch, renderOperate } from "./testing";

afterEach(() => vi.restoreAllMocks());

const counts = { active: 2, incident: 1, completed: 3, canceled: 0 };
const DASHBOARD = {
  processes: [
    {
      name: "leave",
      label: "Leave request",
      kind: "bpmn",
      description: null,
      latestVersion: 1,
      versions: [{ version: 1, counts }],
      counts,
    },
  ],
  incidents: {
    count: 1,
    newest: [
      {
        key: "9",
        kind: "JOB_NO_RETRIES",
        message: "printer on fire",
        instanceId: "42",
        definition: "leave",
        version: 1,
        elementId: "ship",
        createdAt: Date.now() - 60_000,
      },
    ],
  },
  tasksByGroup: [{ group: "reviewers", count: 3, oldestCreatedAt: Date.now() - 2 * 3600_000 - 5 * 60_000 }],
};

function show() {
  return renderOperate("/operate");
}

test("the dashboard shows instances by process, open incidents and waiting tasks", async () => {
  mockFetch({ "GET /api/web/operate/dashboard": () => ({ status: 200, body: DASHBOARD }) });
  show();
  expect(screen.getByRole("status")).toHaveTextContent("Loading the dashboard");
  expect(await screen.findByRole("heading", { name: "Instances by process" })).toBeInTheDocument();
  expect(screen.getByRole("heading", { level: 1, name: "Operate" })).toBeInTheDocument();
  expect(screen.getByRole("link", { name: "Leave request" })).toHaveAttribute("href", "/operate/processes/leave");
  const incidents = screen.getByRole("region", { name: "Open incidents" });
  expect(within(incidents).getByText(/printer on fire/)).toBeInTheDocument();
  expect(within(incidents).getByRole("link", { name: /instance 42/ })).toHaveAttribute("href", "/operate/instances/42");
  const groups = screen.getByRole("region", { name: "Tasks waiting by group" });
  expect(groups).toHaveTextContent("reviewers");
  expect(groups).toHaveTextContent("3 tasks");
  expect(groups).toHaveTextContent("oldest waiting 2 h 5 min");
}, 30_000);

test("an empty Baton says what to do", async () => {
  mockFetch({
    "GET /api/web/operate/dashboard": () => ({
      status: 200,
      body: { processes: [], incidents: { count: 0, newest: [] }, tasksByGroup: [] },
    }),
  });
  show();
  expect(await screen.findByText("No processes yet")).toBeInTheDocument();
  expect(screen.getByText("Nothing needs fixing.")).toBeInTheDocument();
  expect(screen.getByText("No open tasks are offered to your groups.")).toBeInTheDocument();
}, 30_000);

test("a failure shows an error with a retry, and forbidden says so", async () => {
  mockFetch({ "GET /api/web/operate/dashboard": () => ({ status: 500, body: { message: "database down" } }) });
  const { unmount } = show();
  expect(await screen.findByRole("alert")).toHaveTextContent("database down");
  expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  unmount();
  vi.restoreAllMocks();
  mockFetch({ "GET /api/web/operate/dashboard": () => ({ status: 403, body: { message: "no" } }) });
  show();
  expect(await screen.findByRole("alert")).toHaveTextContent("You may not see this");
}, 30_000);
