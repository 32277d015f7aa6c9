import { useCallback, useEffect, useRef, useState } from "react";
import type { ChangeEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { fetchDiagram } from "../diagram/api";
import { BpmnEditor } from "./bpmnModeler";
import { deployModel, validateModel } from "./api";
import type { Deployed, Problem } from "./api";
import {
  VALIDATE_AFTER_MS,
  blankDiagram,
  blankForm,
  fileNameFor,
  newProcessId,
  problemsByElement,
  processIdOf,
} from "./diagrams";
import { ModelFiles } from "./ModelFiles";
import type { FormsById } from "./ModelFiles";
import { EmbedFormDialog } from "./EmbedFormDialog";
import { ModelerStart } from "./ModelerStart";
import "./modeler.css";


type Status = { kind: "idle" } | { kind: "busy"; what: string } | { kind: "failed"; message: string };

function messageOf(error: unknown): string {
  if (error instanceof ApiError && error.fields.length > 0) {
    return `${error.message} (${error.fields.length} problem(s); see the list below)`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The BPMN modeler: draw or open a diagram, set its Camunda 8 properties, see what Baton
 * cannot run marked on the elements as you edit (deploy's own messages), save it to disk,
 * deploy it, start an instance and jump to it in Operate or to its first task in Tasklist.
 */
export default function ModelerPage() {
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<BpmnEditor | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);
  const [search] = useSearchParams();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const [deployed, setDeployed] = useState<Deployed | null>(null);
  const [processId, setProcessId] = useState("diagram");
  const [deployments, setDeployments] = useState(0);
  const [userTask, setUserTask] = useState<string | null>(null);
  const [formOf, setFormOf] = useState<{ taskId: string; schema: Record<string, unknown> } | null>(null);
  // the forms built here for user tasks, by form id: deployed with the diagram
  const [forms, setForms] = useState<FormsById>({});
  const [saved, setSaved] = useState<string | null>(null);

  const validate = useCallback(async () => {
    const editor = editorRef.current;
    if (!editor) return;
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    try {
      const xml = await editor.xml();
      setProcessId(processIdOf(xml) ?? "diagram");
      const found = await validateModel(xml, fileNameFor(xml), controller.signal);
      if (controller.signal.aborted) return;
      setProblems(found);
      editor.showProblems(problemsByElement(found, (id) => editor.has(id)));
    } catch (error) {
      if (controller.signal.aborted || (error instanceof DOMException && error.name === "AbortError")) return;
      setProblems([{ elementId: null, message: `Could not validate: ${messageOf(error)}` }]);
    }
  }, []);

  const changed = useCallback(() => {
    setDeployed(null);
    setSaved(null);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void validate(), VALIDATE_AFTER_MS);
  }, [validate]);

  const open = useCallback(
    async (xml: string) => {
      const editor = editorRef.current;
      if (!editor) return;
      try {
        await editor.open(xml);
        setStatus({ kind: "idle" });
      } catch (error) {
        setStatus({ kind: "failed", message: `Cannot open this diagram: ${messageOf(error)}` });
        return;
      }
      changed();
    },
    [changed],
  );

  const process = search.get("process");
  const version = Number(search.get("version") ?? "0");
  useEffect(() => {
    if (!canvasRef.current || !panelRef.current) return;
    const editor = new BpmnEditor(canvasRef.current, panelRef.current, () => changed(), setUserTask);
    editorRef.current = editor;
    const controller = new AbortController();
    const first = process
      ? fetchDiagram(process, version, controller.signal).then((found) =>
          found.kind === "bpmn" ? found.xml : Promise.reject(new Error(`${process} is not a BPMN process`)),
        )
      : Promise.resolve(blankDiagram(newProcessId()));
    first.then(open, (error: unknown) => {
      if (!controller.signal.aborted) setStatus({ kind: "failed", message: messageOf(error) });
    });
    return () => {
      controller.abort();
      clearTimeout(timer.current);
      inflight.current?.abort();
      editorRef.current = null;
      editor.destroy();
    };
  }, [process, version, open, changed]);

  /** The forms built here that the diagram links now, by form id. */
  const linkedForms = (): FormsById => {
    const editor = editorRef.current;
    if (!editor) return {};
    return Object.fromEntries(editor.linkedFormIds().flatMap((id) => (forms[id] ? [[id, forms[id]]] : [])));
  };

  const openWithForms = async (xml: string, bundled: FormsById) => {
    setForms((known) => ({ ...known, ...bundled }));
    await open(xml);
  };

  // a diagram and its linked .form files may be opened together
  const openFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = "";
    const bundled: FormsById = {};
    let diagram: string | null = null;
    try {
      for (const file of files) {
        if (file.name.endsWith(".form")) {
          const schema = JSON.parse(await file.text()) as Record<string, unknown>;
          const id = typeof schema.id === "string" && schema.id ? schema.id : file.name.slice(0, -".form".length);
          bundled[id] = { ...schema, id };
        } else diagram ??= await file.text();
      }
    } catch (error) {
      setStatus({ kind: "failed", message: `Cannot open these files: ${messageOf(error)}` });
      return;
    }
    setForms((known) => ({ ...known, ...bundled }));
    if (diagram !== null) await open(diagram);
  };

  const download = (name: string, text: string, type: string) => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type }));
    link.download = name;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  // the diagram and, as separate .form files beside it, the forms built here that it links
  const saveFile = async () => {
    const editor = editorRef.current;
    if (!editor) return;
    const xml = await editor.xml();
    const name = fileNameFor(xml);
    download(name, xml, "application/xml");
    const linked = Object.entries(linkedForms());
    for (const [id, schema] of linked) download(`${id}.form`, JSON.stringify(schema, null, 2), "application/json");
    setSaved(
      linked.length
        ? `Saved ${name} and its linked form(s) as separate files: ${linked.map(([id]) => `${id}.form`).join(", ")}`
        : `Saved ${name}`,
    );
  };

  const deploy = async () => {
    const editor = editorRef.current;
    if (!editor) return;
    setStatus({ kind: "busy", what: "Deploying" });
    try {
      const xml = await editor.xml();
      // the forms built here that the diagram links go with it, in one deployment
      const linked = editor.linkedFormIds().flatMap((id) => {
        const schema = forms[id];
        return schema ? [{ name: `${id}.form`, content: JSON.stringify(schema) }] : [];
      });
      const done = await deployModel([...linked, { name: fileNameFor(xml), content: xml }]);
      setDeployed(done.find((d) => d.kind === "process") ?? null);
      setDeployments((n) => n + 1);
      setStatus({ kind: "idle" });
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        const found = error.fields.map((f) => ({ elementId: f.path || null, message: f.message }));
        setProblems(found);
        editor.showProblems(problemsByElement(found, (id) => editor.has(id)));
      }
      setStatus({ kind: "failed", message: `Not deployed: ${messageOf(error)}` });
    }
  };

  const busy = status.kind === "busy";
  return (
    <div className="modeler">
      <div className="modeler-toolbar" role="toolbar" aria-label="Diagram">
        <h1 className="modeler-title">Modeler</h1>
        <button type="button" className="button" onClick={() => void open(blankDiagram(newProcessId()))}>
          New diagram
        </button>
        <label className="button modeler-file">
          Open file
          <input type="file" accept=".bpmn,.xml,.form" multiple onChange={(e) => void openFile(e)} />
        </label>
        <button type="button" className="button" onClick={() => void saveFile()}>
          Save to disk
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void deploy()}>
          Deploy
        </button>
        <button
          type="button"
          className="button"
          disabled={!userTask}
          title={userTask ? undefined : "Select a user task first"}
          onClick={() => {
            const editor = editorRef.current;
            if (!editor || !userTask) return;
            const formId = editor.linkedFormId(userTask) ?? `Form_${userTask}`;
            setFormOf({ taskId: userTask, schema: forms[formId] ?? blankForm(formId) });
          }}
        >
          Task form…
        </button>
        <Link className="button button-quiet" to="/modeler/form">
          Form editor
        </Link>
        <Link className="button button-quiet" to="/modeler/workflow">
          Conductor workflow
        </Link>
        <Link className="button button-quiet" to="/modeler/template">
          Form template
        </Link>
        <span className="modeler-status" role="status">
          {busy ? `${status.what}…` : deployed ? `Deployed ${deployed.id} version ${deployed.version}` : (saved ?? "")}
        </span>
      </div>
      <ModelFiles
        current={() => editorRef.current?.xml() ?? Promise.resolve("")}
        linkedForms={linkedForms}
        onOpen={openWithForms}
        suggestedName={processId}
        deployments={deployments}
      />
      {status.kind === "failed" ? (
        <p className="modeler-error" role="alert">
          {status.message}
        </p>
      ) : null}
      <div className="modeler-body">
        <div className="modeler-canvas" ref={canvasRef} data-testid="modeler-canvas" />
        <aside className="modeler-panel" ref={panelRef} aria-label="Properties" />
      </div>
      {formOf ? (
        <EmbedFormDialog
          taskName={formOf.taskId}
          schema={formOf.schema}
          onClose={() => setFormOf(null)}
          onEmbed={(schema) => {
            const formId = typeof schema.id === "string" && schema.id ? schema.id : `Form_${formOf.taskId}`;
            setForms((known) => ({ ...known, [formId]: { ...schema, id: formId } }));
            editorRef.current?.linkForm(formOf.taskId, formId);
            setFormOf(null);
          }}
        />
      ) : null}
      <div className="modeler-footer">
        <section className="modeler-problems" aria-labelledby="modeler-problems-title">
          <h2 id="modeler-problems-title">
            {problems.length === 0 ? "No problems" : `${problems.length} problem(s) Baton would refuse`}
          </h2>
          {problems.length > 0 ? (
            <ul>
              {problems.map((p, i) => (
                <li key={i} data-element-id={p.elementId ?? ""}>
                  {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </section>
        <ModelerStart key={deployed ? deployments : -1} deployed={deployed} disabled={busy} />
      </div>
    </div>
  );
}
