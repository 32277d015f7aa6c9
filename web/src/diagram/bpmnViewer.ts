/**
 * The bpmn-js viewer and its styles, in one module the diagram loads on demand (its own
 * chunk: pages without a BPMN diagram never download it).
 */
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";

export interface Marking {
  highlight: string[];
  passed: string[];
  badges: { elementId: string; parts: { kind: string; text: string }[] }[];
}

interface Canvas {
  zoom(scale: "fit-viewport"): number;
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
}

interface Overlays {
  add(element: string, type: string, overlay: { position: { top?: number; right?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}

interface Registry {
  get(id: string): unknown;
}

const BADGE = "operate-badge";

/** A viewer drawing one BPMN diagram in `container`, with markers and badges that change. */
export class BpmnView {
  private readonly viewer: NavigatedViewer;
  private marked: [string, string][] = [];

  constructor(container: HTMLElement) {
    this.viewer = new NavigatedViewer({ container });
  }

  async show(xml: string): Promise<void> {
    await this.viewer.importXML(xml);
    this.fit();
  }

  fit(): void {
    this.viewer.get<Canvas>("canvas").zoom("fit-viewport");
  }

  /** Replace the markers (`token-active`, `token-passed`) and the count badges. */
  mark(marking: Marking): void {
    const canvas = this.viewer.get<Canvas>("canvas");
    const overlays = this.viewer.get<Overlays>("overlays");
    const registry = this.viewer.get<Registry>("elementRegistry");
    for (const [id, marker] of this.marked) canvas.removeMarker(id, marker);
    overlays.remove({ type: BADGE });
    this.marked = [];
    const put = (id: string, marker: string) => {
      if (!registry.get(id)) return;
      canvas.addMarker(id, marker);
      this.marked.push([id, marker]);
    };
    for (const id of marking.passed) put(id, "token-passed");
    for (const id of marking.highlight) put(id, "token-active");
    for (const badge of marking.badges) {
      if (!registry.get(badge.elementId) || badge.parts.length === 0) continue;
      const html = document.createElement("div");
      html.className = "diagram-badges";
      for (const part of badge.parts) {
        const pill = document.createElement("span");
        pill.className = `diagram-badge diagram-badge-${part.kind}`;
        pill.textContent = part.text;
        html.appendChild(pill);
      }
      overlays.add(badge.elementId, BADGE, { position: { top: -14, right: 10 }, html });
    }
  }

  destroy(): void {
    this.viewer.destroy();
  }
}
