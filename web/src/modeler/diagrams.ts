/** Plain helpers for the modeler page: the blank diagram, file names, problem grouping. */
import type { Problem } from "./api";

/** How long the user may pause before the model is validated (a keystroke resets it). */
export const VALIDATE_AFTER_MS = 400;

/** A new executable process holding one start event (Camunda's "Create blank"). */
export function blankDiagram(processId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="Baton">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="152" y="102" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}

/** A fresh process id, unique enough that two blank diagrams do not deploy over each other. */
export function newProcessId(random: () => number = Math.random): string {
  return `Process_${Math.floor(random() * 36 ** 7).toString(36).padStart(7, "0")}`;
}

/** The first executable process id in `xml`, what deploying it versions. */
export function processIdOf(xml: string): string | null {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const processes = Array.from(doc.getElementsByTagNameNS("*", "process"));
  const executable = processes.find((p) => p.getAttribute("isExecutable") === "true") ?? processes[0];
  return executable?.getAttribute("id") ?? null;
}

/** `<process id>.bpmn`, the name deploy reports and the download gets. */
export function fileNameFor(xml: string): string {
  return `${processIdOf(xml) ?? "diagram"}.bpmn`;
}

/** Problems keyed by element id; those of the whole file (or of no drawn element) under "". */
export function problemsByElement(problems: Problem[], known: (id: string) => boolean): Map<string, string[]> {
  const byId = new Map<string, string[]>();
  for (const problem of problems) {
    const key = problem.elementId && known(problem.elementId) ? problem.elementId : "";
    byId.set(key, [...(byId.get(key) ?? []), problem.message]);
  }
  return byId;
}

/** Parse the start variables; a message for the user when they are not a JSON object. */
export function parseVariables(text: string): { variables: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { variables: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { error: "Variables must be a JSON object, like {\"amount\": 5}" };
    }
    return { variables: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Variables are not valid JSON: ${(error as Error).message}` };
  }
}

/** A new Camunda form: an id and nothing else yet. */
export function blankForm(formId: string): Record<string, unknown> {
  return { id: formId, type: "default", schemaVersion: 16, components: [] };
}

/** The form id in a form schema (what deploying versions), or null. */
export function formIdOf(schema: Record<string, unknown>): string | null {
  return typeof schema.id === "string" && schema.id ? schema.id : null;
}

/** Parse a `.form` file; a message for the user when it is not a form. */
export function parseForm(text: string): { schema: Record<string, unknown> } | { error: string } {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return { error: "A form file holds one JSON object" };
    }
    return { schema: value as Record<string, unknown> };
  } catch (error) {
    return { error: `Not a JSON form: ${(error as Error).message}` };
  }
}
