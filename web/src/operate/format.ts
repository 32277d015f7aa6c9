import { formatDuration } from "../app/format";
import type { InstanceState } from "./api";

export const STATE_LABEL: Record<InstanceState, string> = {
  ACTIVE: "Active",
  INCIDENT: "Incident",
  COMPLETED: "Completed",
  CANCELED: "Canceled",
};

export const STATE_BADGE: Record<InstanceState, string> = {
  ACTIVE: "badge badge-info",
  INCIDENT: "badge badge-danger",
  COMPLETED: "badge badge-success",
  CANCELED: "badge",
};

export { formatDateTime as formatTime } from "../app/format";

/** How long ago, in words ("3 h 5 min"), for the oldest waiting task. */
export function age(since: number, now: number): string {
  const minutes = Math.floor((now - since) / 60_000); // whole minutes passed, never rounded up
  return minutes < 1 ? "under a minute" : formatDuration(minutes * 60_000);
}

export function valueText(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? "null";
}
