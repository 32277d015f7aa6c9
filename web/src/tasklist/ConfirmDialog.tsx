import { useState } from "react";
import type { ReactNode } from "react";
import { Dialog } from "../app/Dialog";

interface ConfirmDialogProps {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  /** Ask for a reason (Skip). */
  reasonLabel?: string;
  children: ReactNode;
  onConfirm(reason: string): Promise<void>;
  onClose(): void;
}

export function ConfirmDialog(props: ConfirmDialogProps) {
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(reason);
    } catch (e) {
      setError(e instanceof Error ? e.message : "It did not work.");
      setBusy(false);
    }
  }

  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <div>{props.children}</div>
      {props.reasonLabel ? (
        <label className="field">
          <span>{props.reasonLabel}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
        </label>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="tl-dialog-actions">
        <button type="button" className="button" onClick={props.onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={props.danger ? "button button-danger" : "button button-primary"}
          disabled={busy}
          onClick={() => void confirm()}
        >
          {props.confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
