import { expect, test } from "vitest";
import type { GraphEdge, GraphNode } from "./api";
import { backEdges, layoutGraph } from "./layout";

const node = (id: string, type = "SIMPLE"): GraphNode => ({ id, name: id, type });

test("a chain goes straight down, one layer per node", () => {
  const nodes = [node("$start", "START"), node("a"), node("b"), node("$end", "END")];
  const edges = [
    { from: "$start", to: "a" },
    { from: "a", to: "b" },
    { from: "b", to: "$end" },
  ];
  const layout = layoutGraph(nodes, edges);
  expect(layout.nodes.map((n) => n.layer)).toEqual([0, 1, 2, 3]);
  expect(new Set(layout.nodes.map((n) => n.x)).size).toBe(1);
  const ys = layout.nodes.map((n) => n.y);
  expect(ys).toEqual([...ys].sort((p, q) => p - q));
  expect(layout.edges.every((e) => !e.back)).toBe(true);
});

test("switch cases sit side by side and meet again below", () => {
  const nodes = [node("sw", "SWITCH"), node("left"), node("right"), node("after")];
  const edges: GraphEdge[] = [
    { from: "sw", to: "left", label: "yes" },
    { from: "sw", to: "right", label: "default" },
    { from: "left", to: "after" },
    { from: "right", to: "after" },
  ];
  const layout = layoutGraph(nodes, edges);
  const at = new Map(layout.nodes.map((n) => [n.id, n]));
  expect(at.get("left")?.layer).toBe(1);
  expect(at.get("right")?.layer).toBe(1);
  expect(at.get("after")?.layer).toBe(2);
  expect(at.get("left")?.x ?? 0).toBeLessThan(at.get("right")?.x ?? 0);
  // nothing overlaps and everything is inside the drawing
  for (const n of layout.nodes) {
    expect(n.x - n.width / 2).toBeGreaterThanOrEqual(0);
    expect(n.x + n.width / 2).toBeLessThanOrEqual(layout.width);
    expect(n.y + n.height / 2).toBeLessThanOrEqual(layout.height);
  }
  expect(layout.edges.find((e) => e.label === "yes")?.path).toMatch(/^M /);
});

test("a loop's edge back is found, drawn on the side and ignored by the layers", () => {
  const nodes = [node("$start", "START"), node("loop", "DO_WHILE"), node("body"), node("$end", "END")];
  const edges: GraphEdge[] = [
    { from: "$start", to: "loop" },
    { from: "loop", to: "body" },
    { from: "body", to: "loop", label: "again" },
    { from: "loop", to: "$end", label: "done" },
  ];
  expect([...backEdges(nodes, edges)]).toEqual([edges[2]]);
  const layout = layoutGraph(nodes, edges);
  const at = new Map(layout.nodes.map((n) => [n.id, n.layer]));
  expect(at.get("loop")).toBe(1);
  expect(at.get("body")).toBe(2);
  expect(at.get("$end")).toBe(2);
  expect(layout.edges.find((e) => e.label === "again")?.back).toBe(true);
});

test("edges to unknown nodes are dropped, not drawn", () => {
  const layout = layoutGraph([node("a")], [{ from: "a", to: "ghost" }]);
  expect(layout.edges).toEqual([]);
  expect(layout.nodes).toHaveLength(1);
});
