import { taskStateText } from "../app/format";
import { useCallback, useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ApiError } from "../api/client";
import { ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import ProcessDiagram from "../diagram/ProcessDiagram";
import type { ElementBadge } from "../diagram/types";
import { operateApi, type Incident, type InstanceDetail } from "./api";
import { ConfirmCancel } from "./ConfirmCancel";
import { formatTime } from "./format";
import { IncidentsList } from "./IncidentsList";
import { StateBadge } from "./StateBadge";
import { VariablesTable } from "./VariablesTable";

/** One instance: where its tokens wait and the path taken, its history, variables,
 * incidents and human tasks, and cancel. */
export default function InstanceView() {
  const { id = "" } = useParams();
  const load = useCallback((signal: AbortSignal) => operateApi.instance(id, signal), [id]);
  const instance = useResource(`operate:instance:${id}`, load);
  return (
    <div className="operate-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/operate">Operate</Link> /{" "}
        {instance.status === "ready" ? (
          <>
            <Link to={`/operate/processes/${encodeURIComponent(instance.data.definition)}?version=${instance.data.version}`}>
              {instance.data.label}
            </Link>{" "}
            /{" "}
          </>
        ) : null}
        <span aria-current="page">Instance {id}</span>
      </nav>
      {instance.status === "loading" ? (
        <>
          <h1>Instance {id}</h1>
          <Loading label="Loading the instance" />
        </>
      ) : instance.status === "error" ? (
        <>
          <h1>Instance {id}</h1>
          <ErrorState error={instance.error} retry={instance.reload} />
        </>
      ) : (
        <InstanceBody data={instance.data} reload={instance.reload} />
      )}
    </div>
  );
}

function InstanceBody({ data, reload }: { data: InstanceDetail; reload: () => void }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const badges = useMemo(() => incidentBadges(data), [data]);

  const act = async (what: () => Promise<void>, done: string) => {
    setBusy(true);
    try {
      await what();
      setMessage({ text: done, error: false });
      reload();
    } catch (error) {
      setMessage({ text: error instanceof ApiError ? error.message : "That did not work.", error: true });
    } finally {
      setBusy(false);
    }
  };
  const resolve = (incident: Incident, retry: boolean) =>
    void act(() => operateApi.resolve(data.id, incident.key, retry), retry ? "Retried" : "Resolved");

  return (
    <>
      <div className="operate-head">
        <h1>Instance {data.id}</h1>
        <StateBadge state={data.state} />
      </div>
      <dl className="facts">
        <div>
          <dt>Process</dt>
          <dd>
            <Link to={`/operate/processes/${encodeURIComponent(data.definition)}?version=${data.version}`}>
              {data.label}
            </Link>{" "}
            <span className="muted">version {data.version}</span>
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>
            {formatTime(data.startedAt)}
            {data.startedBy ? ` by ${data.startedBy}` : ""}
          </dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{formatTime(data.endedAt)}</dd>
        </div>
        {data.parentId ? (
          <div>
            <dt>Called by</dt>
            <dd>
              <Link to={`/operate/instances/${encodeURIComponent(data.parentId)}`}>Instance {data.parentId}</Link>
            </dd>
          </div>
        ) : null}
        {data.children.length > 0 ? (
          <div>
            <dt>Calls</dt>
            <dd>
              <ul className="inline-list">
                {data.children.map((c) => (
                  <li key={c.id}>
                    <Link to={`/operate/instances/${encodeURIComponent(c.id)}`}>
                      {c.definition} {c.id}
                    </Link>{" "}
                    <StateBadge state={c.state} />
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        ) : null}
      </dl>
      {data.mayCancel ? (
        <div className="operate-actions">
          <ConfirmCancel instanceId={data.id} onCancel={() => act(() => operateApi.cancel(data.id), "Canceled")} />
        </div>
      ) : null}
      <div role="status" aria-live="polite" className={message?.error ? "field-error" : "status-line"}>
        {message?.text ?? ""}
      </div>
      <ProcessDiagram
        definition={data.definition}
        version={data.version}
        highlight={data.activeElements}
        passed={data.passedElements}
        badges={badges}
        label="Process diagram"
      />
      <div className="operate-grid">
        <section aria-labelledby="history-heading" className="operate-card">
          <h2 id="history-heading">History</h2>
          {data.history.length === 0 ? (
            <p className="muted">No elements were entered yet.</p>
          ) : (
            <ol className="history">
              {data.history.map((step) => (
                <li key={step.key} className={`history-${step.state.toLowerCase()}`}>
                  <span className="history-name">{step.name}</span>{" "}
                  <span className="small muted">
                    {step.type} · {stepState(step.state)} · {formatTime(step.startedAt)}
                    {step.endedAt ? ` – ${formatTime(step.endedAt)}` : ""}
                  </span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <section aria-labelledby="tasks-heading" className="operate-card">
          <h2 id="tasks-heading">Tasks</h2>
          {data.tasks.length === 0 ? (
            <p className="muted">This instance has no human tasks.</p>
          ) : (
            <ul className="plain-list">
              {data.tasks.map((task) => (
                <li key={task.id}>
                  <Link to={`/tasklist/${encodeURIComponent(task.id)}`}>{task.name}</Link>{" "}
                  <span className="badge">{taskStateText(task.state)}</span>
                  <div className="small">
                    Holder: {task.holder ?? "Unassigned"}
                    {task.candidates.length > 0 ? ` · offered to ${task.candidates.join(", ")}` : ""}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="incidents-heading" className="operate-card">
          <h2 id="incidents-heading">Incidents</h2>
          <IncidentsList incidents={data.incidents} busy={busy} onResolve={resolve} />
        </section>
        <section aria-labelledby="variables-heading" className="operate-card operate-wide">
          <h2 id="variables-heading">Variables</h2>
          <VariablesTable
            variables={data.variables}
            editable={data.mayEditVariables}
            onSave={async (name, value) => {
              await operateApi.setVariable(data.id, name, value);
              setMessage({ text: `Saved ${name}`, error: false });
              reload();
            }}
          />
        </section>
      </div>
    </>
  );
}

/** Elements held by an incident get a "1 incident" badge (the token marker alone looks the same). */
function incidentBadges(data: InstanceDetail): ElementBadge[] {
  const held = new Set(data.history.filter((s) => s.state === "INCIDENT").map((s) => s.elementId));
  return [...held].map((elementId) => ({ elementId, active: 0, incidents: 1, completed: 0 }));
}

function stepState(state: string): string {
  switch (state) {
    case "ACTIVE":
      return "waiting here";
    case "INCIDENT":
      return "incident";
    case "COMPLETED":
      return "completed";
    default:
      return "canceled";
  }
}
