import type { ElementBadge } from "./types";

/** A badge's counts as words ("1 active", "2 incidents", "3 completed"); zeros left out. */
export function badgeParts(badge: ElementBadge): { kind: "active" | "incidents" | "completed"; text: string }[] {
  const parts: { kind: "active" | "incidents" | "completed"; text: string }[] = [];
  if (badge.active > 0) parts.push({ kind: "active", text: `${badge.active} active` });
  if (badge.incidents > 0)
    parts.push({ kind: "incidents", text: `${badge.incidents} ${badge.incidents === 1 ? "incident" : "incidents"}` });
  if (badge.completed > 0) parts.push({ kind: "completed", text: `${badge.completed} completed` });
  return parts;
}
