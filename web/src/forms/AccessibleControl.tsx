import { useLayoutEffect, useRef } from "react";
import {
  and,
  isBooleanControl,
  isDateControl,
  isDateTimeControl,
  isEnumControl,
  isIntegerControl,
  isMultiLineControl,
  isNumberControl,
  isStringControl,
  isTimeControl,
  not,
  optionIs,
  or,
  rankWith,
} from "@jsonforms/core";
import type { ControlProps, RankedTester } from "@jsonforms/core";
import { DispatchCell, withJsonFormsControlProps } from "@jsonforms/react";

/**
 * A labelled field for a JSON Forms control: the vanilla cell (the input itself) with a
 * visible label tied to it, its error next to it, and `aria-invalid`/`aria-describedby` on the
 * input (the vanilla renderers set neither).
 */
function AccessibleControl(props: ControlProps) {
  const { id, label, required, errors, visible, enabled, path, schema, uischema, description } = props;
  const box = useRef<HTMLDivElement>(null);
  const inputId = `${id}-input`;
  const noteId = `${id}-note`;
  const invalid = errors.trim() !== "";
  const note = invalid ? errors : description;

  useLayoutEffect(() => {
    const input = box.current?.querySelector<HTMLElement>(`[id="${inputId}"]`);
    if (!input) return;
    if (invalid) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    if (note) input.setAttribute("aria-describedby", noteId);
    else input.removeAttribute("aria-describedby");
    if (required) input.setAttribute("aria-required", "true");
  });

  if (!visible) return null;
  const boolean = schema.type === "boolean";
  return (
    <div ref={box} className={`jf-field${boolean ? " jf-field-boolean" : ""}${invalid ? " jf-invalid" : ""}`}>
      <label htmlFor={inputId} className="jf-label">
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      <DispatchCell schema={schema} uischema={uischema} path={path} id={inputId} enabled={enabled} />
      {note ? (
        <p id={noteId} className={invalid ? "field-error" : "field-hint"}>
          {note}
        </p>
      ) : null}
    </div>
  );
}

export const accessibleControlTester: RankedTester = rankWith(
  2,
  and(
    or(
      isStringControl,
      isNumberControl,
      isIntegerControl,
      isBooleanControl,
      isEnumControl,
      isDateControl,
      isDateTimeControl,
      isTimeControl,
      isMultiLineControl,
    ),
    not(optionIs("format", "radio")),
  ),
);

export default withJsonFormsControlProps(AccessibleControl);
