import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api/client";
import { Empty, ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import { operateApi, type CancelResult, type InstanceFilters, type InstanceState } from "./api";
import { formatTime } from "./format";
import { StateBadge } from "./StateBadge";

const PAGE = 50;

export const NO_FILTERS: Omit<InstanceFilters, "version"> = {
  state: "",
  startedFrom: "",
  startedTo: "",
  variableName: "",
  variableValue: "",
};

interface Props {
  definition: string;
  version: string;
  /** Called after instances were canceled (the badges change). */
  onChanged: () => void;
}

/** A process's instances: filters, a page of rows with checkboxes, and batch cancel. */
export function InstancesTable({ definition, version, onChanged }: Props) {
  const [filters, setFilters] = useState(NO_FILTERS);
  const [draft, setDraft] = useState(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [outcome, setOutcome] = useState<{ results: CancelResult[] } | { error: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const asked: InstanceFilters = { ...filters, version };
  const key = JSON.stringify([definition, asked, offset]);
  const page = useResource(key, (signal) => operateApi.instances(definition, asked, offset, PAGE, signal));

  const applyState = (state: string) => {
    const next = { ...filters, state: state as InstanceState | "" };
    setFilters(next);
    setDraft({ ...draft, state: next.state });
    setOffset(0);
    setSelected(new Set());
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
    setOffset(0);
    setSelected(new Set());
  };
  const reset = () => {
    setFilters(NO_FILTERS);
    setDraft(NO_FILTERS);
    setOffset(0);
    setSelected(new Set());
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const cancelSelected = async () => {
    setBusy(true);
    try {
      const answer = await operateApi.cancelMany([...selected]);
      setOutcome(answer);
      setSelected(new Set());
      page.reload();
      onChanged();
    } catch (error) {
      setOutcome({ error: error instanceof ApiError ? error.message : "Canceling failed." });
    } finally {
      setBusy(false);
    }
  };

  const rows = page.status === "ready" ? page.data.items : [];
  const allOnPage = rows.length > 0 && rows.every((r) => selected.has(r.id));
  return (
    <section aria-labelledby="instances-heading" className="operate-card">
      <h2 id="instances-heading">Instances</h2>
      <form className="filters" onSubmit={submit} aria-label="Instance filters">
        <label className="field">
          <span>State</span>
          <select value={filters.state} onChange={(e) => applyState(e.target.value)}>
            <option value="">All</option>
            <option value="ACTIVE">Active</option>
            <option value="INCIDENT">Incidents</option>
            <option value="COMPLETED">Completed</option>
            <option value="CANCELED">Canceled</option>
          </select>
        </label>
        <label className="field">
          <span>Started from</span>
          <input type="date" value={draft.startedFrom} onChange={(e) => setDraft({ ...draft, startedFrom: e.target.value })} />
        </label>
        <label className="field">
          <span>Started to</span>
          <input type="date" value={draft.startedTo} onChange={(e) => setDraft({ ...draft, startedTo: e.target.value })} />
        </label>
        <label className="field">
          <span>Variable name</span>
          <input value={draft.variableName} onChange={(e) => setDraft({ ...draft, variableName: e.target.value })} />
        </label>
        <label className="field">
          <span>Variable value</span>
          <input
            value={draft.variableValue}
            onChange={(e) => setDraft({ ...draft, variableValue: e.target.value })}
            aria-describedby="variable-value-hint"
          />
        </label>
        <div className="filter-actions">
          <button type="submit" className="button">
            Apply filters
          </button>
          <button type="button" className="button button-quiet" onClick={reset}>
            Clear filters
          </button>
        </div>
        <p id="variable-value-hint" className="small muted filter-hint">
          Values are read as JSON when they can be: 3, true, "text".
        </p>
      </form>
      <div className="bulk-bar">
        <button
          type="button"
          className="button button-danger"
          disabled={selected.size === 0 || busy}
          onClick={() => void cancelSelected()}
        >
          Cancel selected
        </button>
        <span className="small muted">{selected.size > 0 ? `${selected.size} selected` : "Select instances to cancel them"}</span>
      </div>
      <div role="status" aria-live="polite" className="bulk-outcome">
        {outcome === null ? null : "error" in outcome ? (
          <p className="field-error">{outcome.error}</p>
        ) : (
          <CancelSummary results={outcome.results} />
        )}
      </div>
      {page.status === "loading" ? (
        <Loading label="Loading instances" />
      ) : page.status === "error" ? (
        <ErrorState error={page.error} retry={page.reload} />
      ) : rows.length === 0 ? (
        <Empty title="No instances match">Change the filters, or start this process.</Empty>
      ) : (
        <>
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Instances, scrollable">
            <table className="operate-table" aria-label="Instances">
              <thead>
                <tr>
                  <th scope="col" className="check">
                    <input
                      type="checkbox"
                      aria-label="Select all instances on this page"
                      checked={allOnPage}
                      onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())}
                    />
                  </th>
                  <th scope="col">Instance</th>
                  <th scope="col">Version</th>
                  <th scope="col">State</th>
                  <th scope="col">Started</th>
                  <th scope="col">Ended</th>
                  <th scope="col">Started by</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.id}>
                    <td className="check">
                      <input
                        type="checkbox"
                        aria-label={`Select instance ${row.id}`}
                        checked={selected.has(row.id)}
                        onChange={(e) => toggle(row.id, e.target.checked)}
                      />
                    </td>
                    <td>
                      <Link to={`/operate/instances/${encodeURIComponent(row.id)}`} className="mono">
                        {row.id}
                      </Link>
                    </td>
                    <td>{row.version}</td>
                    <td>
                      <StateBadge state={row.state} />
                    </td>
                    <td>{formatTime(row.startedAt)}</td>
                    <td>{formatTime(row.endedAt)}</td>
                    <td>{row.startedBy ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="pager">
            <span className="small">
              {offset + 1}–{offset + rows.length} of {page.data.total}
            </span>
            <button type="button" className="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous page
            </button>
            <button
              type="button"
              className="button"
              disabled={offset + rows.length >= page.data.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Next page
            </button>
          </div>
        </>
      )}
    </section>
  );
}

function CancelSummary({ results }: { results: CancelResult[] }) {
  const done = results.filter((r) => r.ok).length;
  const refused = results.filter((r) => !r.ok);
  return (
    <div>
      <p>
        Canceled {done} of {results.length} {results.length === 1 ? "instance" : "instances"}.
      </p>
      {refused.length > 0 ? (
        <ul className="small">
          {refused.map((r) => (
            <li key={r.id}>
              {r.id}: {r.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
