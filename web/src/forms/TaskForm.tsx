import type { TaskFormProps } from "./types";

/**
 * PLACEHOLDER until the forms work lands: a plain JSON editor for every task. The real
 * component renders Camunda forms with form-js, Orkes templates with JSON Forms, and a
 * variables editor for tasks without a form, keeping these props.
 */
export default function TaskForm(props: TaskFormProps) {
  const text = JSON.stringify(props.values, null, 2);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(props.values);
      }}
    >
      <label className="field">
        <span>Variables (JSON)</span>
        <textarea readOnly rows={8} value={text} />
      </label>
      <button type="submit" className="button button-primary" disabled={props.disabled}>
        {props.submitLabel ?? "Complete Task"}
      </button>
    </form>
  );
}
