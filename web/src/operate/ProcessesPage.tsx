import { Link } from "react-router-dom";
import { Empty, ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { operateApi } from "./api";

/** Every process the caller may see, with its versions and instance counts. */
export default function ProcessesPage() {
  const list = useResource("operate:processes", operateApi.processes);
  return (
    <div className="operate-page">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/operate">Operate</Link> / <span aria-current="page">Processes</span>
      </nav>
      <h1>Processes</h1>
      {list.status === "loading" ? (
        <Loading label="Loading processes" />
      ) : list.status === "error" ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : list.data.items.length === 0 ? (
        <Empty title="No processes yet">Deploy a BPMN process or register a workflow to see it here.</Empty>
      ) : (
        <ul className="process-cards">
          {list.data.items.map((p) => (
            <li key={p.name} className="operate-card">
              <h2>
                <Link to={`/operate/processes/${encodeURIComponent(p.name)}`}>{p.label}</Link>
              </h2>
              <p className="small muted">
                {p.kind === "bpmn" ? "BPMN process" : "Conductor workflow"} · {p.name} ·{" "}
                {p.versions.length === 1 ? "1 version" : `${p.versions.length} versions`} (latest {p.latestVersion})
              </p>
              {p.description ? <p className="small">{p.description}</p> : null}
              <p className="small">
                {p.counts.active} active · {p.counts.incident} with incidents · {p.counts.completed} completed ·{" "}
                {p.counts.canceled} canceled
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
