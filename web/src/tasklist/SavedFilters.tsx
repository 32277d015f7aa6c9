import type { TaskQuery } from "./query";

export interface SavedFiltersProps {
  /** The filter the list shows now (what "Save" stores). */
  current: TaskQuery;
  /** Show a saved filter's query in the list. */
  onApply(query: TaskQuery): void;
}

/** PLACEHOLDER until the saved-filters work lands: lists, saves and shares filters. */
export default function SavedFilters(_props: SavedFiltersProps) {
  return null;
}
