import { useCallback, useEffect, useRef, useState } from "react";
import type { ChangeEvent } from "react";
import { Link } from "react-router-dom";
import CamundaForm from "../forms/CamundaForm";
import "../forms/forms.css";
import { ApiError } from "../api/client";
import { useResource } from "../app/useResource";
import { deployModel, getDeployedForm, getDraft, listDeployedForms, listDrafts, saveDraft, validateModel } from "./api";
import type { Deployed, Problem } from "./api";
import { VALIDATE_AFTER_MS, blankForm, formIdOf, newProcessId, parseForm } from "./diagrams";
import { CamundaFormEditor } from "./formEditor";
import "./modeler.css";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const newFormId = () => newProcessId().replace("Process_", "Form_");

/**
 * The form editor for Camunda forms: build a form with form-js, see it live in the preview,
 * see what deploy would refuse, save it to disk or as a draft, deploy it as a versioned form
 * (user tasks link it by its id: `zeebe:formDefinition formId`).
 */
export default function FormEditorPage() {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<CamundaFormEditor | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [schema, setSchema] = useState<Record<string, unknown>>(() => blankForm(newFormId()));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [deployed, setDeployed] = useState<Deployed | null>(null);
  const [submitted, setSubmitted] = useState<string | null>(null);
  const formId = formIdOf(schema) ?? "form";
  const [saves, setSaves] = useState(0);
  const drafts = useResource(`form-drafts-${saves}`, (signal) => listDrafts(signal));
  const formDrafts = drafts.status === "ready" ? drafts.data.filter((d) => d.kind === "form") : [];
  const deployedForms = useResource(`deployed-forms-${deployed?.key ?? ""}`, (signal) => listDeployedForms(signal));
  const versions = deployedForms.status === "ready" ? deployedForms.data : [];

  const check = useCallback(async (current: Record<string, unknown>) => {
    try {
      const id = formIdOf(current) ?? "form";
      setProblems(await validateModel(JSON.stringify(current), `${id}.form`));
    } catch (error) {
      setProblems([{ elementId: null, message: `Could not validate: ${messageOf(error)}` }]);
    }
  }, []);

  const changed = useCallback(() => {
    setDeployed(null);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const editor = editorRef.current;
      if (!editor) return;
      const current = editor.schema();
      setSchema((shown) => unlessSame(shown, current));
      void check(current);
    }, VALIDATE_AFTER_MS);
  }, [check]);

  const open = useCallback(
    async (next: Record<string, unknown>) => {
      const editor = editorRef.current;
      if (!editor) return;
      try {
        await editor.open(next);
        const opened = editor.schema();
        setSchema((shown) => unlessSame(shown, opened));
        setNote(null);
        void check(editor.schema());
      } catch (error) {
        setNote(`Cannot open this form: ${messageOf(error)}`);
      }
    },
    [check],
  );

  useEffect(() => {
    if (!host.current) return;
    const editor = new CamundaFormEditor(host.current, () => changed());
    editorRef.current = editor;
    void open(blankForm(newFormId()));
    return () => {
      clearTimeout(timer.current);
      editorRef.current = null;
      editor.destroy();
    };
  }, [open, changed]);

  const current = () => editorRef.current?.schema() ?? schema;

  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    const parsed = parseForm(await file.text());
    if ("error" in parsed) setNote(parsed.error);
    else await open(parsed.schema);
  };

  const saveFile = () => {
    const text = JSON.stringify(current(), null, 2);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    link.download = `${formId}.form`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  const draft = async () => {
    try {
      await saveDraft(formId, "form", JSON.stringify(current(), null, 2));
      setSaves((n) => n + 1);
      setNote(`Saved draft “${formId}”`);
    } catch (error) {
      setNote(messageOf(error));
    }
  };

  const deploy = async () => {
    try {
      const done = await deployModel([{ name: `${formId}.form`, content: JSON.stringify(current()) }]);
      setDeployed(done.find((d) => d.kind === "form") ?? null);
      setNote(null);
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        setProblems(error.fields.map((f) => ({ elementId: f.path || null, message: f.message })));
      }
      setNote(`Not deployed: ${messageOf(error)}`);
    }
  };

  return (
    <div className="modeler form-modeler">
      <div className="modeler-toolbar" role="toolbar" aria-label="Form">
        <h1 className="modeler-title">Form editor</h1>
        <button type="button" className="button" onClick={() => void open(blankForm(newFormId()))}>
          New form
        </button>
        <label className="button modeler-file">
          Open file
          <input type="file" accept=".form,.json" onChange={(e) => void openFile(e)} />
        </label>
        <button type="button" className="button" onClick={saveFile}>
          Save to disk
        </button>
        <button type="button" className="button" onClick={() => void draft()}>
          Save draft
        </button>
        <label className="modeler-files">
          Open draft
          <select
            value=""
            onChange={(e) => {
              const name = e.target.value;
              if (!name) return;
              void getDraft(name).then(
                (found) => {
                  const parsed = parseForm(found.content);
                  if ("error" in parsed) setNote(parsed.error);
                  else void open(parsed.schema);
                },
                (error: unknown) => setNote(messageOf(error)),
              );
            }}
          >
            <option value="">{formDrafts.length ? "Choose…" : "No drafts"}</option>
            {formDrafts.map((d) => (
              <option key={d.name} value={d.name}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="modeler-files">
          Open deployed
          <select
            value=""
            onChange={(e) => {
              const chosen = e.target.value;
              const at = chosen.lastIndexOf("@");
              if (at < 0) return;
              const [id, version] = [chosen.slice(0, at), Number(chosen.slice(at + 1))];
              void getDeployedForm(id, version).then(
                (found) =>
                  // open() clears the note, or says why the form did not open
                  void open(found.schema).then(() => setNote((n) => n ?? `Opened form ${id} version ${version}`)),
                (error: unknown) => setNote(messageOf(error)),
              );
            }}
          >
            <option value="">{versions.length ? "Choose…" : "Nothing deployed"}</option>
            {versions.flatMap((f) =>
              f.versions.map((v) => (
                <option key={`${f.formId}@${v}`} value={`${f.formId}@${v}`}>
                  {`${f.formId} version ${v}`}
                </option>
              )),
            )}
          </select>
        </label>
        <button type="button" className="button button-primary" onClick={() => void deploy()}>
          Deploy
        </button>
        <Link className="button button-quiet" to="/modeler">
          BPMN modeler
        </Link>
        <span className="modeler-status" role="status">
          {deployed ? `Deployed form ${deployed.id} version ${deployed.version}` : (note ?? "")}
        </span>
      </div>
      <p className="modeler-hint">
        Form id <code>{formId}</code>: link it from a user task&apos;s Form (Camunda Form, linked) in the modeler.
      </p>
      <div className="modeler-body">
        <div className="form-modeler-editor" ref={host} data-testid="form-editor" />
        <section className="form-modeler-preview" aria-labelledby="form-preview-title">
          <h2 id="form-preview-title">Preview</h2>
          <CamundaForm
            key={JSON.stringify(schema)}
            schema={schema}
            form={{ kind: "camunda", schema }}
            values={{}}
            errors={[]}
            disabled={false}
            onChange={() => undefined}
            onSubmit={(data) => setSubmitted(JSON.stringify(data, null, 2))}
            submitLabel="Try submitting"
          />
          {submitted ? (
            <pre aria-label="Submitted data" className="form-modeler-submitted">
              {submitted}
            </pre>
          ) : null}
        </section>
      </div>
      <section className="modeler-problems" aria-labelledby="form-problems-title">
        <h2 id="form-problems-title">
          {problems.length === 0 ? "No problems" : `${problems.length} problem(s) Baton would refuse`}
        </h2>
        {problems.length > 0 ? (
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p.message}</li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}

/** `next`, unless it says what `shown` says: the preview re-imports its form whenever the
 * schema object changes, which would wipe what someone is typing into it. */
function unlessSame(shown: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  return JSON.stringify(shown) === JSON.stringify(next) ? shown : next;
}
