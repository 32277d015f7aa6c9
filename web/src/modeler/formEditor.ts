/**
 * The form-js editor and its styles, in one module the form editor page loads on demand.
 */
import "@bpmn-io/form-js-viewer/dist/assets/form-js.css";
import "@bpmn-io/form-js-editor/dist/assets/form-js-editor.css";
import { FormEditor } from "@bpmn-io/form-js-editor";

/** A form-js editor in `container` editing one Camunda form. */
export class CamundaFormEditor {
  private readonly editor: FormEditor;

  constructor(container: HTMLElement, onChange: () => void) {
    this.editor = new FormEditor({ container });
    this.editor.on("changed", onChange);
  }

  async open(schema: Record<string, unknown>): Promise<void> {
    await this.editor.importSchema(schema);
  }

  schema(): Record<string, unknown> {
    return this.editor.saveSchema() as Record<string, unknown>;
  }

  destroy(): void {
    this.editor.destroy();
  }
}
