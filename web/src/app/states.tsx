/** The designed states every page uses: loading, empty, error, forbidden, not found. */
import type { ReactNode } from "react";
import { ApiError } from "../api/client";

export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}…</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
    </div>
  );
}

export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  if (error instanceof ApiError && error.status === 403) {
    return <Forbidden message={error.message} />;
  }
  if (error instanceof ApiError && error.status === 404) {
    return (
      <div className="state state-error" role="alert">
        <p className="state-title">Not found</p>
        <p className="state-body">It does not exist, or you may not see it.</p>
      </div>
    );
  }
  const message = error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">This could not be loaded</p>
      <p className="state-body">{message}</p>
      {retry ? (
        <button type="button" className="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Forbidden({ message }: { message?: string }) {
  return (
    <div className="state state-forbidden" role="alert">
      <p className="state-title">You may not see this</p>
      <p className="state-body">{message ?? "Ask an administrator for access."}</p>
    </div>
  );
}
