import { useEffect, useId, useRef, useState } from "react";
import type { TaskFormProps } from "./types";
import { FormProblems } from "./FormProblems";
import { parsePath } from "./paths";
import { collect, parseValue, rowsOf } from "./variables";
import type { VariableRow } from "./variables";

/** A task without a form: its variables as name / JSON value rows, to change, add or remove. */
export function VariablesEditor(props: TaskFormProps) {
  const { values, errors, disabled, onChange, onSubmit, submitRef } = props;
  const [rows, setRows] = useState<VariableRow[]>(() => rowsOf(values));
  const [tried, setTried] = useState(false);
  const nextKey = useRef(rows.length);
  const tableId = useId();
  const { values: collected, problems } = collect(rows);

  const serverByName = new Map<string, string[]>();
  const elsewhere = errors.filter((problem) => {
    const first = parsePath(problem.path)[0];
    if (typeof first !== "string" || !rows.some((row) => row.name.trim() === first)) return true;
    serverByName.set(first, [...(serverByName.get(first) ?? []), problem.message]);
    return false;
  });

  const change = (next: VariableRow[]) => {
    setRows(next);
    const result = collect(next).values;
    if (result) onChange(result);
  };
  const update = (key: number, patch: Partial<VariableRow>) =>
    change(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const submit = () => {
    setTried(true);
    if (collected && !disabled) onSubmit(collected);
  };
  const submitNow = useRef(submit);
  useEffect(() => {
    submitNow.current = submit;
  });
  useEffect(() => {
    if (!submitRef) return;
    submitRef.current = () => submitNow.current();
    return () => {
      submitRef.current = null;
    };
  }, [submitRef]);

  return (
    <form
      className="variables-editor"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <table className="variables-table" aria-labelledby={`${tableId}-caption`}>
        <caption id={`${tableId}-caption`}>Variables</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value (JSON or text)</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3} className="variables-empty">
                No variables yet.
              </td>
            </tr>
          ) : null}
          {rows.map((row, index) => {
            const label = row.name.trim() || `variable ${index + 1}`;
            const local = problems.get(row.key);
            const shown = local && (tried || !parseValue(row.text).ok) ? local : undefined;
            const server = serverByName.get(row.name.trim());
            const message = shown ?? server?.join("; ");
            const errorId = `${tableId}-error-${row.key}`;
            return (
              <tr key={row.key} className={message ? "row-invalid" : undefined}>
                <td>
                  <input
                    className="input"
                    aria-label={`Name of ${label}`}
                    value={row.name}
                    disabled={disabled}
                    onChange={(event) => update(row.key, { name: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="input mono"
                    aria-label={`Value of ${label}`}
                    value={row.text}
                    disabled={disabled}
                    aria-invalid={message ? true : undefined}
                    aria-describedby={message ? errorId : undefined}
                    onChange={(event) => update(row.key, { text: event.target.value })}
                  />
                  {message ? (
                    <p id={errorId} className="field-error">
                      {message}
                    </p>
                  ) : null}
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-quiet"
                    aria-label={`Remove ${label}`}
                    disabled={disabled}
                    onClick={() => change(rows.filter((other) => other.key !== row.key))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <FormProblems problems={elsewhere} />
      <div className="form-actions">
        <button
          type="button"
          className="button"
          disabled={disabled}
          onClick={() => {
            const key = nextKey.current;
            nextKey.current += 1;
            setRows([...rows, { key, name: "", text: "" }]);
          }}
        >
          Add variable
        </button>
        <button type="submit" className="button button-primary" disabled={disabled}>
          {props.submitLabel ?? "Complete Task"}
        </button>
      </div>
    </form>
  );
}
