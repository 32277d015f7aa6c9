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
  on(event: string, callback: (event: { newSelection?: Shape[] }) => void): void;
}

/** The parts of bpmn-js' model objects used here (moddle elements are untyped). */
interface Bo {
  $type: string;
  $parent?: Bo;
  id?: string;
  extensionElements?: Bo;
  values?: Bo[];
  formId?: string;
  [key: string]: unknown;
}

interface Shape {
  id: string;
  type: string;
  businessObject: Bo;
}

interface Modeling {
  updateModdleProperties(element: Shape, moddleElement: Bo, properties: Record<string, unknown>): void;
}

interface Factory {
  create(type: string, properties?: Record<string, unknown>): Bo;
}


const PROBLEM = "modeler-problem";

/** A modeler editing one diagram in `canvas`, its properties panel in `panel`. */
export class BpmnEditor {
  private readonly modeler: Modeler;
  private marked: string[] = [];

  constructor(
    canvas: HTMLElement,
    panel: HTMLElement,
    onChange: () => void,
    onSelect: (userTaskId: string | null) => void = () => undefined,
  ) {
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
    const events = this.modeler.get<EventBus>("eventBus");
    events.on("commandStack.changed", () => onChange());
    events.on("selection.changed", (event) => {
      const only = event.newSelection?.length === 1 ? event.newSelection[0] : undefined;
      onSelect(only?.type === "bpmn:UserTask" ? only.id : null);
    });
  }

  private shape(id: string): Shape | null {
    return (this.modeler.get<Registry>("elementRegistry").get(id) as Shape | undefined) ?? null;
  }

  /** `bo`'s extension elements, created (undoably) when it has none. */
  private extensions(shape: Shape, bo: Bo): Bo {
    if (bo.extensionElements) return bo.extensionElements;
    const created = this.modeler.get<Factory>("bpmnFactory").create("bpmn:ExtensionElements", { values: [] });
    this.modeler.get<Modeling>("modeling").updateModdleProperties(shape, bo, { extensionElements: created });
    return created;
  }

  /** The id of the Camunda form user task `id` links (`zeebe:formDefinition formId`). */
  linkedFormId(id: string): string | null {
    const task = this.shape(id);
    const definition = task?.businessObject.extensionElements?.values?.find((v) => v.$type === "zeebe:FormDefinition");
    const formId = definition?.formId;
    return typeof formId === "string" && formId ? formId : null;
  }

  /** Link user task `id` to the Camunda form `formId` (replacing any other form). Undoable.
   * A Camunda user task links its form (camunda-bpmn-js-behaviors strips embedded ones). */
  linkForm(id: string, formId: string): void {
    const task = this.shape(id);
    if (!task) return;
    const modeling = this.modeler.get<Modeling>("modeling");
    const extensions = this.extensions(task, task.businessObject);
    const definition = extensions.values?.find((v) => v.$type === "zeebe:FormDefinition");
    if (definition) {
      modeling.updateModdleProperties(task, definition, { formId });
      return;
    }
    const created = this.modeler.get<Factory>("bpmnFactory").create("zeebe:FormDefinition", { formId });
    created.$parent = extensions;
    modeling.updateModdleProperties(task, extensions, { values: [...(extensions.values ?? []), created] });
  }

  /** Every form id the diagram's user tasks and start events link. */
  linkedFormIds(): string[] {
    const registry = this.modeler.get<{ getAll(): Shape[] }>("elementRegistry");
    const found = new Set<string>();
    for (const shape of registry.getAll()) {
      const values = shape.businessObject?.extensionElements?.values;
      const definition = values?.find((v) => v.$type === "zeebe:FormDefinition");
      if (typeof definition?.formId === "string" && definition.formId) found.add(definition.formId);
    }
    return [...found];
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
