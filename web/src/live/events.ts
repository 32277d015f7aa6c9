/** What the server pushes about human tasks (server-sent events on /api/web/events). */
export interface TaskEvent {
  /** offered: newly open to this user (or their group); claimed / released / completed /
   * changed / removed: an open task this user may see changed. */
  kind: "offered" | "claimed" | "released" | "completed" | "changed" | "removed";
  taskId: string;
  instanceId: string | null;
  /** Who holds the task now, when claimed. */
  assignee: string | null;
}
