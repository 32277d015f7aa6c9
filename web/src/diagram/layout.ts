/**
 * Lays a workflow graph out top-down in layers: each node sits one layer below the deepest
 * node that leads to it (edges that loop back, found by a depth-first walk, are left out of
 * the layering and drawn along the right side), nodes in a layer are ordered by where their
 * predecessors sit, and every layer is centred.
 */
import type { GraphEdge, GraphNode } from "./api";

export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 52;
export const EVENT_SIZE = 36;
const GAP_X = 36;
const GAP_Y = 52;
const MARGIN = 24;
const LOOP_BULGE = 48;

export interface PlacedNode extends GraphNode {
  /** Centre of the node. */
  x: number;
  y: number;
  width: number;
  height: number;
  layer: number;
}

export interface PlacedEdge extends GraphEdge {
  path: string;
  labelX: number;
  labelY: number;
  back: boolean;
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Drawn as a circle: the Conductor graph's frame and BPMN events. */
export function isEvent(type: string): boolean {
  return type === "START" || type === "END" || type.endsWith("Event");
}

/** Edges that close a cycle (their target is still open on the depth-first path). */
export function backEdges(nodes: GraphNode[], edges: GraphEdge[]): Set<GraphEdge> {
  const out = new Map<string, GraphEdge[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const incoming = new Set(edges.map((e) => e.to));
  const state = new Map<string, "open" | "done">();
  const back = new Set<GraphEdge>();
  const visit = (start: string) => {
    // iterative depth-first walk: [node, index of the next outgoing edge]
    const stack: [string, number][] = [[start, 0]];
    state.set(start, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const [node, index] = top;
      const edge = out.get(node)?.[index];
      if (edge === undefined) {
        state.set(node, "done");
        stack.pop();
        continue;
      }
      top[1] = index + 1;
      const seen = state.get(edge.to);
      if (seen === "open") back.add(edge);
      else if (seen === undefined) {
        state.set(edge.to, "open");
        stack.push([edge.to, 0]);
      }
    }
  };
  for (const node of nodes) if (!incoming.has(node.id) && !state.has(node.id)) visit(node.id);
  for (const node of nodes) if (!state.has(node.id)) visit(node.id);
  return back;
}

/** Longest-path layers over the forward edges. */
export function layers(nodes: GraphNode[], forward: GraphEdge[]): Map<string, number> {
  const layer = new Map(nodes.map((n) => [n.id, 0]));
  const indegree = new Map(nodes.map((n) => [n.id, 0]));
  for (const edge of forward) indegree.set(edge.to, (indegree.get(edge.to) ?? 0) + 1);
  const ready = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let id = ready.shift(); id !== undefined; id = ready.shift()) {
    for (const edge of forward) {
      if (edge.from !== id) continue;
      layer.set(edge.to, Math.max(layer.get(edge.to) ?? 0, (layer.get(id) ?? 0) + 1));
      const left = (indegree.get(edge.to) ?? 0) - 1;
      indegree.set(edge.to, left);
      if (left === 0) ready.push(edge.to);
    }
  }
  return layer;
}

export function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): GraphLayout {
  const known = new Set(nodes.map((n) => n.id));
  const usable = edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  const back = backEdges(nodes, usable);
  const forward = usable.filter((e) => !back.has(e));
  const layerOf = layers(nodes, forward);
  const rows: GraphNode[][] = [];
  for (const node of nodes) {
    const index = layerOf.get(node.id) ?? 0;
    (rows[index] ??= []).push(node);
  }
  // order each layer by the mean position of its predecessors (ties keep the given order)
  const position = new Map<string, number>();
  rows.forEach((row, index) => {
    if (index > 0) {
      const weight = (node: GraphNode) => {
        const from = forward.filter((e) => e.to === node.id).map((e) => position.get(e.from) ?? 0);
        return from.length ? from.reduce((a, b) => a + b, 0) / from.length : 0;
      };
      const order = new Map(row.map((n, i) => [n.id, i]));
      row.sort((a, b) => weight(a) - weight(b) || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    }
    row.forEach((node, i) => position.set(node.id, i - (row.length - 1) / 2));
  });
  const widest = Math.max(1, ...rows.map((row) => row?.length ?? 0));
  const width = widest * NODE_WIDTH + (widest - 1) * GAP_X + 2 * MARGIN + LOOP_BULGE;
  const centre = (width - LOOP_BULGE) / 2;
  const placed = new Map<string, PlacedNode>();
  rows.forEach((row, index) => {
    row?.forEach((node) => {
      const event = isEvent(node.type);
      placed.set(node.id, {
        ...node,
        x: centre + (position.get(node.id) ?? 0) * (NODE_WIDTH + GAP_X),
        y: MARGIN + NODE_HEIGHT / 2 + index * (NODE_HEIGHT + GAP_Y),
        width: event ? EVENT_SIZE : NODE_WIDTH,
        height: event ? EVENT_SIZE : NODE_HEIGHT,
        layer: index,
      });
    });
  });
  const height = MARGIN * 2 + rows.length * NODE_HEIGHT + Math.max(0, rows.length - 1) * GAP_Y;
  const placedEdges = usable.flatMap((edge) => {
    const from = placed.get(edge.from);
    const to = placed.get(edge.to);
    return from && to ? [route(edge, from, to, back.has(edge))] : [];
  });
  const placedNodes = nodes.flatMap((n) => {
    const found = placed.get(n.id);
    return found ? [found] : [];
  });
  return { width, height, nodes: placedNodes, edges: placedEdges };
}

function route(edge: GraphEdge, from: PlacedNode, to: PlacedNode, back: boolean): PlacedEdge {
  if (back) {
    // out of the right side of `from`, around, into the right side of `to`
    const sx = from.x + from.width / 2;
    const tx = to.x + to.width / 2;
    const bulge = Math.max(sx, tx) + LOOP_BULGE;
    const path = `M ${sx} ${from.y} C ${bulge} ${from.y}, ${bulge} ${to.y}, ${tx} ${to.y}`;
    return { ...edge, path, labelX: bulge - 8, labelY: (from.y + to.y) / 2, back };
  }
  const sy = from.y + from.height / 2;
  const ty = to.y - to.height / 2;
  const middle = (sy + ty) / 2;
  const path = `M ${from.x} ${sy} C ${from.x} ${middle}, ${to.x} ${middle}, ${to.x} ${ty}`;
  return { ...edge, path, labelX: (from.x + to.x) / 2, labelY: middle, back };
}
