/** A TaskQuery in the page URL (shareable, the back button works) and in API calls. */
import { DEFAULT_QUERY } from "./query";
import type { TaskQuery, TaskSort, TaskView, VariableCondition } from "./query";

const VIEWS: readonly TaskView[] = ["mine", "groups", "unassigned", "all", "completed"];
const SORTS: readonly TaskSort[] = ["created", "due", "followUp", "priority"];
const DATES = ["dueFrom", "dueTo", "followUpFrom", "followUpTo"] as const;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `name=value` as one URL value; the value is JSON text ("approved", 42, true). */
function variableText(v: VariableCondition): string {
  return `${v.name}=${v.value}`;
}

function parseVariable(text: string): VariableCondition | null {
  const at = text.indexOf("=");
  if (at <= 0) return null;
  return { name: text.slice(0, at).trim(), value: text.slice(at + 1) };
}

/** The URL's search parameters for a query; defaults are left out. */
export function queryToSearch(query: TaskQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.view !== DEFAULT_QUERY.view) params.set("view", query.view);
  if (query.process) params.set("process", query.process);
  for (const key of DATES) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.minPriority !== undefined) params.set("minPriority", String(query.minPriority));
  for (const v of query.variables ?? []) params.append("var", variableText(v));
  if (query.text) params.set("q", query.text);
  if (query.sort !== DEFAULT_QUERY.sort) params.set("sort", query.sort);
  if (query.order !== DEFAULT_QUERY.order) params.set("order", query.order);
  return params;
}

/** The query a URL holds; values it cannot read fall back to the defaults. */
export function queryFromSearch(params: URLSearchParams): TaskQuery {
  const query: TaskQuery = { ...DEFAULT_QUERY };
  const view = params.get("view") as TaskView | null;
  if (view && VIEWS.includes(view)) query.view = view;
  const process = params.get("process");
  if (process) query.process = process;
  for (const key of DATES) {
    const value = params.get(key);
    if (value && ISO_DAY.test(value)) query[key] = value;
  }
  const priority = params.get("minPriority");
  if (priority !== null && /^\d{1,3}$/.test(priority) && Number(priority) <= 100) {
    query.minPriority = Number(priority);
  }
  const variables = params.getAll("var").map(parseVariable).filter((v): v is VariableCondition => v !== null);
  if (variables.length) query.variables = variables;
  const text = params.get("q");
  if (text) query.text = text;
  const sort = params.get("sort") as TaskSort | null;
  if (sort && SORTS.includes(sort)) query.sort = sort;
  const order = params.get("order");
  if (order === "asc" || order === "desc") query.order = order;
  return query;
}

/** The list endpoint's parameters for a query. */
export function apiParams(query: TaskQuery): URLSearchParams {
  const params = new URLSearchParams({ view: query.view, sort: query.sort, order: query.order });
  if (query.process) params.set("process", query.process);
  for (const key of DATES) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.minPriority !== undefined) params.set("minPriority", String(query.minPriority));
  for (const v of query.variables ?? []) {
    if (v.name.trim()) params.append("variable", variableText(v));
  }
  if (query.text?.trim()) params.set("text", query.text.trim());
  return params;
}

/** A stable key for a query (what the list is loaded for). */
export function queryKey(query: TaskQuery): string {
  return apiParams(query).toString();
}
