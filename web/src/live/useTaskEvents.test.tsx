import { act, render } from "@testing-library/react";
import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { onUnauthenticated } from "../api/client";
import type { TaskEvent } from "./events";
import { BACKOFF_MS, EVENTS_URL, useTaskEvents } from "./useTaskEvents";

/** A stand-in for the browser's EventSource: tests push messages and errors into it. */
class FakeEventSource {
  static made: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  private readonly handlers = new Map<string, ((event: Event) => void)[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.made.push(this);
  }

  addEventListener(type: string, handler: (event: Event) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  close(): void {
    this.closed = true;
  }

  emit(type: string, data = "", lastEventId = ""): void {
    const event = type === "open" || type === "error" ? new Event(type) : new MessageEvent(type, { data, lastEventId });
    for (const handler of this.handlers.get(type) ?? []) handler(event);
  }

  task(event: TaskEvent, id: string): void {
    this.emit("task", JSON.stringify(event), id);
  }
}

/** The `index`th EventSource the hook opened. */
function made(index: number): FakeEventSource {
  const source = FakeEventSource.made[index];
  if (!source) throw new Error(`no EventSource #${index}`);
  return source;
}

const [FIRST_PAUSE = 0, SECOND_PAUSE = 0] = BACKOFF_MS;
const LONGEST_PAUSE = Math.max(...BACKOFF_MS);

const offered: TaskEvent = { kind: "offered", taskId: "t1", instanceId: "i1", assignee: null };

function answer(status: number): Response {
  return new Response(JSON.stringify(status === 200 ? { user: {}, csrfToken: "x", expiresAt: 0 } : { message: "no" }), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

function Listener({ onEvent }: { onEvent: (event: TaskEvent) => void }) {
  useTaskEvents(onEvent);
  return null;
}

beforeEach(() => {
  FakeEventSource.made = [];
  vi.stubGlobal("EventSource", FakeEventSource);
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

test("one stream per page, shared by every listener and closed with the last", () => {
  const first = vi.fn();
  const second = vi.fn();
  const one = render(<Listener onEvent={first} />);
  const two = render(<Listener onEvent={second} />);
  expect(FakeEventSource.made).toHaveLength(1);
  const source = made(0);
  expect(source.url).toBe(EVENTS_URL);
  act(() => source.task(offered, "7"));
  expect(first).toHaveBeenCalledWith(offered);
  expect(second).toHaveBeenCalledWith(offered);
  one.unmount();
  expect(source.closed).toBe(false);
  two.unmount();
  expect(source.closed).toBe(true);
});

test("a new handler on re-render is used without reconnecting", () => {
  const before = vi.fn();
  const after = vi.fn();
  const view = render(<Listener onEvent={before} />);
  view.rerender(<Listener onEvent={after} />);
  act(() => made(0).task(offered, "1"));
  expect(FakeEventSource.made).toHaveLength(1);
  expect(before).not.toHaveBeenCalled();
  expect(after).toHaveBeenCalledWith(offered);
  view.unmount();
});

test("messages that are not task events are ignored", () => {
  const onEvent = vi.fn();
  const view = render(<Listener onEvent={onEvent} />);
  act(() => made(0).emit("task", "not json"));
  act(() => made(0).emit("task", JSON.stringify({ kind: "exploded", taskId: "t" })));
  expect(onEvent).not.toHaveBeenCalled();
  view.unmount();
});

test("a dropped stream reconnects after a growing pause, asking for what it missed", async () => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async () => answer(200));
  const view = render(<Listener onEvent={vi.fn()} />);
  const first = made(0);
  act(() => first.task(offered, "41"));
  await act(async () => first.emit("error"));
  expect(first.closed).toBe(true);
  await act(async () => vi.advanceTimersByTime(FIRST_PAUSE - 1));
  expect(FakeEventSource.made).toHaveLength(1);
  await act(async () => vi.advanceTimersByTime(1));
  expect(FakeEventSource.made).toHaveLength(2);
  expect(made(1).url).toBe(`${EVENTS_URL}?since=41`);
  // failing again waits longer
  await act(async () => made(1).emit("error"));
  await act(async () => vi.advanceTimersByTime(FIRST_PAUSE));
  expect(FakeEventSource.made).toHaveLength(2);
  await act(async () => vi.advanceTimersByTime(SECOND_PAUSE - FIRST_PAUSE));
  expect(FakeEventSource.made).toHaveLength(3);
  view.unmount();
});

test("an ended session sends the user to sign in and does not reconnect", async () => {
  vi.spyOn(globalThis, "fetch").mockImplementation(async () => answer(401));
  const signIn = vi.fn();
  const stop = onUnauthenticated(signIn);
  const view = render(<Listener onEvent={vi.fn()} />);
  await act(async () => made(0).emit("error"));
  expect(signIn).toHaveBeenCalled();
  await act(async () => vi.advanceTimersByTime(LONGEST_PAUSE * 2));
  expect(FakeEventSource.made).toHaveLength(1);
  stop();
  view.unmount();
});
