/** Per-element counts drawn as badges on a diagram (Operate). */
export interface ElementBadge {
  elementId: string;
  active: number;
  incidents: number;
  completed: number;
}

export interface ProcessDiagramProps {
  /** The process definition (BPMN process id or Conductor workflow name) and version. */
  definition: string;
  version: number;
  /** Elements to mark as the current focus (a user task, the token's place). */
  highlight?: string[];
  /** Elements (or sequence flows) already passed, drawn as the path taken. */
  passed?: string[];
  badges?: ElementBadge[];
  /** Accessible name of the diagram region. */
  label: string;
}
