import { useState } from "react";
import { ApiError, api } from "../api/client";
import { useUser } from "../app/session";
import { useResource } from "../app/useResource";
import { Dialog } from "../app/Dialog";
import "../forms/forms.css";
import "./saved-filters.css";
import type { TaskQuery } from "./query";

export interface SavedFiltersProps {
  /** The filter the list shows now (what "Save" stores). */
  current: TaskQuery;
  /** Show a saved filter's query in the list. */
  onApply(query: TaskQuery): void;
}

export interface SavedFilter {
  id: string;
  name: string;
  ownerId: string;
  mine: boolean;
  sharedGroup: string | null;
  query: TaskQuery;
  updatedAt: number;
}

/** Filters saved on the server: mine and those shared with my groups; save the current one. */
export default function SavedFilters({ current, onApply }: SavedFiltersProps) {
  const user = useUser();
  const filters = useResource("saved-filters", (signal) =>
    api<{ filters: SavedFilter[] }>("/api/web/filters", { signal }),
  );
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState("");
  const [problem, setProblem] = useState("");

  const remove = async (filter: SavedFilter) => {
    setProblem("");
    try {
      await api<unknown>(`/api/web/filters/${encodeURIComponent(filter.id)}`, { method: "DELETE" });
      setMessage(`Deleted filter ${filter.name}`);
      filters.reload();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : "The filter could not be deleted.");
    }
  };

  return (
    <div className="saved-filters">
      <div className="saved-filters-head">
        <span className="saved-filters-title" id="saved-filters-title">
          Saved filters
        </span>
        <button type="button" className="button" onClick={() => setSaving(true)}>
          Save filter
        </button>
      </div>
      {filters.status === "loading" ? <p className="field-hint">Loading saved filters…</p> : null}
      {filters.status === "error" ? (
        <p className="field-error" role="alert">
          Saved filters could not be loaded.{" "}
          <button type="button" className="button button-quiet" onClick={filters.reload}>
            Try again
          </button>
        </p>
      ) : null}
      {filters.status === "ready" ? (
        <ul className="saved-filters-list" aria-labelledby="saved-filters-title">
          {filters.data.filters.length === 0 ? <li className="field-hint">None yet.</li> : null}
          {filters.data.filters.map((filter) => (
            <li key={filter.id}>
              <button
                type="button"
                className="button button-quiet saved-filter-apply"
                onClick={() => {
                  onApply(filter.query);
                  setMessage(`Showing filter ${filter.name}`);
                }}
              >
                {filter.name}
              </button>
              {filter.sharedGroup ? (
                <span className="badge">
                  {filter.mine ? `Shared with ${filter.sharedGroup}` : `From ${filter.ownerId}, group ${filter.sharedGroup}`}
                </span>
              ) : null}
              {filter.mine || user.admin ? (
                <button
                  type="button"
                  className="button button-quiet"
                  aria-label={`Delete ${filter.name}`}
                  onClick={() => void remove(filter)}
                >
                  Delete
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="visually-hidden" role="status">
        {message}
      </p>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {saving ? (
        <SaveDialog
          current={current}
          groups={user.groups}
          onClose={() => setSaving(false)}
          onSaved={(name) => {
            setSaving(false);
            setMessage(`Saved filter ${name}`);
            filters.reload();
          }}
        />
      ) : null}
    </div>
  );
}

interface SaveDialogProps {
  current: TaskQuery;
  groups: string[];
  onClose(): void;
  onSaved(name: string): void;
}

function SaveDialog({ current, groups, onClose, onSaved }: SaveDialogProps) {
  const [name, setName] = useState("");
  const [group, setGroup] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const save = async () => {
    if (!name.trim()) {
      setError("Give the filter a name.");
      return;
    }
    setBusy(true);
    setError("");
    try {
      await api<SavedFilter>("/api/web/filters", {
        method: "POST",
        body: { name: name.trim(), query: current, sharedGroup: group || null },
      });
      onSaved(name.trim());
    } catch (caught) {
      setBusy(false);
      if (caught instanceof ApiError && caught.status === 409) setError("You already have a filter with this name.");
      else setError(caught instanceof Error ? caught.message : "The filter could not be saved.");
    }
  };

  return (
    <Dialog title="Save filter" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            maxLength={200}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "save-filter-error" : undefined}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="field">
          <span>Share with group</span>
          <select value={group} onChange={(event) => setGroup(event.target.value)}>
            <option value="">Only me</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
        {error ? (
          <p id="save-filter-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={busy}>
            Save
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
