import { useCallback, useEffect, useState } from "react";

export type Resource<T> =
  | { status: "loading"; reload: () => void }
  | { status: "error"; error: unknown; reload: () => void }
  | { status: "ready"; data: T; reload: () => void; refreshing: boolean };

type Outcome<T> = { ok: true; data: T } | { ok: false; error: unknown };

interface Settled<T> {
  key: string;
  generation: number;
  outcome: Outcome<T>;
}

/**
 * Loads `load()` when `key` changes; `reload()` fetches again, keeping the old data shown
 * (`refreshing`) meanwhile. Aborted when the component goes or the key changes.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [generation, setGeneration] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ key, generation, outcome: { ok: true, data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setSettled({ key, generation, outcome: { ok: false, error } });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);

  if (settled === null || settled.key !== key) return { status: "loading", reload };
  const refreshing = settled.generation !== generation;
  if (settled.outcome.ok) return { status: "ready", data: settled.outcome.data, reload, refreshing };
  if (refreshing) return { status: "loading", reload };
  return { status: "error", error: settled.outcome.error, reload };
}
