import { useState } from "react";
import { Link } from "react-router-dom";
import { Empty, ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { operateApi, type Dashboard as DashboardData } from "./api";
import { age, formatTime } from "./format";

/** Operate's start: instances by process and state, open incidents, tasks waiting by group. */
export default function Dashboard() {
  const board = useResource("operate:dashboard", operateApi.dashboard);
  return (
    <div className="operate-page">
      <div className="operate-head">
        <h1>Operate</h1>
        <Link to="/operate/processes">All processes</Link>
      </div>
      {board.status === "loading" ? (
        <Loading label="Loading the dashboard" />
      ) : board.status === "error" ? (
        <ErrorState error={board.error} retry={board.reload} />
      ) : (
        <DashboardBody data={board.data} />
      )}
    </div>
  );
}

function DashboardBody({ data }: { data: DashboardData }) {
  // one clock reading per load: the ages shown are as of when the data came
  const [now] = useState(() => Date.now());
  return (
    <div className="operate-grid">
      <section aria-labelledby="by-process" className="operate-card operate-wide">
        <h2 id="by-process">Instances by process</h2>
        {data.processes.length === 0 ? (
          <Empty title="No processes yet">Deploy a BPMN process or register a workflow to see it here.</Empty>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Instances by process table">
            <table className="operate-table">
              <thead>
                <tr>
                  <th scope="col">Process</th>
                  <th scope="col">Kind</th>
                  <th scope="col" className="num">Active</th>
                  <th scope="col" className="num">Incidents</th>
                  <th scope="col" className="num">Completed</th>
                  <th scope="col" className="num">Canceled</th>
                </tr>
              </thead>
              <tbody>
                {data.processes.map((p) => (
                  <tr key={p.name}>
                    <th scope="row">
                      <Link to={`/operate/processes/${encodeURIComponent(p.name)}`}>{p.label}</Link>
                      {p.label !== p.name ? <span className="muted small"> ({p.name})</span> : null}
                    </th>
                    <td>{p.kind === "bpmn" ? "BPMN" : "Workflow"}</td>
                    <td className="num">{p.counts.active}</td>
                    <td className="num">
                      {p.counts.incident > 0 ? <span className="badge badge-danger">{p.counts.incident}</span> : 0}
                    </td>
                    <td className="num">{p.counts.completed}</td>
                    <td className="num">{p.counts.canceled}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="open-incidents" className="operate-card">
        <h2 id="open-incidents">Open incidents</h2>
        <p className="big-number">
          <span>{data.incidents.count}</span> {data.incidents.count === 1 ? "incident" : "incidents"} open
        </p>
        {data.incidents.newest.length === 0 ? (
          <p className="muted">Nothing needs fixing.</p>
        ) : (
          <ul className="plain-list">
            {data.incidents.newest.map((i) => (
              <li key={`${i.instanceId}:${i.key}`}>
                <Link to={`/operate/instances/${encodeURIComponent(i.instanceId)}`}>
                  {i.definition} · instance {i.instanceId}
                </Link>
                <div className="small">
                  <span className="badge badge-danger">{i.kind}</span> {i.message}
                </div>
                <div className="small muted">
                  {i.elementId ? `at ${i.elementId}, ` : ""}
                  {formatTime(i.createdAt)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="tasks-by-group" className="operate-card">
        <h2 id="tasks-by-group">Tasks waiting by group</h2>
        {data.tasksByGroup.length === 0 ? (
          <p className="muted">No open tasks are offered to your groups.</p>
        ) : (
          <ul className="plain-list">
            {data.tasksByGroup.map((g) => (
              <li key={g.group} className="group-row">
                <span className="group-name">{g.group}</span>
                <span>
                  {g.count} {g.count === 1 ? "task" : "tasks"}
                </span>
                <span className="small muted">
                  oldest waiting {age(g.oldestCreatedAt, now)} (since {formatTime(g.oldestCreatedAt)})
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
