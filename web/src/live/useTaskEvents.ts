import { useEffect, useRef } from "react";
import { ApiError, api } from "../api/client";
import type { TaskEvent } from "./events";

/**
 * Live task events: one EventSource per page, shared by every component that listens
 * (opened with the first listener, closed with the last). A dropped stream is opened again
 * after a growing pause, asking for what it missed (`?since=` the last event id). An
 * EventSource cannot see status codes, so after an error the session is probed: a 401
 * there sends the user to sign in (api/client.ts) and the stream stays closed.
 */

type Listener = (event: TaskEvent) => void;

export const EVENTS_URL = "/api/web/events";
/** Pauses before reconnecting, by attempt; the last repeats. */
export const BACKOFF_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

const KINDS = new Set<TaskEvent["kind"]>(["offered", "claimed", "released", "completed", "changed", "removed"]);

interface Shared {
  listeners: Set<Listener>;
  source: EventSource | null;
  lastId: string | null;
  attempt: number;
  timer: ReturnType<typeof setTimeout> | null;
  /** The session ended: wait for the next page (sign-in) instead of reconnecting. */
  stopped: boolean;
}

let shared: Shared | null = null;

function parse(data: string): TaskEvent | null {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value !== "object" || value === null) return null;
    const raw = value as Record<string, unknown>;
    if (typeof raw.kind !== "string" || !KINDS.has(raw.kind as TaskEvent["kind"])) return null;
    if (typeof raw.taskId !== "string") return null;
    return {
      kind: raw.kind as TaskEvent["kind"],
      taskId: raw.taskId,
      instanceId: typeof raw.instanceId === "string" ? raw.instanceId : null,
      assignee: typeof raw.assignee === "string" ? raw.assignee : null,
    };
  } catch {
    return null;
  }
}

function connect(state: Shared): void {
  // no EventSource (an old browser, or jsdom in unit tests): the page works without push
  if (typeof EventSource === "undefined") return;
  const url = state.lastId ? `${EVENTS_URL}?since=${encodeURIComponent(state.lastId)}` : EVENTS_URL;
  const source = new EventSource(url);
  state.source = source;
  source.addEventListener("open", () => {
    state.attempt = 0;
  });
  source.addEventListener("task", (message: MessageEvent<string>) => {
    if (message.lastEventId) state.lastId = message.lastEventId;
    const event = parse(message.data);
    if (!event) return;
    for (const listener of [...state.listeners]) listener(event);
  });
  // the server ends a stream whose session expired with `event: expired`
  source.addEventListener("expired", () => dropped(state, source));
  source.addEventListener("error", () => dropped(state, source));
}

function dropped(state: Shared, source: EventSource): void {
  source.close();
  if (state.source !== source) return;
  state.source = null;
  // a 401 here tells the session layer, which shows the sign-in page
  api<unknown>("/api/web/session").then(
    () => reconnectLater(state),
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) state.stopped = true;
      else reconnectLater(state);
    },
  );
}

function reconnectLater(state: Shared): void {
  if (state !== shared || state.stopped || state.timer !== null) return;
  const pause = BACKOFF_MS[Math.min(state.attempt, BACKOFF_MS.length - 1)] ?? 30_000;
  state.attempt += 1;
  state.timer = setTimeout(() => {
    state.timer = null;
    if (state === shared && !state.stopped && state.source === null) connect(state);
  }, pause);
}

/** Listen to the page's stream; returns the function that stops listening. */
export function subscribeTaskEvents(listener: Listener): () => void {
  if (!shared) {
    shared = { listeners: new Set(), source: null, lastId: null, attempt: 0, timer: null, stopped: false };
    connect(shared);
  } else if (shared.stopped && shared.source === null) {
    // signed in again (a new page mounts a listener): start over
    shared.stopped = false;
    shared.attempt = 0;
    connect(shared);
  }
  const state = shared;
  state.listeners.add(listener);
  return () => {
    state.listeners.delete(listener);
    if (state.listeners.size > 0 || state !== shared) return;
    state.source?.close();
    if (state.timer !== null) clearTimeout(state.timer);
    shared = null;
  };
}

/**
 * Calls `onEvent` for every task event the server pushes to this user. The handler may
 * change on every render: it is kept in a ref, so re-rendering never reconnects.
 */
export function useTaskEvents(onEvent: (event: TaskEvent) => void): void {
  const handler = useRef(onEvent);
  useEffect(() => {
    handler.current = onEvent;
  });
  useEffect(() => subscribeTaskEvents((event) => handler.current(event)), []);
}
