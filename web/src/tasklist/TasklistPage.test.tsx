import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, expect, test, vi } from "vitest";
import { App } from "../app/App";

afterEach(() => vi.restoreAllMocks());

const USER = { id: "ria", name: "Ria Reviewer", groups: ["reviewers"], roles: ["USER"], admin: false };

function item(id: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name,
    process: { name: "Dinner", definition: "dinner", version: 1 },
    instanceId: "i1",
    assignee: null,
    assigneeName: null,
    candidateGroups: ["reviewers"],
    candidateUsers: [],
    created: 1_700_000_000_000,
    due: null,
    followUp: null,
    completed: null,
    priority: 50,
    priorityLabel: "Medium",
    state: "ASSIGNED",
    ...extra,
  };
}

function detail(id: string, name: string, extra: Record<string, unknown> = {}) {
  return {
    ...item(id, name),
    form: null,
    values: { amount: 5 },
    tiers: [
      { index: 0, users: [], groups: ["reviewers"], slaMinutes: 60, current: true },
      { index: 1, users: [], groups: ["managers"], slaMinutes: 0, current: false },
    ],
    currentTier: 0,
    holder: null,
    holderName: null,
    nextTierAt: Date.now() + 59 * 60_000 + 30_000,
    definitionName: "dinner",
    definitionVersion: 1,
    elementId: "decide",
    actions: { claim: true, unclaim: false, complete: false, saveDraft: false, reassign: false, skip: false, delete: false },
    ...extra,
  };
}

function answer(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function serve(routes: (url: URL, init?: RequestInit) => Response | undefined) {
  const calls: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(String(input), "http://localhost");
    calls.push(`${init?.method ?? "GET"} ${url.pathname}${url.search}`);
    if (url.pathname === "/api/web/session") return answer({ user: USER, csrfToken: "t", expiresAt: 0 });
    if (url.pathname === "/api/web/filters") return answer({ filters: [] });
    return routes(url, init) ?? answer({ message: "no" }, 404);
  });
  return calls;
}

const page = (items: unknown[]) => ({ items, total: items.length, nextCursor: null, canSeeAll: false, totalCapped: false });

test("the URL's query is what the list asks for, and a tab changes the URL", async () => {
  window.history.pushState({}, "", "/tasklist?view=groups&q=dinner&sort=priority");
  const calls = serve((url) => (url.pathname === "/api/web/tasks" ? answer(page([item("t1", "Decide what's for dinner")])) : undefined));
  render(<App />);
  const list = await screen.findByRole("list", { name: "Tasks" }, { timeout: 8000 });
  expect(within(list).getByRole("link", { name: /^Decide what's for dinner/ })).toBeInTheDocument();
  expect(calls).toContain("GET /api/web/tasks?view=groups&sort=priority&order=desc&text=dinner");
  expect(screen.getByRole("searchbox", { name: "Search tasks" })).toHaveValue("dinner");
  expect(screen.queryByRole("tab", { name: "All open" })).toBeNull();
  await userEvent.click(screen.getByRole("tab", { name: "Unassigned" }));
  expect(new URLSearchParams(window.location.search).get("view")).toBe("unassigned");
  expect(screen.getByRole("tab", { name: "Unassigned" })).toHaveAttribute("aria-selected", "true");
});

test("a total the server stopped counting at its cap reads 10,000+", async () => {
  window.history.pushState({}, "", "/tasklist?view=groups");
  const capped = { ...page([item("t1", "First task"), item("t2", "Second task")]), total: 10000, totalCapped: true, nextCursor: "2" };
  serve((url) => (url.pathname === "/api/web/tasks" ? answer(capped) : undefined));
  render(<App />);
  await screen.findByRole("list", { name: "Tasks" }, { timeout: 8000 });
  expect(screen.getByText("2 of 10,000+ tasks")).toBeInTheDocument();
});

test("an exact total reads as counted", async () => {
  window.history.pushState({}, "", "/tasklist?view=groups");
  serve((url) => (url.pathname === "/api/web/tasks" ? answer({ ...page([item("t1", "First task")]), total: 1 }) : undefined));
  render(<App />);
  await screen.findByRole("list", { name: "Tasks" }, { timeout: 8000 });
  expect(screen.getByText("1 of 1 tasks")).toBeInTheDocument();
});

test("keyboard: j moves through the list, Enter opens, c claims, ? shows the shortcuts", async () => {
  window.history.pushState({}, "", "/tasklist");
  let claimed = false;
  serve((url, init) => {
    if (url.pathname === "/api/web/tasks") return answer(page([item("t1", "First task"), item("t2", "Second task")]));
    if (url.pathname === "/api/web/tasks/t2/claim" && init?.method === "POST") {
      claimed = true;
      return answer(detail("t2", "Second task"));
    }
    if (url.pathname === "/api/web/tasks/t2") {
      return answer(
        claimed
          ? detail("t2", "Second task", {
              holder: "ria",
              holderName: "Ria Reviewer",
              actions: { claim: false, unclaim: true, complete: true, saveDraft: true, reassign: false, skip: false, delete: false },
            })
          : detail("t2", "Second task"),
      );
    }
    return undefined;
  });
  render(<App />);
  await screen.findByRole("list", { name: "Tasks" });
  await userEvent.keyboard("j");
  expect(screen.getByRole("link", { name: /^First task/ })).toHaveFocus();
  await userEvent.keyboard("j");
  expect(screen.getByRole("link", { name: /^Second task/ })).toHaveFocus();
  await userEvent.keyboard("{Enter}");
  expect(await screen.findByRole("heading", { level: 2, name: "Second task" })).toBeInTheDocument();
  expect(window.location.pathname).toBe("/tasklist/t2");
  expect(screen.getByText("Next tier in 60 min")).toBeInTheDocument();
  expect(screen.getByRole("list", { name: "Escalation tiers" }).querySelector('[aria-current="step"]')).toHaveTextContent("reviewers");
  (document.activeElement as HTMLElement | null)?.blur();
  await userEvent.keyboard("c");
  await waitFor(() => expect(claimed).toBe(true));
  expect(await screen.findByText("Claimed by you")).toBeInTheDocument();
  expect(await screen.findByRole("button", { name: "Unclaim" })).toBeInTheDocument();
  await userEvent.keyboard("?");
  const dialog = screen.getByRole("dialog", { name: "Keyboard shortcuts" });
  expect(dialog).toHaveTextContent("Ctrl+Enter");
  await userEvent.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
});

test("a lost claim says who holds the task", async () => {
  window.history.pushState({}, "", "/tasklist/t1");
  serve((url, init) => {
    if (url.pathname === "/api/web/tasks") return answer(page([item("t1", "First task")]));
    if (url.pathname === "/api/web/tasks/t1/claim" && init?.method === "POST") {
      return answer({ status: 409, message: "Claimed by Raj Reviewer (raj)", holder: "raj" }, 409);
    }
    if (url.pathname === "/api/web/tasks/t1") return answer(detail("t1", "First task"));
    return undefined;
  });
  render(<App />);
  await userEvent.click(await screen.findByRole("button", { name: "Claim" }));
  expect(await screen.findByRole("alert")).toHaveTextContent("Claimed by Raj Reviewer (raj)");
});
