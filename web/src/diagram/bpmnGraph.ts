/**
 * A BPMN model without diagram interchange (no shapes to draw, as often when XML is
 * generated) read as a plain graph: its flow elements as nodes, its sequence flows as edges,
 * so it can be laid out like a Conductor workflow. Returns null when the XML has shapes.
 */
import type { GraphEdge, GraphNode } from "./api";

const BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
const SKIP = new Set([
  "sequenceFlow",
  "extensionElements",
  "documentation",
  "laneSet",
  "textAnnotation",
  "association",
  "dataObject",
  "dataObjectReference",
  "dataStoreReference",
  "incoming",
  "outgoing",
  "conditionExpression",
  "multiInstanceLoopCharacteristics",
  "standardLoopCharacteristics",
  "ioSpecification",
  "property",
  "dataInputAssociation",
  "dataOutputAssociation",
]);
const SCOPES = new Set(["subProcess", "transaction", "adHocSubProcess"]);

export function needsOwnLayout(xml: string): boolean {
  return !/BPMNShape/.test(xml);
}

export function bpmnGraph(xml: string): { nodes: GraphNode[]; edges: GraphEdge[] } | null {
  if (!needsOwnLayout(xml)) return null;
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  if (doc.getElementsByTagName("parsererror").length > 0) return null;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const walk = (scope: Element) => {
    for (const child of Array.from(scope.children)) {
      if (child.namespaceURI !== BPMN) continue;
      const kind = child.localName;
      const id = child.getAttribute("id");
      if (kind === "sequenceFlow") {
        const from = child.getAttribute("sourceRef");
        const to = child.getAttribute("targetRef");
        const name = child.getAttribute("name");
        if (from && to) edges.push(name ? { from, to, label: name } : { from, to });
        continue;
      }
      if (SKIP.has(kind) || !id) continue;
      nodes.push({ id, name: child.getAttribute("name") || id, type: kind });
      const host = child.getAttribute("attachedToRef");
      if (kind === "boundaryEvent" && host) edges.push({ from: host, to: id });
      if (SCOPES.has(kind)) walk(child);
    }
  };
  for (const process of Array.from(doc.getElementsByTagNameNS(BPMN, "process"))) walk(process);
  return nodes.length > 0 ? { nodes, edges } : null;
}
