/** How the Tasklist writes dates and durations. */

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(ms: number): string {
  return DATE_TIME.format(new Date(ms));
}

/** "59 min", "2 h 5 min", "3 d 4 h". */
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

/** The SLA countdown's text. */
export function nextTierText(nextTierAt: number, now: number): string {
  const left = nextTierAt - now;
  return left <= 0 ? "Next tier due now" : `Next tier in ${formatDuration(left)}`;
}

export function isOverdue(due: number | null, now: number, state: string): boolean {
  return due !== null && due < now && !["COMPLETED", "DELETED", "TIMED_OUT"].includes(state);
}

/** "Claimed by Ria Reviewer (ria)", or just the id when it is the name. */
export function personText(id: string, name: string | null): string {
  return name && name !== id ? `${name} (${id})` : id;
}
