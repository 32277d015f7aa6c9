import { useCallback } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import ProcessDiagram from "../diagram/ProcessDiagram";
import { operateApi, type ProcessSummary } from "./api";
import { InstancesTable } from "./InstancesTable";

/** One process: its diagram with per-element badges for the chosen version, and its instances. */
export default function ProcessView() {
  const { name = "" } = useParams();
  const list = useResource("operate:processes", operateApi.processes);
  if (list.status === "loading") return <Loading label="Loading the process" />;
  if (list.status === "error") return <ErrorState error={list.error} retry={list.reload} />;
  const process = list.data.items.find((p) => p.name === name);
  if (!process) {
    return (
      <div className="operate-page">
        <Crumbs label={name} />
        <h1>{name}</h1>
        <div className="state state-error" role="alert">
          <p className="state-title">Not found</p>
          <p className="state-body">This process does not exist, or you may not see it.</p>
        </div>
      </div>
    );
  }
  return <ProcessBody process={process} />;
}

function Crumbs({ label }: { label: string }) {
  return (
    <nav aria-label="Breadcrumb" className="crumbs">
      <Link to="/operate">Operate</Link> / <Link to="/operate/processes">Processes</Link> /{" "}
      <span aria-current="page">{label}</span>
    </nav>
  );
}

function ProcessBody({ process }: { process: ProcessSummary }) {
  const [params, setParams] = useSearchParams();
  const asked = Number(params.get("version"));
  const version = process.versions.some((v) => v.version === asked) ? asked : process.latestVersion;
  const loadBadges = useCallback(
    (signal: AbortSignal) => operateApi.elements(process.name, version, signal),
    [process.name, version],
  );
  const badges = useResource(`operate:elements:${process.name}:${version}`, loadBadges);
  const counts = process.versions.find((v) => v.version === version)?.counts;
  return (
    <div className="operate-page">
      <Crumbs label={process.label} />
      <div className="operate-head">
        <h1>{process.label}</h1>
        <label className="field field-inline">
          <span>Version</span>
          <select
            value={version}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set("version", e.target.value);
              setParams(next, { replace: true });
            }}
          >
            {process.versions.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
                {v.version === process.latestVersion ? " (latest)" : ""}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="small muted">
        {process.kind === "bpmn" ? "BPMN process" : "Conductor workflow"} {process.name}
        {counts
          ? ` · version ${version}: ${counts.active} active, ${counts.incident} with incidents, ${counts.completed} completed, ${counts.canceled} canceled`
          : ""}
      </p>
      <ProcessDiagram
        definition={process.name}
        version={version}
        badges={badges.status === "ready" ? badges.data.items : undefined}
        label="Process diagram"
      />
      {badges.status === "error" ? (
        <p className="field-error" role="alert">
          The element counts could not be loaded.
        </p>
      ) : null}
      <InstancesTable definition={process.name} version={String(version)} onChanged={badges.reload} />
    </div>
  );
}
