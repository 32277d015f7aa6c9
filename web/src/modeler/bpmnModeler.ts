/**
 * The bpmn-js Modeler with the Camunda 8 properties panel (zeebe moddle, behaviors), in one
 * module the modeler page loads on demand: no other page downloads it.
 */
import "bpmn-js/dist/assets/diagram-js.css";
import "bpmn-js/dist/assets/bpmn-js.css";
import "bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css";
import "@bpmn-io/properties-panel/dist/assets/properties-panel.css";
import Modeler from "bpmn-js/lib/Modeler";
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from "bpmn-js-properties-panel";
import ZeebeBehaviorsModule from "camunda-bpmn-js-behaviors/lib/camunda-cloud";
import zeebeModdle from "zeebe-bpmn-moddle/resources/zeebe.json";

interface Canvas {
  zoom(scale: "fit-viewport" | number): number;
  addMarker(element: string, marker: string): void;
  removeMarker(element: string, marker: string): void;
}

interface Overlays {
  add(element: string, type: string, overlay: { position: { bottom?: number; right?: number }; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}

interface Registry {
  get(id: string): unknown;
}

interface EventBus {
  on(event: string, callback: () => void): void;
}

const PROBLEM = "modeler-problem";

/** A modeler editing one diagram in `canvas`, its properties panel in `panel`. */
export class BpmnEditor {
  private readonly modeler: Modeler;
  private marked: string[] = [];

  constructor(canvas: HTMLElement, panel: HTMLElement, onChange: () => void) {
    this.modeler = new Modeler({
      container: canvas,
      propertiesPanel: { parent: panel },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        ZeebePropertiesProviderModule,
        ZeebeBehaviorsModule,
      ],
      moddleExtensions: { zeebe: zeebeModdle },
    });
    this.modeler.get<EventBus>("eventBus").on("commandStack.changed", onChange);
  }

  async open(xml: string): Promise<string[]> {
    const { warnings } = await this.modeler.importXML(xml);
    this.modeler.get<Canvas>("canvas").zoom("fit-viewport");
    const canvas = this.modeler.get<Canvas>("canvas");
    if (canvas.zoom("fit-viewport") > 1) canvas.zoom(1);
    return warnings.map((w: unknown) => String((w as { message?: string }).message ?? w));
  }

  async xml(): Promise<string> {
    const { xml } = await this.modeler.saveXML({ format: true });
    return xml ?? "";
  }

  has(id: string): boolean {
    return Boolean(this.modeler.get<Registry>("elementRegistry").get(id));
  }

  /** Mark each element with problems and hang its messages beside it. */
  showProblems(byElement: Map<string, string[]>): void {
    const canvas = this.modeler.get<Canvas>("canvas");
    const overlays = this.modeler.get<Overlays>("overlays");
    for (const id of this.marked) if (this.has(id)) canvas.removeMarker(id, PROBLEM);
    overlays.remove({ type: PROBLEM });
    this.marked = [];
    for (const [id, messages] of byElement) {
      if (!id || !this.has(id)) continue;
      canvas.addMarker(id, PROBLEM);
      this.marked.push(id);
      const html = document.createElement("div");
      html.className = "modeler-problem-badge";
      html.dataset.elementId = id;
      html.title = messages.join("\n");
      html.setAttribute("role", "note");
      html.setAttribute("aria-label", `${messages.length} problem(s) on ${id}: ${messages.join("; ")}`);
      html.textContent = String(messages.length);
      overlays.add(id, PROBLEM, { position: { bottom: 4, right: 4 }, html });
    }
  }

  destroy(): void {
    this.modeler.destroy();
  }
}
