import { useEffect, useRef } from "react";
import type { JSONSchema7 } from "json-schema";
import type { EditorView } from "@codemirror/view";

interface Props {
  value: string;
  schema: JSONSchema7;
  label: string;
  onChange: (value: string) => void;
}

/**
 * A JSON editor with completion from a JSON Schema. CodeMirror is imported on mount, so it
 * loads with the page that uses it (the modeler's chunk), never with the app shell.
 */
export function JsonSchemaEditor({ value, schema, label, onChange }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let cancelled = false;
    void import("./jsonEditor").then(({ createJsonEditor }) => {
      if (cancelled || !host.current) return;
      view.current = createJsonEditor({
        parent: host.current,
        doc: value,
        schema,
        label,
        onChange: (doc) => changed.current(doc),
      });
    });
    return () => {
      cancelled = true;
      view.current?.destroy();
      view.current = null;
    };
    // the editor owns its text after mount; `value` changes from outside are pushed below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [schema, label]);

  useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
    }
  }, [value]);

  return <div className="json-editor" ref={host} data-testid="json-editor" />;
}
