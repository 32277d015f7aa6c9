import { useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";

interface Props {
  instanceId: string;
  onCancel: () => Promise<void>;
}

/** "Cancel instance", confirmed in a dialog that takes the button's place (Escape or
 * "Keep running" closes it and gives the focus back). */
export function ConfirmCancel({ instanceId, onCancel }: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);

  useEffect(() => {
    if (open) confirm.current?.focus();
    else if (wasOpen.current) trigger.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const close = () => {
    setOpen(false);
    setError(null);
  };
  const go = async () => {
    setBusy(true);
    try {
      await onCancel();
      setOpen(false);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "The instance could not be canceled.");
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button ref={trigger} type="button" className="button button-danger" onClick={() => setOpen(true)}>
        Cancel instance
      </button>
    );
  }
  return (
    <div
      role="dialog"
      aria-modal="false"
      aria-labelledby="cancel-title"
      aria-describedby="cancel-text"
      className="confirm-box"
      onKeyDown={(e) => {
        if (e.key === "Escape") close();
      }}
    >
      <h2 id="cancel-title">Cancel instance {instanceId}?</h2>
      <p id="cancel-text">Its open tasks end and it stops where it is. This cannot be undone.</p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="confirm-actions">
        <button ref={confirm} type="button" className="button button-danger" disabled={busy} onClick={() => void go()}>
          Cancel instance
        </button>
        <button type="button" className="button" onClick={close}>
          Keep running
        </button>
      </div>
    </div>
  );
}
