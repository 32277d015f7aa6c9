import { Suspense, lazy } from "react";
import { Loading } from "../app/states";
import type { TaskFormProps } from "./types";
import { VariablesEditor } from "./VariablesEditor";
import "./forms.css";

// The form libraries are chunks of their own, fetched only when a form of their kind shows.
const CamundaForm = lazy(() => import("./CamundaForm"));
const JsonSchemaForm = lazy(() => import("./JsonSchemaForm"));

/**
 * A task's form: a Camunda form (form-js), an Orkes template (JSON Schema + JSON Forms), or,
 * for a task without a form, an editor of its variables. Prefilled from `values`; the
 * server's field errors shown on the fields; read-only when `disabled`.
 *
 * `values` is read when the form first shows (later changes come back through `onChange`):
 * render it with `key={taskId}` so another task starts a fresh form.
 */
export default function TaskForm(props: TaskFormProps) {
  const { form } = props;
  if (form === null) return <VariablesEditor {...props} />;
  return (
    <Suspense fallback={<Loading label="Loading the form" />}>
      {form.kind === "camunda" ? (
        <CamundaForm {...props} schema={form.schema} />
      ) : (
        <JsonSchemaForm {...props} schema={form.schema} uiSchema={form.uiSchema} />
      )}
    </Suspense>
  );
}
