/** The modeler's API (`/api/web/models/...`) and the calls the page makes. */
import { api } from "../api/client";
import type { GraphEdge, GraphNode } from "../diagram/api";
import type { StartableProcess } from "../start/StartPage";

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

export type DraftKind = "bpmn" | "form" | "template";

export interface DraftSummary {
  name: string;
  kind: DraftKind;
  resourceId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface Draft extends DraftSummary {
  content: string;
}

export interface DeployedProcess {
  processId: string;
  label: string | null;
  versions: number[];
}

const draftPath = (name: string) => `/api/web/models/drafts/${encodeURIComponent(name)}`;

export function listDrafts(signal?: AbortSignal) {
  return api<{ drafts: DraftSummary[] }>("/api/web/models/drafts", { signal }).then((a) => a.drafts);
}

export function getDraft(name: string) {
  return api<Draft>(draftPath(name));
}

export function saveDraft(name: string, kind: DraftKind, content: string) {
  return api<Draft>(draftPath(name), { method: "PUT", body: { kind, content } });
}

export function deleteDraft(name: string) {
  return api<unknown>(draftPath(name), { method: "DELETE" });
}

export function diffDraft(name: string, version?: number) {
  return api<{ resourceId: string; version: number; diff: string }>(`${draftPath(name)}/diff`, {
    query: { version },
  });
}

export function listDeployed(signal?: AbortSignal) {
  return api<{ processes: DeployedProcess[] }>("/api/web/models/deployed", { signal }).then((a) => a.processes);
}

export interface WorkflowCheck {
  problems: Problem[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[] } | null;
}

export function checkWorkflow(source: string, signal?: AbortSignal) {
  return api<WorkflowCheck>("/api/web/models/validate", {
    method: "POST",
    body: { kind: "conductor", source, resourceName: "workflow.json" },
    signal,
  });
}

export function registerWorkflow(source: string) {
  return api<{ name: string; version: number }>("/api/web/models/workflows", { method: "POST", body: { source } });
}

/**
 * The start form of a deployed process version, as the Start page shows it; null when it has
 * none (start it with JSON variables). The list names the latest version's form, so another
 * version deployed meanwhile also answers null rather than the wrong form.
 */
export function startFormOf(processId: string, version: number, signal?: AbortSignal) {
  return api<{ processes?: StartableProcess[] }>("/api/web/processes", { signal }).then((answer) => {
    const found = (answer.processes ?? []).find((p) => p.name === processId);
    return found && found.version === version ? found.startForm : null;
  });
}

export interface DeployedFormVersions {
  formId: string;
  versions: number[];
}

/** The deployed `.form` resources, each with its versions (newest first). */
export function listDeployedForms(signal?: AbortSignal) {
  return api<{ forms: DeployedFormVersions[] }>("/api/web/models/forms", { signal }).then((a) => a.forms);
}

/** One deployed version of a form: its form-js schema. */
export function getDeployedForm(formId: string, version: number) {
  return api<{ formId: string; version: number; schema: Record<string, unknown> }>(
    `/api/web/models/forms/${encodeURIComponent(formId)}/versions/${version}`,
  );
}

/** An Orkes user-form template version, as the Orkes API (`/api/human/template`) sends it. */
export interface FormTemplate {
  name: string;
  version: number;
  jsonSchema: Record<string, unknown>;
  templateUI?: Record<string, unknown> | null;
}

/** Every version of every template (anyone signed in may read them), from the Orkes API. */
export function listTemplates(signal?: AbortSignal) {
  return api<FormTemplate[]>("/api/human/template", { signal });
}

/** Save a template as its next version through the Orkes API (its own authorization). */
export function saveTemplate(template: { name: string; jsonSchema: unknown; templateUI: unknown }) {
  return api<FormTemplate>("/api/human/template", { method: "POST", body: template, query: { newVersion: true } });
}
