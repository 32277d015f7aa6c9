/** The modeler's API (`/api/web/models/...`) and the calls the page makes. */
import { api } from "../api/client";

export interface Problem {
  /** The element the problem concerns; null when it concerns the whole file. */
  elementId: string | null;
  message: string;
}

export interface Deployed {
  kind: "process" | "form";
  id: string;
  version: number;
  key: string;
  resourceName: string;
}

export interface Started {
  instanceId: string;
  kind: "bpmn" | "conductor";
  firstTask: { taskId: string; name: string } | null;
}

export function validateModel(source: string, resourceName: string, signal?: AbortSignal) {
  return api<{ problems: Problem[] }>("/api/web/models/validate", {
    method: "POST",
    body: { kind: "bpmn", source, resourceName },
    signal,
  }).then((answer) => answer.problems);
}

export function deployModel(resources: { name: string; content: string }[]) {
  return api<{ key: string; deployed: Deployed[] }>("/api/web/models/deploy", {
    method: "POST",
    body: { resources },
  }).then((answer) => answer.deployed);
}

export function startProcess(processId: string, version: number, variables: Record<string, unknown>) {
  return api<Started>(`/api/web/processes/${encodeURIComponent(processId)}/start`, {
    method: "POST",
    body: { version, variables },
  });
}
