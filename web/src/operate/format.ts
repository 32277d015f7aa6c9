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

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatTime(ms: number | null | undefined): string {
  return ms ? dateTime.format(new Date(ms)) : "—";
}

/** How long ago, in words ("3 h 5 min"), for the oldest waiting task. */
export function age(since: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - since) / 60_000));
  if (minutes < 1) return "under a minute";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${rest} min`;
  return `${rest} min`;
}

export function valueText(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? "null";
}
