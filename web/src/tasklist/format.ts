/** How the Tasklist writes its own texts (times and durations: app/format.ts). */
import { formatDuration } from "../app/format";

export { formatDateTime, formatDuration } from "../app/format";

/** The SLA countdown's text. */
export function nextTierText(nextTierAt: number, now: number): string {
  const left = nextTierAt - now;
  return left <= 0 ? "Next tier due now" : `Next tier in ${formatDuration(left)}`;
}

export function isOverdue(due: number | null, now: number, state: string): boolean {
  return due !== null && due < now && !["COMPLETED", "DELETED", "TIMED_OUT"].includes(state);
}

/** A list's total: "1,234", or "10,000+" when the count stopped at the server's cap. */
export function totalText(total: number, capped: boolean): string {
  const shown = total.toLocaleString("en-US");
  return capped ? `${shown}+` : shown;
}

/** "Claimed by Ria Reviewer (ria)", or just the id when it is the name. */
export function personText(id: string, name: string | null): string {
  return name && name !== id ? `${name} (${id})` : id;
}
