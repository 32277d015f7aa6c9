import { expect, test } from "vitest";
import { DEFAULT_QUERY } from "./query";
import type { TaskQuery } from "./query";
import { apiParams, queryFromSearch, queryKey, queryToSearch } from "./queryUrl";

const FULL: TaskQuery = {
  view: "groups",
  process: "leave_request",
  dueFrom: "2026-01-01",
  dueTo: "2026-01-31",
  followUpFrom: "2026-02-01",
  followUpTo: "2026-02-28",
  minPriority: 60,
  variables: [
    { name: "status", value: '"approved"' },
    { name: "amount", value: "250" },
  ],
  text: "dinner plans",
  sort: "priority",
  order: "asc",
};

test("the default query is an empty URL", () => {
  expect(queryToSearch(DEFAULT_QUERY).toString()).toBe("");
  expect(queryFromSearch(new URLSearchParams(""))).toEqual(DEFAULT_QUERY);
});

test("every field survives the round trip through the URL", () => {
  const search = queryToSearch(FULL);
  expect(queryFromSearch(new URLSearchParams(search.toString()))).toEqual(FULL);
  expect(search.getAll("var")).toEqual(['status="approved"', "amount=250"]);
});

test("values the URL cannot mean fall back to the defaults", () => {
  const query = queryFromSearch(
    new URLSearchParams("view=everything&sort=name&order=up&minPriority=500&dueFrom=tomorrow&var=novalue"),
  );
  expect(query).toEqual(DEFAULT_QUERY);
});

test("the API gets every field under its own name", () => {
  const params = apiParams(FULL);
  expect(params.get("view")).toBe("groups");
  expect(params.get("process")).toBe("leave_request");
  expect(params.get("dueFrom")).toBe("2026-01-01");
  expect(params.get("followUpTo")).toBe("2026-02-28");
  expect(params.get("minPriority")).toBe("60");
  expect(params.getAll("variable")).toEqual(['status="approved"', "amount=250"]);
  expect(params.get("text")).toBe("dinner plans");
  expect(params.get("sort")).toBe("priority");
  expect(params.get("order")).toBe("asc");
});

test("the list key changes with the query and not otherwise", () => {
  expect(queryKey(FULL)).toBe(queryKey({ ...FULL }));
  expect(queryKey(FULL)).not.toBe(queryKey({ ...FULL, view: "mine" }));
});
