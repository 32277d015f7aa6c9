/** The web Tasklist API (`/api/web/tasks`): wire types and calls. */
import { api } from "../api/client";
import type { FormSpec, FormValues } from "../forms/types";
import type { TaskQuery } from "./query";
import { apiParams } from "./queryUrl";

export interface ProcessRef {
  name: string;
  definition: string;
  version: number;
}

export interface TaskItem {
  id: string;
  name: string;
  process: ProcessRef;
  instanceId: string;
  assignee: string | null;
  assigneeName: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  created: number;
  due: number | null;
  followUp: number | null;
  completed: number | null;
  priority: number;
  priorityLabel: string;
  state: string;
}

export interface TaskPage {
  items: TaskItem[];
  total: number;
  nextCursor: string | null;
  canSeeAll: boolean;
  /** The count stopped at the server's search count cap: `total` is a lower bound. */
  totalCapped: boolean;
}

export interface Tier {
  index: number;
  users: string[];
  groups: string[];
  slaMinutes: number;
  current: boolean;
}

export interface TaskActions {
  claim: boolean;
  unclaim: boolean;
  complete: boolean;
  saveDraft: boolean;
  reassign: boolean;
  skip: boolean;
  delete: boolean;
}

export interface TaskDetail extends TaskItem {
  form: FormSpec | null;
  values: FormValues;
  tiers: Tier[];
  currentTier: number | null;
  holder: string | null;
  holderName: string | null;
  nextTierAt: number | null;
  definitionName: string;
  definitionVersion: number;
  elementId: string;
  actions: TaskActions;
}

export interface HistoryEntry {
  id: string;
  action: string;
  state: string;
  at: number;
  by: string;
  byKind: string;
  assignee: string | null;
  claimant: string | null;
  reason: string | null;
}

export interface NextStep {
  next: { taskId: string; name: string } | null;
  handedTo: { kind: "group" | "user"; id: string } | null;
  done: boolean;
}

export interface TierInput {
  users: string[];
  groups: string[];
  slaMinutes: number;
}

export type BulkAction = "claim" | "unclaim" | "complete";

export interface BulkResult {
  taskId: string;
  ok: boolean;
  status: number;
  message: string;
}

const BASE = "/api/web/tasks";
const path = (id: string, action = "") => `${BASE}/${encodeURIComponent(id)}${action}`;

export function listTasks(query: TaskQuery, cursor: string | null, signal?: AbortSignal): Promise<TaskPage> {
  const params = apiParams(query);
  if (cursor) params.set("cursor", cursor);
  const text = params.toString();
  return api<TaskPage>(text ? `${BASE}?${text}` : BASE, { signal });
}

export const getTask = (id: string, signal?: AbortSignal) => api<TaskDetail>(path(id), { signal });
export const getHistory = (id: string, signal?: AbortSignal) =>
  api<{ items: HistoryEntry[] }>(path(id, "/history"), { signal });
export const claimTask = (id: string) => api<TaskDetail>(path(id, "/claim"), { method: "POST" });
export const unclaimTask = (id: string) => api<TaskDetail>(path(id, "/unclaim"), { method: "POST" });
export const saveDraft = (id: string, values: FormValues) =>
  api<unknown>(path(id, "/draft"), { method: "POST", body: { values } });
export const completeTask = (id: string, values: FormValues) =>
  api<NextStep>(path(id, "/complete"), { method: "POST", body: { values } });
export const reassignTask = (id: string, tiers: TierInput[]) =>
  api<unknown>(path(id, "/reassign"), { method: "POST", body: { tiers } });
export const skipTask = (id: string, reason: string) =>
  api<unknown>(path(id, "/skip"), { method: "POST", body: { reason: reason || null } });
export const deleteTask = (id: string) => api<unknown>(path(id), { method: "DELETE" });
export const bulkAction = (action: BulkAction, taskIds: string[]) =>
  api<{ results: BulkResult[] }>(`${BASE}/bulk`, { method: "POST", body: { action, taskIds } });
