import { useEffect, useMemo, useRef, useState } from "react";
import type { ErrorObject } from "ajv";
import { UPDATE_CORE } from "@jsonforms/core";
import type { JsonSchema, Middleware, UISchemaElement } from "@jsonforms/core";
import { JsonForms } from "@jsonforms/react";
import { vanillaCells, vanillaRenderers } from "@jsonforms/vanilla-renderers";
import AccessibleControl, { accessibleControlTester } from "./AccessibleControl";
import { FormProblems } from "./FormProblems";
import { parsePath } from "./paths";
import type { FormValues, TaskFormProps } from "./types";
import type { FieldProblem } from "../api/client";

const renderers = [...vanillaRenderers, { tester: accessibleControlTester, renderer: AccessibleControl }];

/** A JSON pointer (`/items/2/name`) for a server path (`items[2].name`). */
function pointer(path: string): string {
  const parts = parsePath(path).map((part) => String(part).replace(/~/g, "~0").replace(/\//g, "~1"));
  return parts.length ? `/${parts.join("/")}` : "";
}

/** The fields a schema shows, as pointers, a list index as `*` (items of list `a`: `/a/*`). */
function fieldPointers(schema: JsonSchema, at = "", found = new Set<string>()): Set<string> {
  const node = schema as { properties?: Record<string, JsonSchema>; items?: JsonSchema };
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const here = `${at}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    found.add(here);
    fieldPointers(child, here, found);
  }
  if (node.items && typeof node.items === "object" && !Array.isArray(node.items)) {
    found.add(`${at}/*`);
    fieldPointers(node.items, `${at}/*`, found);
  }
  return found;
}

interface Props extends TaskFormProps {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown> | null;
}

/** An Orkes form template: JSON Schema with a JSON Forms UI schema (vanilla renderers). */
export default function JsonSchemaForm(props: Props) {
  const { values, errors, disabled, onChange, onSubmit, submitRef } = props;
  const schema = props.schema as JsonSchema;
  // JSON Forms owns the data once the form shows: `values` seeds it, and is never fed back.
  // Feeding its (10 ms debounced) onChange back in as `data` raced typing: the echo of an
  // older value arrived as an "update from outside" and overwrote keystrokes made meanwhile.
  const [initial] = useState<FormValues>(values);
  const latest = useRef(initial);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  // A core update (new server errors, say) keeps what the user typed, and `latest` follows
  // every change at once, so a submit right after a keystroke sends that keystroke.
  const middleware = useMemo<Middleware>(
    () => (state, action, reducer) => {
      const next = reducer(state, action.type === UPDATE_CORE ? { ...action, data: state.data } : action);
      latest.current = (next.data ?? {}) as FormValues;
      return next;
    },
    [],
  );

  const known = useMemo(() => fieldPointers(schema), [schema]);
  const { onFields, elsewhere } = useMemo(() => {
    const onFields: ErrorObject[] = [];
    const elsewhere: FieldProblem[] = [];
    for (const problem of errors) {
      const instancePath = pointer(problem.path);
      if (known.has(instancePath) || known.has(instancePath.replace(/\/\d+(?=\/|$)/g, "/*"))) {
        onFields.push({
          instancePath,
          schemaPath: "#/server",
          keyword: "server",
          params: {},
          message: problem.message,
        });
      } else {
        elsewhere.push(problem);
      }
    }
    return { onFields, elsewhere };
  }, [errors, known]);

  useEffect(() => {
    if (!submitRef) return;
    submitRef.current = () => {
      if (!disabled) onSubmit(latest.current);
    };
    return () => {
      submitRef.current = null;
    };
  }, [submitRef, disabled, onSubmit]);

  return (
    <form
      className="jsonforms-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!disabled) onSubmit(latest.current);
      }}
    >
      <JsonForms
        schema={schema}
        uischema={(props.uiSchema as UISchemaElement | null) ?? undefined}
        data={initial}
        renderers={renderers}
        cells={vanillaCells}
        readonly={disabled}
        validationMode="ValidateAndHide"
        additionalErrors={onFields}
        middleware={middleware}
        onChange={({ data: next }) => onChangeRef.current((next ?? {}) as FormValues)}
      />
      <FormProblems problems={elsewhere} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={disabled}>
          {props.submitLabel ?? "Complete Task"}
        </button>
      </div>
    </form>
  );
}
