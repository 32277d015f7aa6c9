/** A Tasklist filter: what the list shows and in which order. Saved filters store this. */
export type TaskView = "mine" | "groups" | "unassigned" | "all" | "completed";
export type TaskSort = "created" | "due" | "followUp" | "priority";

export interface VariableCondition {
  name: string;
  /** Compared with the variable's value as JSON text: `"approved"`, `42`, `true`. */
  value: string;
}

export interface TaskQuery {
  view: TaskView;
  process?: string;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  dueFrom?: string;
  dueTo?: string;
  followUpFrom?: string;
  followUpTo?: string;
  /** Lowest priority shown (0-100). */
  minPriority?: number;
  variables?: VariableCondition[];
  text?: string;
  sort: TaskSort;
  order: "asc" | "desc";
}

export const DEFAULT_QUERY: TaskQuery = { view: "mine", sort: "created", order: "desc" };
