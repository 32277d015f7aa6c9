import { useState } from "react";
import type { FormEvent } from "react";
import { ApiError } from "../api/client";
import type { Tier, TierInput } from "./api";
import { Dialog } from "../app/Dialog";

interface Row {
  key: number;
  users: string;
  groups: string;
  sla: string;
}

const split = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

function initialRows(tiers: Tier[]): Row[] {
  if (!tiers.length) return [{ key: 0, users: "", groups: "", sla: "0" }];
  return tiers.map((t, i) => ({
    key: i,
    users: t.users.join(", "),
    groups: t.groups.join(", "),
    sla: String(t.slaMinutes),
  }));
}

/** The tier editor: ordered tiers, each offering the task to users and groups for an SLA. */
export function ReassignDialog(props: {
  tiers: Tier[];
  onSave(tiers: TierInput[]): Promise<void>;
  onClose(): void;
}) {
  const [rows, setRows] = useState<Row[]>(() => initialRows(props.tiers));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const change = (key: number, patch: Partial<Row>) =>
    setRows((all) => all.map((r) => (r.key === key ? { ...r, ...patch } : r)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSave(
        rows.map((r) => ({ users: split(r.users), groups: split(r.groups), slaMinutes: Number(r.sla) || 0 })),
      );
    } catch (e) {
      const fields = e instanceof ApiError && e.fields.length ? `: ${e.fields.map((f) => `${f.path} ${f.message}`).join("; ")}` : "";
      setError((e instanceof Error ? e.message : "It did not work.") + fields);
      setBusy(false);
    }
  }

  return (
    <Dialog title="Reassign" onClose={props.onClose}>
      <form onSubmit={(e) => void submit(e)}>
        <ol className="tl-tier-editor">
          {rows.map((row, i) => (
            <li key={row.key}>
              <fieldset>
                <legend>Tier {i + 1}</legend>
                <label className="field">
                  <span>Users (comma separated)</span>
                  <input value={row.users} onChange={(e) => change(row.key, { users: e.target.value })} />
                </label>
                <label className="field">
                  <span>Groups (comma separated)</span>
                  <input value={row.groups} onChange={(e) => change(row.key, { groups: e.target.value })} />
                </label>
                <label className="field">
                  <span>SLA minutes (0 = never moves on)</span>
                  <input
                    type="number"
                    min={0}
                    value={row.sla}
                    onChange={(e) => change(row.key, { sla: e.target.value })}
                  />
                </label>
                {rows.length > 1 ? (
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() => setRows((all) => all.filter((r) => r.key !== row.key))}
                  >
                    Remove tier {i + 1}
                  </button>
                ) : null}
              </fieldset>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button"
          onClick={() =>
            setRows((all) => [...all, { key: Math.max(...all.map((r) => r.key)) + 1, users: "", groups: "", sla: "0" }])
          }
        >
          Add tier
        </button>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="tl-dialog-actions">
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            Reassign
          </button>
        </div>
      </form>
    </Dialog>
  );
}
