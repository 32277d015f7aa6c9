import { useEffect, useRef, useState } from "react";
import { Dialog } from "../app/Dialog";
import { ErrorState, Loading } from "../app/states";
import type { CamundaFormEditor } from "./formEditor";

export interface EmbedFormDialogProps {
  taskName: string;
  /** The task's embedded form, or a blank one. */
  schema: Record<string, unknown>;
  onEmbed(schema: Record<string, unknown>): void;
  onClose(): void;
}

/**
 * The form editor in a dialog, for the form of one user task: "Use in the task" hands the
 * edited form back to the modeler, which links it to the task and deploys it with the
 * diagram. The editor's code is fetched when the dialog opens.
 */
export function EmbedFormDialog({ taskName, schema, onEmbed, onClose }: EmbedFormDialogProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CamundaFormEditor | null>(null);
  const initial = useRef(schema);
  const [state, setState] = useState<{ kind: "loading" } | { kind: "ready" } | { kind: "failed"; error: unknown }>({
    kind: "loading",
  });

  useEffect(() => {
    let live = true;
    let created: CamundaFormEditor | null = null;
    import("./formEditor")
      .then(async ({ CamundaFormEditor }) => {
        if (!live || !host.current) return;
        created = new CamundaFormEditor(host.current, () => undefined);
        await created.open(initial.current);
        if (!live) return;
        editor.current = created;
        setState({ kind: "ready" });
      })
      .catch((error: unknown) => {
        if (live) setState({ kind: "failed", error });
      });
    return () => {
      live = false;
      editor.current = null;
      created?.destroy();
    };
  }, []);

  return (
    <Dialog title={`Form of “${taskName}”`} onClose={onClose}>
      {state.kind === "loading" ? <Loading label="Loading the form editor" /> : null}
      {state.kind === "failed" ? <ErrorState error={state.error} /> : null}
      <p className="modeler-hint">
        Deployed with the diagram as form <code>{String(schema.id)}</code>, which the task links.
      </p>
      <div className="embed-form-editor" ref={host} data-testid="embedded-form-editor" />
      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={state.kind !== "ready"}
          onClick={() => {
            if (editor.current) onEmbed(editor.current.schema());
          }}
        >
          Use in the task
        </button>
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
