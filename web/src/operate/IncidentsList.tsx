import type { Incident } from "./api";
import { formatTime } from "./format";

interface Props {
  incidents: Incident[];
  busy: boolean;
  onResolve: (incident: Incident, retry: boolean) => void;
}

/** The instance's incidents, open ones first, each with Retry (where it applies) and Resolve. */
export function IncidentsList({ incidents, busy, onResolve }: Props) {
  if (incidents.length === 0) return <p className="muted">No incidents.</p>;
  const ordered = [...incidents].sort((a, b) => Number(b.state === "ACTIVE") - Number(a.state === "ACTIVE"));
  return (
    <ul className="plain-list incidents">
      {ordered.map((incident) => (
        <li key={incident.key} className={incident.state === "ACTIVE" ? "incident-open" : ""}>
          <div>
            <span className={incident.state === "ACTIVE" ? "badge badge-danger" : "badge"}>
              {incident.state === "ACTIVE" ? "Open" : "Resolved"}
            </span>{" "}
            <strong>{incident.kind}</strong>
            {incident.elementId ? <span className="muted"> at {incident.elementId}</span> : null}
          </div>
          <p className="incident-message">{incident.message}</p>
          <div className="small muted">{formatTime(incident.createdAt)}</div>
          {incident.state === "ACTIVE" ? (
            <div className="confirm-actions">
              {incident.retryable ? (
                <button type="button" className="button button-primary" disabled={busy} onClick={() => onResolve(incident, true)}>
                  Retry
                </button>
              ) : null}
              <button type="button" className="button" disabled={busy} onClick={() => onResolve(incident, false)}>
                Resolve
              </button>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
