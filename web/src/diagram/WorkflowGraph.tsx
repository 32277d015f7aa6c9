import { useMemo } from "react";
import type { GraphEdge, GraphNode } from "./api";
import { badgeParts } from "./badges";
import { isEvent, layoutGraph } from "./layout";
import type { ElementBadge } from "./types";

interface Props {
  nodes: GraphNode[];
  edges: GraphEdge[];
  highlight: ReadonlySet<string>;
  passed: ReadonlySet<string>;
  badges: ElementBadge[];
  title: string;
}

const TYPE_LABEL: Record<string, string> = {
  HUMAN: "Human task",
  SWITCH: "Switch",
  DECISION: "Decision",
  FORK_JOIN: "Fork",
  JOIN: "Join",
  DO_WHILE: "Loop",
  WAIT: "Wait",
  SET_VARIABLE: "Set variable",
  TERMINATE: "Terminate",
  SIMPLE: "Task",
};

/** "userTask" → "User task"; Conductor types by the table above. */
export function typeLabel(type: string): string {
  const known = TYPE_LABEL[type];
  if (known) return known;
  const words = type.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A Conductor workflow drawn as an SVG graph, scaled to fit its box. */
export function WorkflowGraph({ nodes, edges, highlight, passed, badges, title }: Props) {
  const layout = useMemo(() => layoutGraph(nodes, edges), [nodes, edges]);
  const badgeOf = useMemo(() => new Map(badges.map((b) => [b.elementId, b])), [badges]);
  const reached = (id: string) => passed.has(id) || highlight.has(id);
  return (
    <svg
      className="workflow-graph"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      preserveAspectRatio="xMidYMin meet"
      role="img"
      aria-label={title}
      style={{ maxHeight: Math.min(layout.height, 640), minWidth: Math.min(layout.width * 0.7, 480) }}
    >
      <defs>
        <marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" className="wf-arrow" />
        </marker>
      </defs>
      {layout.edges.map((edge) => {
        const taken = passed.has(edge.from) && reached(edge.to);
        return (
          <g key={`${edge.from}>${edge.to}>${edge.label ?? ""}`} className={`wf-edge${taken ? " token-passed" : ""}`}>
            <path d={edge.path} markerEnd="url(#wf-arrow)" />
            {edge.label ? (
              <text x={edge.labelX} y={edge.labelY} textAnchor="middle" className="wf-edge-label">
                {truncate(edge.label, 18)}
              </text>
            ) : null}
          </g>
        );
      })}
      {layout.nodes.map((node) => {
        const marker = highlight.has(node.id) ? " token-active" : passed.has(node.id) ? " token-passed" : "";
        const badge = badgeOf.get(node.id);
        const parts = badge ? badgeParts(badge) : [];
        const left = node.x - node.width / 2;
        const top = node.y - node.height / 2;
        return (
          <g key={node.id} className={`wf-node wf-${node.type.toLowerCase()}${marker}`} data-element-id={node.id}>
            {isEvent(node.type) ? (
              <circle cx={node.x} cy={node.y} r={node.width / 2} />
            ) : (
              <rect x={left} y={top} width={node.width} height={node.height} rx={8} />
            )}
            {isEvent(node.type) ? (
              <text x={node.x + node.width / 2 + 6} y={node.y + 4} className="wf-event-label">
                {node.name}
              </text>
            ) : (
              <>
                <text x={node.x} y={node.y - 4} textAnchor="middle" className="wf-name">
                  {truncate(node.name, 22)}
                </text>
                <text x={node.x} y={node.y + 14} textAnchor="middle" className="wf-type">
                  {typeLabel(node.type)}
                </text>
              </>
            )}
            {parts.map((part, i) => (
              <g key={part.kind} className={`wf-badge wf-badge-${part.kind}`} transform={`translate(${left + node.width - 4 - i * 94}, ${top - 10})`}>
                <rect x={-86} y={0} width={90} height={16} rx={8} />
                <text x={-41} y={12} textAnchor="middle">
                  {part.text}
                </text>
              </g>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
