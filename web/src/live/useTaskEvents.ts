import type { TaskEvent } from "./events";

/**
 * PLACEHOLDER until the live-updates work lands: calls `onEvent` for every task event the
 * server pushes to this user. The real hook keeps one EventSource per page.
 */
export function useTaskEvents(onEvent: (event: TaskEvent) => void): void {
  void onEvent;
}
