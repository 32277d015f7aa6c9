import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router-dom";
import { ErrorState, Empty, Loading } from "../app/states";
import { useUser } from "../app/session";
import { useResource } from "../app/useResource";
import type { TaskEvent } from "../live/events";
import { useTaskEvents } from "../live/useTaskEvents";
import { bulkAction, listTasks } from "./api";
import type { BulkAction, NextStep, TaskItem, TaskPage } from "./api";
import { FilterBar } from "./FilterBar";
import { shortcutFor } from "./keyboard";
import type { TaskQuery } from "./query";
import { queryFromSearch, queryKey, queryToSearch } from "./queryUrl";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { TaskDetail } from "./TaskDetail";
import type { TaskCommands } from "./TaskDetail";
import { TaskList } from "./TaskList";
import { useNow } from "./useNow";
import "./tasklist.css";

interface More {
  key: string;
  items: TaskItem[];
  cursor: string | null;
}

/** What a completion leads to, said in words. */
export function nextStepText(step: NextStep): string {
  if (step.handedTo?.kind === "group") return `Handed to group ${step.handedTo.id}`;
  if (step.handedTo?.kind === "user") return `Handed to ${step.handedTo.id}`;
  if (step.done) return "Nothing more to do in this process";
  return "Completed";
}

/** The Tasklist: filters and the list on the left, the open task on the right. */
export default function TasklistPage() {
  const user = useUser();
  const location = useLocation();
  const navigate = useNavigate();
  const openId = useParams()["*"] || null;
  const query = queryFromSearch(new URLSearchParams(location.search));
  const key = queryKey(query);
  const search = queryToSearch(query).toString();
  const searchText = search ? `?${search}` : "";
  const now = useNow();

  const list = useResource(`list:${key}`, (signal) => listTasks(query, null, signal));
  const [more, setMore] = useState<More | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [dropped, setDropped] = useState<{ key: string; ids: Set<string> }>({ key, ids: new Set() });
  const [status, setStatus] = useState("");
  const [help, setHelp] = useState(false);
  const [detailVersion, setDetailVersion] = useState(0);
  const commands = useRef<TaskCommands | null>(null);
  const filtersRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const registerCommands = useCallback((found: TaskCommands | null) => {
    commands.current = found;
  }, []);

  const page: TaskPage | null = list.status === "ready" ? list.data : null;
  const extra = more && more.key === key ? more : null;
  const gone = dropped.key === key ? dropped.ids : new Set<string>();
  const seen = new Set<string>();
  const items = [...(page?.items ?? []), ...(extra?.items ?? [])].filter((item) => {
    if (gone.has(item.id) || seen.has(item.id)) return false;
    seen.add(item.id);
    return true;
  });
  const cursor = extra ? extra.cursor : (page?.nextCursor ?? null);
  const reloadList = list.reload;

  const setQuery = useCallback(
    (next: TaskQuery) => {
      const text = queryToSearch(next).toString();
      navigate({ pathname: location.pathname, search: text ? `?${text}` : "" });
    },
    [navigate, location.pathname],
  );

  const loadMore = useCallback(() => {
    if (!cursor || loadingMore) return;
    setLoadingMore(true);
    listTasks(query, cursor)
      .then((found) =>
        setMore({ key, items: [...(extra?.items ?? []), ...found.items], cursor: found.nextCursor }),
      )
      .catch((e: unknown) => setStatus(e instanceof Error ? e.message : "More tasks could not be loaded"))
      .finally(() => setLoadingMore(false));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cursor, loadingMore, key]);

  function drop(id: string) {
    setDropped((d) => ({ key, ids: new Set([...(d.key === key ? d.ids : []), id]) }));
  }

  useTaskEvents((event: TaskEvent) => {
    if (event.kind === "offered" || event.kind === "released" || event.kind === "changed") {
      reloadList();
    } else if (event.kind === "claimed") {
      const byOther = event.assignee !== null && event.assignee !== user.id;
      if (byOther && (query.view === "groups" || query.view === "unassigned")) drop(event.taskId);
      else reloadList();
    } else if (event.kind === "completed" || event.kind === "removed") {
      if (query.view !== "completed") drop(event.taskId);
      else reloadList();
    }
    if (event.taskId === openId) setDetailVersion((v) => v + 1);
  });

  const openTask = useCallback(
    (id: string | null) => navigate({ pathname: id ? `/tasklist/${encodeURIComponent(id)}` : "/tasklist", search: searchText }),
    [navigate, searchText],
  );

  function onCompleted(step: NextStep) {
    if (step.next) {
      setStatus(`Next: ${step.next.name}`);
      openTask(step.next.taskId);
    } else {
      setStatus(nextStepText(step));
      openTask(null);
    }
  }

  // keyboard-first: one listener for the page's shortcuts
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (help || document.querySelector('[role="dialog"]')) return;
      const action = shortcutFor(event);
      if (!action) return;
      const links = Array.from(listRef.current?.querySelectorAll<HTMLAnchorElement>("a[data-task-link]") ?? []);
      if (action === "next" || action === "previous") {
        const focused = links.indexOf(document.activeElement as HTMLAnchorElement);
        const inList = focused >= 0 || document.activeElement === document.body || listRef.current?.contains(document.activeElement);
        if (!inList && event.key.startsWith("Arrow")) return;
        if (!links.length) return;
        event.preventDefault();
        const current = focused >= 0 ? focused : links.findIndex((a) => a.getAttribute("aria-current") === "true");
        const step = action === "next" ? 1 : -1;
        const target = current < 0 ? 0 : Math.min(links.length - 1, Math.max(0, current + step));
        links[target]?.focus();
        links[target]?.scrollIntoView?.({ block: "nearest" });
        return;
      }
      event.preventDefault();
      if (action === "claim") commands.current?.claim();
      else if (action === "unclaim") commands.current?.unclaim();
      else if (action === "complete") commands.current?.complete();
      else if (action === "search") searchRef.current?.focus();
      else if (action === "filters") filtersRef.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus();
      else if (action === "help") setHelp(true);
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [help]);

  const canSeeAll = user.admin || (page?.canSeeAll ?? false);

  return (
    <div className={openId ? "tl-page tl-has-open" : "tl-page"}>
      <h1 className="visually-hidden">Tasklist</h1>
      <div role="status" aria-live="polite" className="tl-status">
        {status ? (
          <p className="notice">
            {status}{" "}
            <button type="button" className="button button-quiet tl-dismiss" onClick={() => setStatus("")}>
              Dismiss
            </button>
          </p>
        ) : null}
      </div>
      <section className="tl-left" aria-label="Task list">
        <div className="tl-left-head">
          <FilterBar query={query} canSeeAll={canSeeAll} onChange={setQuery} filtersRef={filtersRef} searchRef={searchRef} />
          <button type="button" className="button button-quiet tl-help-button" onClick={() => setHelp(true)}>
            Keyboard shortcuts
          </button>
        </div>
        <div ref={listRef} className="tl-list-area">
          {list.status === "loading" ? <Loading label="Loading tasks" /> : null}
          {list.status === "error" ? <ErrorState error={list.error} retry={list.reload} /> : null}
          {page && !items.length ? (
            <Empty title="No tasks here">
              {query.view === "mine"
                ? "Nothing is assigned to you. Look in My groups or Unassigned for work to claim."
                : "No task matches these filters."}
            </Empty>
          ) : null}
          {page && items.length ? (
            <TaskList
              items={items}
              total={page.totalCapped ? page.total : Math.max(page.total - gone.size, items.length)}
              totalCapped={page.totalCapped}
              openId={openId}
              search={searchText}
              now={now}
              hasMore={cursor !== null}
              loadingMore={loadingMore}
              onLoadMore={loadMore}
              onBulk={async (action: BulkAction, ids: string[]) => {
                const { results } = await bulkAction(action, ids);
                reloadList();
                if (openId && ids.includes(openId)) setDetailVersion((v) => v + 1);
                return results;
              }}
            />
          ) : null}
        </div>
      </section>
      <section className="tl-right" aria-label="Task detail">
        {openId ? (
          <>
            <Link className="tl-back" to={{ pathname: "/tasklist", search: searchText }}>
              ← Back to tasks
            </Link>
            <TaskDetail
              key={openId}
              taskId={openId}
              userId={user.id}
              version={detailVersion}
              register={registerCommands}
              onChanged={reloadList}
              onStatus={setStatus}
              onCompleted={onCompleted}
              onGone={() => {
                drop(openId);
                openTask(null);
              }}
            />
          </>
        ) : (
          <Empty title="No task open">Choose a task from the list (j/k then Enter), or press ? for shortcuts.</Empty>
        )}
      </section>
      {help ? <ShortcutsDialog onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
