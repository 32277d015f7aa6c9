import { api } from "../api/client";

/** A Conductor workflow's tasks as a graph (see `GET /api/web/diagram/{definition}`). */
export interface GraphNode {
  id: string;
  name: string;
  type: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
}

export type DiagramData =
  | { kind: "bpmn"; xml: string }
  | { kind: "workflow"; nodes: GraphNode[]; edges: GraphEdge[] };

export function fetchDiagram(definition: string, version: number, signal: AbortSignal): Promise<DiagramData> {
  return api<DiagramData>(`/api/web/diagram/${encodeURIComponent(definition)}`, {
    query: { version: version > 0 ? version : undefined },
    signal,
  });
}
