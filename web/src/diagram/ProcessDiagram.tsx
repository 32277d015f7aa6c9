import type { ProcessDiagramProps } from "./types";

/**
 * PLACEHOLDER until the Operate work lands: the real component fetches the definition's
 * diagram (BPMN XML for bpmn-js, or a Conductor workflow drawn as a graph) and draws the
 * highlights, the path taken and the badges, keeping these props.
 */
export default function ProcessDiagram(props: ProcessDiagramProps) {
  return (
    <section aria-label={props.label} className="diagram-placeholder">
      <p>
        {props.definition} v{props.version}
      </p>
    </section>
  );
}
