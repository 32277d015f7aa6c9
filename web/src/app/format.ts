/** How the app writes times, durations and human-task states (one place for every page). */

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** "1 Dec 2026, 06:38"; "—" when there is no time. */
export function formatDateTime(ms: number | null | undefined): string {
  return ms ? DATE_TIME.format(new Date(ms)) : "—";
}

/** "59 min", "2 h 5 min", "3 d 4 h" (at least "1 min"). */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  return rest ? `${days} d ${rest} h` : `${days} d`;
}

const TASK_STATES: Record<string, string> = {
  PENDING: "Open",
  ASSIGNED: "Open",
  IN_PROGRESS: "Claimed",
  COMPLETED: "Completed",
  TIMED_OUT: "Timed out",
  DELETED: "Deleted",
};

/** A human task's state in words (the Orkes names mean little to a person). */
export function taskStateText(state: string): string {
  return TASK_STATES[state] ?? state;
}
