import { useState } from "react";
import { Link } from "react-router-dom";
import { ApiError, api } from "../api/client";
import type { FieldProblem } from "../api/client";
import { Empty, ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { Dialog } from "../app/Dialog";
import TaskForm from "../forms/TaskForm";
import type { FormSpec, FormValues } from "../forms/types";
import "../forms/forms.css";
import "./start.css";

export interface StartableProcess {
  name: string;
  label: string;
  kind: "bpmn" | "conductor";
  version: number;
  versions: number[];
  description: string | null;
  startForm: FormSpec | null;
}

interface Started {
  instanceId: string;
  kind: "bpmn" | "conductor";
  firstTask: { taskId: string; name: string } | null;
}

type Outcome =
  | { kind: "started"; label: string; started: Started }
  | { kind: "failed"; label: string; message: string };

interface Starting {
  process: StartableProcess;
  version: number;
  values: FormValues;
  errors: FieldProblem[];
  message: string | null;
  busy: boolean;
}

/** A JSON Schema form's top-level `default`s: what the start form shows first. */
function defaults(form: FormSpec): FormValues {
  if (form.kind !== "jsonforms") return {};
  const properties = form.schema.properties;
  if (typeof properties !== "object" || properties === null) return {};
  const found: FormValues = {};
  for (const [name, property] of Object.entries(properties as Record<string, unknown>)) {
    if (typeof property === "object" && property !== null && "default" in property) {
      found[name] = (property as { default: unknown }).default;
    }
  }
  return found;
}

function matches(process: StartableProcess, search: string): boolean {
  const text = search.trim().toLowerCase();
  return !text || process.label.toLowerCase().includes(text) || process.name.toLowerCase().includes(text);
}

/** The processes I may start; a start form in a dialog; where the new instance went. */
export default function StartPage() {
  const resource = useResource("processes", (signal) =>
    api<{ processes: StartableProcess[] }>("/api/web/processes", { signal }),
  );
  const [search, setSearch] = useState("");
  const [versions, setVersions] = useState<Record<string, number>>({});
  const [starting, setStarting] = useState<Starting | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const start = async (process: StartableProcess, version: number, variables: FormValues) => {
    setStarting((now) => (now ? { ...now, busy: true, message: null } : now));
    try {
      const body = { version: version === process.version ? undefined : version, variables };
      const started = await api<Started>(`/api/web/processes/${encodeURIComponent(process.name)}/start`, {
        method: "POST",
        body,
      });
      setStarting(null);
      setOutcome({ kind: "started", label: process.label, started });
    } catch (error) {
      const message = error instanceof Error ? error.message : "The process could not be started.";
      const fields = error instanceof ApiError ? error.fields : [];
      if (starting === null && !process.startForm) {
        setOutcome({ kind: "failed", label: process.label, message });
        return;
      }
      setStarting((now) => (now ? { ...now, busy: false, errors: fields, message } : now));
    }
  };

  const open = (process: StartableProcess) => {
    const version = versions[process.name] ?? process.version;
    setOutcome(null);
    if (!process.startForm) {
      void start(process, version, {});
      return;
    }
    const values = defaults(process.startForm);
    setStarting({ process, version, values, errors: [], message: null, busy: false });
  };

  return (
    <div className="start-page">
      <h1>Start a process</h1>
      <div role="status" aria-live="polite">
        {outcome?.kind === "started" ? (
          <div className="notice start-result">
            <span>
              Started {outcome.label} (instance {outcome.started.instanceId}).
            </span>
            <Link to={`/operate/instances/${encodeURIComponent(outcome.started.instanceId)}`}>Open in Operate</Link>
            {outcome.started.firstTask ? (
              <Link to={`/tasklist/${encodeURIComponent(outcome.started.firstTask.taskId)}`}>
                Open task
              </Link>
            ) : null}
          </div>
        ) : null}
      </div>
      {outcome?.kind === "failed" ? (
        <div className="notice start-result notice-error" role="alert">
          {outcome.label} could not be started: {outcome.message}
        </div>
      ) : null}
      <div className="start-search field">
        <label htmlFor="start-search">Search processes</label>
        <input
          id="start-search"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      {resource.status === "loading" ? <Loading label="Loading the processes" /> : null}
      {resource.status === "error" ? <ErrorState error={resource.error} retry={resource.reload} /> : null}
      {resource.status === "ready" ? (
        <ProcessList
          processes={resource.data.processes.filter((p) => matches(p, search))}
          total={resource.data.processes.length}
          versions={versions}
          onVersion={(name, version) => setVersions({ ...versions, [name]: version })}
          onStart={open}
        />
      ) : null}
      {starting?.process.startForm ? (
        <Dialog title={`Start ${starting.process.label}`} onClose={() => setStarting(null)}>
          <p className="field-hint">
            Version {starting.version}
            {starting.version === starting.process.version ? " (latest)" : ""}
          </p>
          {starting.message && starting.errors.length === 0 ? (
            <p className="field-error" role="alert">
              {starting.message}
            </p>
          ) : null}
          <TaskForm
            form={starting.process.startForm}
            values={starting.values}
            errors={starting.errors}
            disabled={starting.busy}
            onChange={(values) => setStarting((now) => (now ? { ...now, values } : now))}
            onSubmit={(values) => void start(starting.process, starting.version, values)}
            submitLabel="Start"
          />
        </Dialog>
      ) : null}
    </div>
  );
}

interface ListProps {
  processes: StartableProcess[];
  total: number;
  versions: Record<string, number>;
  onVersion(name: string, version: number): void;
  onStart(process: StartableProcess): void;
}

function ProcessList({ processes, total, versions, onVersion, onStart }: ListProps) {
  if (total === 0) {
    return (
      <Empty title="Nothing to start">
        There is no process you may start. Deploy one, or ask an administrator for access.
      </Empty>
    );
  }
  if (processes.length === 0) return <Empty title="No process matches the search" />;
  return (
    <ul className="process-list" aria-label="Processes">
      {processes.map((process) => (
        <li key={process.name} className="process-card">
          <div>
            <h2>{process.label}</h2>
            <div className="process-meta">
              <span className="badge">{process.kind === "bpmn" ? "BPMN process" : "Conductor workflow"}</span>
              {process.label !== process.name ? <code>{process.name}</code> : null}
              {process.startForm ? <span>Has a start form</span> : null}
              {process.description ? <p>{process.description}</p> : null}
            </div>
          </div>
          <div className="process-actions">
            {process.versions.length > 1 ? (
              <label className="process-meta">
                Version
                <select
                  aria-label={`Version of ${process.label}`}
                  value={versions[process.name] ?? process.version}
                  onChange={(event) => onVersion(process.name, Number(event.target.value))}
                >
                  {process.versions.map((version) => (
                    <option key={version} value={version}>
                      {version}
                      {version === process.version ? " (latest)" : ""}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <span className="process-meta">Version {process.version}</span>
            )}
            <button type="button" className="button button-primary" onClick={() => onStart(process)}>
              Start {process.label}
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}
