/** Operate's API shapes (`/api/web/operate/...`) and the calls the pages make. */
import { api } from "../api/client";

export type InstanceState = "ACTIVE" | "INCIDENT" | "COMPLETED" | "CANCELED";

export interface Counts {
  active: number;
  incident: number;
  completed: number;
  canceled: number;
}

export interface ProcessSummary {
  name: string;
  label: string;
  kind: "bpmn" | "workflow";
  description: string | null;
  latestVersion: number;
  versions: { version: number; counts: Counts }[];
  counts: Counts;
}

export interface IncidentSummary {
  key: string;
  kind: string;
  message: string;
  instanceId: string;
  definition: string;
  version: number;
  elementId: string | null;
  createdAt: number;
}

export interface Dashboard {
  processes: ProcessSummary[];
  incidents: { count: number; newest: IncidentSummary[] };
  tasksByGroup: { group: string; count: number; oldestCreatedAt: number }[];
}

export interface Instance {
  id: string;
  definition: string;
  version: number;
  state: InstanceState;
  startedAt: number;
  endedAt: number | null;
  startedBy: string | null;
  parentId: string | null;
}

export interface InstancePage {
  total: number;
  offset: number;
  limit: number;
  items: Instance[];
}

export interface ElementCount {
  elementId: string;
  active: number;
  incidents: number;
  completed: number;
}

export interface HistoryStep {
  key: string;
  elementId: string;
  name: string;
  type: string;
  state: string;
  startedAt: number;
  endedAt: number | null;
}

export interface Incident {
  key: string;
  kind: string;
  message: string;
  state: string;
  elementId: string | null;
  createdAt: number;
  retryable: boolean;
}

export interface InstanceTask {
  id: string;
  name: string;
  elementId: string;
  state: string;
  holder: string | null;
  candidates: string[];
  createdAt: number;
}

export interface InstanceDetail extends Instance {
  label: string;
  kind: "bpmn" | "workflow";
  children: Instance[];
  activeElements: string[];
  passedElements: string[];
  history: HistoryStep[];
  variables: { name: string; value: unknown }[];
  incidents: Incident[];
  tasks: InstanceTask[];
  mayCancel: boolean;
  mayEditVariables: boolean;
}

export interface InstanceFilters {
  state: InstanceState | "";
  version: string;
  startedFrom: string;
  startedTo: string;
  variableName: string;
  variableValue: string;
}

export interface CancelResult {
  id: string;
  ok: boolean;
  status: number;
  message: string;
}

const base = "/api/web/operate";

export const operateApi = {
  dashboard: (signal: AbortSignal) => api<Dashboard>(`${base}/dashboard`, { signal }),
  processes: (signal: AbortSignal) => api<{ items: ProcessSummary[] }>(`${base}/processes`, { signal }),
  elements: (definition: string, version: number, signal: AbortSignal) =>
    api<{ items: ElementCount[] }>(`${base}/processes/${encodeURIComponent(definition)}/elements`, {
      query: { version },
      signal,
    }),
  instances: (definition: string, filters: InstanceFilters, offset: number, limit: number, signal: AbortSignal) =>
    api<InstancePage>(`${base}/instances`, {
      query: {
        definition,
        state: filters.state,
        version: filters.version,
        startedFrom: dayStart(filters.startedFrom),
        startedTo: dayEnd(filters.startedTo),
        variableName: filters.variableName.trim(),
        variableValue: filters.variableName.trim() ? filters.variableValue : undefined,
        offset,
        limit,
      },
      signal,
    }),
  instance: (id: string, signal: AbortSignal) =>
    api<InstanceDetail>(`${base}/instances/${encodeURIComponent(id)}`, { signal }),
  cancel: (id: string): Promise<void> => api<undefined>(`${base}/instances/${encodeURIComponent(id)}/cancel`, { method: "POST" }),
  cancelMany: (instanceIds: string[]) =>
    api<{ results: CancelResult[] }>(`${base}/instances/cancel`, { method: "POST", body: { instanceIds } }),
  setVariable: (id: string, name: string, value: unknown) =>
    api<undefined>(`${base}/instances/${encodeURIComponent(id)}/variables/${encodeURIComponent(name)}`, {
      method: "PUT",
      body: { value },
    }),
  resolve: (id: string, key: string, retry: boolean) =>
    api<undefined>(`${base}/instances/${encodeURIComponent(id)}/incidents/${encodeURIComponent(key)}/resolve`, {
      method: "POST",
      body: { retry },
    }),
};

/** A date input's day as epoch ms at the local start of that day (or undefined). */
function dayStart(day: string): number | undefined {
  if (!day) return undefined;
  const at = new Date(`${day}T00:00:00`).getTime();
  return Number.isNaN(at) ? undefined : at;
}

function dayEnd(day: string): number | undefined {
  if (!day) return undefined;
  const at = new Date(`${day}T23:59:59.999`).getTime();
  return Number.isNaN(at) ? undefined : at;
}
