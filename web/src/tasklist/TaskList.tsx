import { useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import type { BulkAction, BulkResult, TaskItem } from "./api";
import { formatDateTime, isOverdue, personText, totalText } from "./format";

interface TaskListProps {
  items: TaskItem[];
  total: number;
  totalCapped: boolean;
  openId: string | null;
  search: string;
  now: number;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore(): void;
  onBulk(action: BulkAction, ids: string[]): Promise<BulkResult[]>;
}

/** The task list: one link per task (j/k move between them), selection for bulk actions. */
export function TaskList(props: TaskListProps) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<{ results: BulkResult[]; names: Map<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasMore, loadingMore, onLoadMore } = props;

  useEffect(() => {
    const target = sentinel.current;
    if (!target || !hasMore || loadingMore || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoadMore();
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [hasMore, loadingMore, onLoadMore]);

  const visible = new Set(props.items.map((i) => i.id));
  const chosen = [...selected].filter((id) => visible.has(id));

  function toggle(id: string, on: boolean) {
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function run(action: BulkAction) {
    const names = new Map(props.items.map((i) => [i.id, i.name]));
    setBusy(true);
    try {
      const found = await props.onBulk(action, chosen);
      setResults({ results: found, names });
      setSelected(new Set(found.filter((r) => !r.ok).map((r) => r.taskId)));
    } catch (e) {
      const message = e instanceof Error ? e.message : "It did not work.";
      setResults({ results: chosen.map((id) => ({ taskId: id, ok: false, status: 0, message })), names });
    } finally {
      setBusy(false);
    }
  }

  const done = results?.results.filter((r) => r.ok).length ?? 0;
  const failed = (results?.results.length ?? 0) - done;

  return (
    <div className="tl-list-wrap">
      {chosen.length || results ? (
        <div className="tl-bulk" aria-label="Bulk actions" role="group">
          <span>{chosen.length} selected</span>
          <button type="button" className="button" disabled={!chosen.length || busy} onClick={() => void run("claim")}>
            Claim selected
          </button>
          <button type="button" className="button" disabled={!chosen.length || busy} onClick={() => void run("unclaim")}>
            Unclaim selected
          </button>
          <button type="button" className="button" disabled={!chosen.length || busy} onClick={() => void run("complete")}>
            Complete selected
          </button>
          {chosen.length ? (
            <button type="button" className="button button-quiet" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          ) : null}
        </div>
      ) : null}
      <div role="status" aria-live="polite" className="tl-bulk-status">
        {results ? (
          <>
            <p>
              {done} done, {failed} failed
              {results ? (
                <button type="button" className="button button-quiet tl-dismiss" onClick={() => setResults(null)}>
                  Dismiss
                </button>
              ) : null}
            </p>
            {failed ? (
              <ul className="tl-bulk-results">
                {results.results.map((r) => (
                  <li key={r.taskId} className={r.ok ? "ok" : "failed"}>
                    {results.names.get(r.taskId) ?? r.taskId}: {r.ok ? "done" : "failed"} — {r.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
      <ul className="tl-list" role="list" aria-label="Tasks">
        {props.items.map((item) => {
          const open = item.id === props.openId;
          const overdue = isOverdue(item.due, props.now, item.state);
          return (
            <li key={item.id} className={open ? "tl-item tl-item-open" : "tl-item"}>
              <input
                type="checkbox"
                className="tl-check"
                aria-label={`Select ${item.name}`}
                checked={selected.has(item.id)}
                onChange={(e) => toggle(item.id, e.target.checked)}
              />
              <Link
                to={{ pathname: `/tasklist/${encodeURIComponent(item.id)}`, search: props.search }}
                className="tl-item-link"
                data-task-link=""
                aria-current={open ? "true" : undefined}
              >
                <span className="tl-item-name">{item.name}</span>
                <span className="tl-item-meta">
                  <span>{item.process.name}</span>
                  <span>
                    {item.assignee ? `Assignee ${personText(item.assignee, item.assigneeName)}` : "Unassigned"}
                  </span>
                  <span>Created {formatDateTime(item.created)}</span>
                  {item.due !== null ? (
                    <span className={overdue ? "tl-overdue" : undefined}>
                      {overdue ? "Overdue · " : ""}Due {formatDateTime(item.due)}
                    </span>
                  ) : null}
                  <span className={`tl-priority tl-priority-${item.priorityLabel.toLowerCase()}`}>
                    {item.priorityLabel}
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      <p className="tl-count">
        {props.items.length.toLocaleString("en-US")} of {totalText(props.total, props.totalCapped)} tasks
      </p>
      {props.hasMore ? (
        <div ref={sentinel}>
          <button type="button" className="button" onClick={props.onLoadMore} disabled={props.loadingMore}>
            {props.loadingMore ? "Loading more…" : "Load more tasks"}
          </button>
        </div>
      ) : null}
    </div>
  );
}
