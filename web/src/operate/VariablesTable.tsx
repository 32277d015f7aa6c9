import { useState, type FormEvent } from "react";
import { ApiError } from "../api/client";
import { valueText } from "./format";

interface Props {
  variables: { name: string; value: unknown }[];
  editable: boolean;
  onSave: (name: string, value: unknown) => Promise<void>;
}

/** The instance's variables; admins edit a value (as JSON) in place. */
export function VariablesTable({ variables, editable, onSave }: Props) {
  const [editing, setEditing] = useState<string | null>(null);
  if (variables.length === 0) return <p className="muted">No variables.</p>;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Variables, scrollable">
      <table className="operate-table" aria-label="Variables">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value</th>
            {editable ? <th scope="col">Change</th> : null}
          </tr>
        </thead>
        <tbody>
          {variables.map((v) => (
            <tr key={v.name}>
              <th scope="row" className="mono">
                {v.name}
              </th>
              {editing === v.name ? (
                <td colSpan={2}>
                  <ValueEditor
                    name={v.name}
                    value={v.value}
                    onDone={() => setEditing(null)}
                    onSave={(value) => onSave(v.name, value)}
                  />
                </td>
              ) : (
                <>
                  <td>
                    <code className="value">{valueText(v.value)}</code>
                  </td>
                  {editable ? (
                    <td>
                      <button
                        type="button"
                        className="button"
                        aria-label={`Edit ${v.name}`}
                        onClick={() => setEditing(v.name)}
                      >
                        Edit
                      </button>
                    </td>
                  ) : null}
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ValueEditor({
  name,
  value,
  onSave,
  onDone,
}: {
  name: string;
  value: unknown;
  onSave: (value: unknown) => Promise<void>;
  onDone: () => void;
}) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2) ?? "null");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setError('Enter a JSON value, e.g. 42, true or "text".');
      return;
    }
    setBusy(true);
    try {
      await onSave(parsed);
      onDone();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "The value could not be saved.");
      setBusy(false);
    }
  };
  const errorId = `value-error-${name}`;
  return (
    <form onSubmit={(e) => void submit(e)} className="value-editor">
      <label className="field">
        <span>Value of {name}</span>
        <textarea
          value={text}
          rows={Math.min(8, text.split("\n").length + 1)}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? errorId : undefined}
          autoFocus
        />
      </label>
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      <div className="confirm-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          Save
        </button>
        <button type="button" className="button" onClick={onDone}>
          Discard
        </button>
      </div>
    </form>
  );
}
