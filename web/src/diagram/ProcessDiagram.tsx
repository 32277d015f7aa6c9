import { useCallback, useMemo } from "react";
import { ErrorState } from "../app/states";
import { useResource } from "../app/useResource";
import { fetchDiagram } from "./api";
import { BpmnCanvas } from "./BpmnCanvas";
import { bpmnGraph } from "./bpmnGraph";
import { badgeParts } from "./badges";
import "./diagram.css";
import type { Marking } from "./bpmnViewer";
import type { ElementBadge, ProcessDiagramProps } from "./types";
import { WorkflowGraph } from "./WorkflowGraph";

const NONE: string[] = [];
const NO_BADGES: ElementBadge[] = [];

/**
 * A process definition's diagram: BPMN drawn by bpmn-js, a Conductor workflow drawn as a
 * layered graph. Elements in `highlight` carry `token-active`, those in `passed`
 * `token-passed`; `badges` show counts. A screen-reader list repeats what is marked.
 */
export default function ProcessDiagram({
  definition,
  version,
  highlight = NONE,
  passed = NONE,
  badges = NO_BADGES,
  label,
}: ProcessDiagramProps) {
  const load = useCallback((signal: AbortSignal) => fetchDiagram(definition, version, signal), [definition, version]);
  const diagram = useResource(`diagram:${definition}:${version}`, load);
  const marking = useMemo<Marking>(
    () => ({
      highlight,
      passed,
      badges: badges.map((b) => ({ elementId: b.elementId, parts: badgeParts(b) })),
    }),
    [highlight, passed, badges],
  );
  const names = useMemo(() => {
    if (diagram.status !== "ready") return new Map<string, string>();
    if (diagram.data.kind === "workflow") return new Map(diagram.data.nodes.map((n) => [n.id, n.name]));
    return bpmnNames(diagram.data.xml);
  }, [diagram]);
  // a Conductor workflow, or a BPMN model without shapes, is laid out here
  const graph = useMemo(() => {
    if (diagram.status !== "ready") return null;
    if (diagram.data.kind === "workflow") return { nodes: diagram.data.nodes, edges: diagram.data.edges };
    return bpmnGraph(diagram.data.xml);
  }, [diagram]);
  const title = `${label}: ${definition} version ${version}`;

  return (
    <section aria-label={label} className="process-diagram">
      {diagram.status === "loading" ? (
        <p className="diagram-loading" role="status">
          Loading the diagram…
        </p>
      ) : diagram.status === "error" ? (
        <ErrorState error={diagram.error} retry={diagram.reload} />
      ) : graph === null && diagram.data.kind === "bpmn" ? (
        <BpmnCanvas xml={diagram.data.xml} marking={marking} title={title} />
      ) : graph !== null ? (
        <div className="workflow-frame" tabIndex={0} role="group" aria-label="Diagram drawing">
          <WorkflowGraph
            nodes={graph.nodes}
            edges={graph.edges}
            highlight={new Set(highlight)}
            passed={new Set(passed)}
            badges={badges}
            title={title}
          />
        </div>
      ) : null}
      <DiagramSummary names={names} highlight={highlight} badges={badges} />
    </section>
  );
}

/** Element names from BPMN XML (id → name), for the spoken summary. */
function bpmnNames(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  try {
    const doc = new DOMParser().parseFromString(xml, "application/xml");
    for (const element of Array.from(doc.querySelectorAll("[id]"))) {
      const name = element.getAttribute("name");
      if (name) names.set(element.getAttribute("id") ?? "", name);
    }
  } catch {
    // names are a nicety; ids are spoken instead
  }
  return names;
}

function DiagramSummary({
  names,
  highlight,
  badges,
}: {
  names: Map<string, string>;
  highlight: string[];
  badges: ElementBadge[];
}) {
  const lines = [
    ...highlight.map((id) => `${names.get(id) ?? id}: current`),
    ...badges
      .map((b) => ({ id: b.elementId, parts: badgeParts(b) }))
      .filter((b) => b.parts.length > 0)
      .map((b) => `${names.get(b.id) ?? b.id}: ${b.parts.map((p) => p.text).join(", ")}`),
  ];
  if (lines.length === 0) return null;
  return (
    <ul className="visually-hidden" aria-label="Marked elements">
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  );
}
