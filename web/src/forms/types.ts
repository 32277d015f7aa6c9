import type { FieldProblem } from "../api/client";

/** A task's form as the web API sends it: a Camunda form (form-js schema) or an Orkes
 * template (JSON Schema with a JSON Forms UI schema). Null: no form, a variables editor. */
export type FormSpec =
  | { kind: "camunda"; schema: Record<string, unknown> }
  | { kind: "jsonforms"; schema: Record<string, unknown>; uiSchema: Record<string, unknown> | null };

export type FormValues = Record<string, unknown>;

export interface TaskFormProps {
  form: FormSpec | null;
  /** What the form shows first: the task's variables, overlaid with a saved draft. */
  values: FormValues;
  /** The server's per-field validation errors from the last submit. */
  errors: FieldProblem[];
  /** Not workable by this user now (not claimed, completed): shown read-only. */
  disabled: boolean;
  /** Every change, with all current values (Save draft sends the latest). */
  onChange(values: FormValues): void;
  /** The user submitted the form (button, Enter, or the Complete shortcut via `submitRef`). */
  onSubmit(values: FormValues): void;
  /** Filled by the form with a function that submits it, for keyboard shortcuts. */
  submitRef?: { current: (() => void) | null };
  submitLabel?: string;
}
