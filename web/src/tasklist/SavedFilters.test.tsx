import { configure, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactNode } from "react";
import { afterEach, expect, test, vi } from "vitest";
import { SessionProvider, useSession } from "../app/session";
import SavedFilters from "./SavedFilters";
import type { SavedFilter } from "./SavedFilters";
import type { TaskQuery } from "./query";

// lazily loaded form chunks take a while on a busy machine
configure({ asyncUtilTimeout: 15_000 });
vi.setConfig({ testTimeout: 30_000 });

afterEach(() => vi.restoreAllMocks());

function answer(status: number, body?: unknown): Response {
  if (body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

const SESSION = {
  user: { id: "ann", name: "Ann", groups: ["sales"], roles: ["USER"], admin: false },
  csrfToken: "t".repeat(43),
  expiresAt: 0,
};
const CURRENT: TaskQuery = { view: "groups", sort: "due", order: "asc" };
const MINE: SavedFilter = {
  id: "f1",
  name: "Due soon",
  ownerId: "ann",
  mine: true,
  sharedGroup: null,
  query: { view: "mine", sort: "due", order: "asc" },
  updatedAt: 1,
};
const SHARED: SavedFilter = { ...MINE, id: "f2", name: "Team", ownerId: "bob", mine: false, sharedGroup: "sales" };

function SignedIn({ children }: { children: ReactNode }) {
  const { state } = useSession();
  return state.status === "signed-in" ? children : null;
}

function show(onApply = vi.fn()) {
  render(
    <SessionProvider>
      <SignedIn>
        <SavedFilters current={CURRENT} onApply={onApply} />
      </SignedIn>
    </SessionProvider>,
  );
  return onApply;
}

test("lists mine and shared ones, applies on click, deletes only mine", async () => {
  let filters = [MINE, SHARED];
  const calls: string[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    calls.push(`${init?.method ?? "GET"} ${url}`);
    if (url === "/api/web/session") return answer(200, SESSION);
    if (init?.method === "DELETE") {
      filters = filters.filter((f) => url !== `/api/web/filters/${f.id}`);
      return answer(204);
    }
    return answer(200, { filters });
  });
  const onApply = show();
  const list = await screen.findByRole("list", { name: "Saved filters" });
  expect(within(list).getByText("From bob, group sales")).toBeInTheDocument();
  await userEvent.click(within(list).getByRole("button", { name: "Team" }));
  expect(onApply).toHaveBeenCalledWith(SHARED.query);
  expect(within(list).queryByRole("button", { name: "Delete Team" })).not.toBeInTheDocument();
  await userEvent.click(within(list).getByRole("button", { name: "Delete Due soon" }));
  expect(await screen.findByText("Deleted filter Due soon")).toBeInTheDocument();
  expect(calls).toContain("DELETE /api/web/filters/f1");
  expect(await within(list).findByRole("button", { name: "Team" })).toBeInTheDocument();
  expect(within(list).queryByRole("button", { name: "Due soon" })).not.toBeInTheDocument();
});

test("saves the current filter, shared with a group, and says when the name is taken", async () => {
  const posted: unknown[] = [];
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = String(input);
    if (url === "/api/web/session") return answer(200, SESSION);
    if (init?.method === "POST") {
      posted.push(JSON.parse(String(init.body)));
      if (posted.length === 1) return answer(409, { message: "taken" });
      return answer(201, { ...MINE, name: "Team view", sharedGroup: "sales" });
    }
    return answer(200, { filters: [] });
  });
  show();
  await userEvent.click(await screen.findByRole("button", { name: "Save filter" }));
  const dialog = screen.getByRole("dialog", { name: "Save filter" });
  expect(within(dialog).getByRole("option", { name: "Only me" })).toBeInTheDocument();
  await userEvent.type(within(dialog).getByRole("textbox", { name: "Name" }), "Team view");
  await userEvent.selectOptions(within(dialog).getByRole("combobox", { name: "Share with group" }), "sales");
  await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
  expect(await within(dialog).findByRole("alert")).toHaveTextContent("already have a filter");
  await userEvent.click(within(dialog).getByRole("button", { name: "Save" }));
  expect(await screen.findByText("Saved filter Team view")).toBeInTheDocument();
  expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  expect(posted[1]).toEqual({ name: "Team view", query: CURRENT, sharedGroup: "sales" });
});
