import { useEffect, useMemo, useRef, useState } from "react";
import { ErrorState, Loading } from "../app/states";
import { camundaErrors } from "./camundaErrors";
import { FormProblems } from "./FormProblems";
import type { FormValues, TaskFormProps } from "./types";

/** The part of form-js' `Form` used here. */
interface Viewer {
  importSchema(schema: unknown, data?: FormValues): Promise<unknown>;
  submit(): { data: FormValues; errors: Record<string, unknown> };
  setProperty(name: string, value: unknown): void;
  on(
    event: string,
    handler: (event: { data: FormValues; schema?: unknown; errors?: Record<string, unknown> }) => void,
  ): void;
  destroy(): void;
  _getState(): { schema: unknown; data: FormValues; errors: Record<string, unknown> };
  _setState(state: { errors: Record<string, unknown> }): void;
}

type Status =
  | { kind: "loading" }
  | { kind: "ready"; imported: object }
  | { kind: "failed"; error: unknown };

/** form-js and its stylesheet: a chunk of their own, fetched the first time a form shows. */
async function loadViewer(): Promise<new (options: object) => Viewer> {
  const [library] = await Promise.all([
    import("@bpmn-io/form-js-viewer"),
    import("@bpmn-io/form-js-viewer/dist/assets/form-js.css"),
  ]);
  return library.Form as unknown as new (options: object) => Viewer;
}

/** The server's errors placed on the form, and the data they were about. */
interface HeldErrors {
  errors: Record<string, unknown>;
  data: string;
}

/** Whether form-js' errors still show every one of the server's. */
function showsAll(shown: Record<string, unknown> | undefined, held: Record<string, unknown>): boolean {
  return Object.entries(held).every(([id, found]) => JSON.stringify(shown?.[id]) === JSON.stringify(found));
}

interface Props extends TaskFormProps {
  schema: Record<string, unknown>;
}

/** A Camunda form (form-js JSON) in the form-js viewer, with the server's errors on its fields. */
export default function CamundaForm(props: Props) {
  const { schema, values, errors, disabled, submitRef } = props;
  const host = useRef<HTMLDivElement>(null);
  const viewer = useRef<Viewer | null>(null);
  const [status, setStatus] = useState<Status>({ kind: "loading" });
  const latest = useRef({ props, disabled });
  useEffect(() => {
    latest.current = { props, disabled };
  });
  const initialValues = useRef(values);
  const held = useRef<HeldErrors | null>(null);

  // form-js validates, shows its own findings and fires "submit", which hands the data on
  const submit = () => {
    if (viewer.current && !latest.current.disabled) viewer.current.submit();
  };

  useEffect(() => {
    let live = true;
    let created: Viewer | null = null;
    loadViewer()
      .then(async (Form) => {
        if (!live || !host.current) return;
        created = new Form({ container: host.current, properties: { readOnly: latest.current.disabled } });
        await created.importSchema(schema, { ...initialValues.current });
        if (!live) return;
        const form = created;
        form.on("changed", (state) => {
          // form-js validates fields with a value once they render, which would wipe the
          // server's errors: keep them shown until the person changes the data
          const kept = held.current;
          if (kept && JSON.stringify(state.data) === kept.data && !showsAll(state.errors, kept.errors)) {
            form._setState({ errors: { ...state.errors, ...kept.errors } });
          }
          latest.current.props.onChange({ ...state.data });
        });
        created.on("submit", (result) => {
          if (!latest.current.disabled) latest.current.props.onSubmit(result.data);
        });
        viewer.current = created;
        setStatus({ kind: "ready", imported: created._getState().schema as object });
      })
      .catch((error: unknown) => {
        if (live) setStatus({ kind: "failed", error });
      });
    return () => {
      live = false;
      viewer.current = null;
      created?.destroy();
    };
  }, [schema]);

  useEffect(() => {
    viewer.current?.setProperty("readOnly", disabled);
  }, [disabled, status]);

  // the server's answer replaces what form-js found itself
  const placed = useMemo(
    () => (status.kind === "ready" ? camundaErrors(status.imported, errors) : null),
    [status, errors],
  );
  useEffect(() => {
    const form = viewer.current;
    if (!placed || !form) return;
    held.current = { errors: placed.errors, data: JSON.stringify(form._getState().data) };
    form._setState({ errors: placed.errors });
  }, [placed]);

  useEffect(() => {
    if (!submitRef) return;
    submitRef.current = () => {
      if (viewer.current && !latest.current.disabled) viewer.current.submit();
    };
    return () => {
      submitRef.current = null;
    };
  }, [submitRef]);

  return (
    <div className="camunda-form">
      {status.kind === "loading" ? <Loading label="Loading the form" /> : null}
      {status.kind === "failed" ? <ErrorState error={status.error} /> : null}
      <div ref={host} className="camunda-form-host" />
      <FormProblems problems={placed?.elsewhere ?? []} />
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={disabled} onClick={submit}>
          {props.submitLabel ?? "Complete Task"}
        </button>
      </div>
    </div>
  );
}
