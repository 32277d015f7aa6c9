import { Suspense, lazy, useEffect, useRef, useState } from "react";
import type { KeyboardEvent } from "react";
import { ApiError } from "../api/client";
import type { FieldProblem } from "../api/client";
import { ErrorState, Loading } from "../app/states";
import { useResource } from "../app/useResource";
import TaskForm from "../forms/TaskForm";
import type { FormValues } from "../forms/types";
import {
  claimTask,
  completeTask,
  deleteTask,
  getHistory,
  getTask,
  reassignTask,
  saveDraft,
  skipTask,
  unclaimTask,
} from "./api";
import type { NextStep, TaskDetail as Detail, TierInput } from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import { formatDateTime, isOverdue, nextTierText, personText } from "./format";
import { ReassignDialog } from "./ReassignDialog";
import { useNow } from "./useNow";

const ProcessDiagram = lazy(() => import("../diagram/ProcessDiagram"));

/** What keyboard shortcuts call on the open task. */
export interface TaskCommands {
  claim(): void;
  unclaim(): void;
  complete(): void;
}

interface TaskDetailProps {
  taskId: string;
  userId: string;
  /** Bumped by the page when a live event says this task changed. */
  version: number;
  /** Receives what keyboard shortcuts call on this task (null when it goes). */
  register(commands: TaskCommands | null): void;
  onChanged(): void;
  onStatus(message: string): void;
  onCompleted(step: NextStep): void;
  onGone(): void;
}

type Tab = "form" | "process" | "history";
type Pending = "reassign" | "skip" | "delete" | null;

export function TaskDetail(props: TaskDetailProps) {
  // reloads keep the task shown (and the view's messages) until the new answer is in
  const resource = useResource(`${props.taskId}:${props.version}`, (signal) => getTask(props.taskId, signal));
  if (resource.status === "loading") return <Loading label="Loading the task" />;
  if (resource.status === "error") return <ErrorState error={resource.error} retry={resource.reload} />;
  return <DetailView key={props.taskId} {...props} task={resource.data} reload={resource.reload} />;
}

function DetailView(props: TaskDetailProps & { task: Detail; reload(): void }) {
  const { task, userId } = props;
  const now = useNow();
  const [tab, setTab] = useState<Tab>("form");
  const [alert, setAlert] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending>(null);
  const values = useRef<FormValues>(task.values);
  const submitRef = useRef<(() => void) | null>(null);
  const overdue = isOverdue(task.due, now, task.state);
  const mine = task.holder === userId;

  async function act(what: () => Promise<unknown>, success?: string): Promise<boolean> {
    setBusy(true);
    setAlert(null);
    try {
      await what();
      if (success) props.onStatus(success);
      props.onChanged();
      props.reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        props.onGone();
        return false;
      }
      setAlert(e instanceof Error ? e.message : "It did not work.");
      if (e instanceof ApiError && e.status === 409) {
        props.onChanged();
        props.reload();
      }
      return false;
    } finally {
      setBusy(false);
    }
  }

  const claim = () => void act(() => claimTask(task.id), "Claimed by you");
  const unclaim = () => void act(() => unclaimTask(task.id), "Unclaimed: the task is back with its candidates");

  async function complete(submitted: FormValues) {
    setBusy(true);
    setAlert(null);
    setErrors([]);
    try {
      const step = await completeTask(task.id, submitted);
      props.onChanged();
      props.onCompleted(step);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        setErrors(e.fields);
        setAlert("Some fields need a change: " + e.fields.map((f) => `${f.path}: ${f.message}`).join("; "));
      } else {
        setAlert(e instanceof Error ? e.message : "It did not work.");
      }
    } finally {
      setBusy(false);
    }
  }

  const completeNow = () => {
    if (!task.actions.complete) return;
    if (submitRef.current) submitRef.current();
    else void complete(values.current);
  };

  // latest handlers for keyboard shortcuts
  const { register } = props;
  useEffect(() => {
    register({
      claim: () => task.actions.claim && claim(),
      unclaim: () => task.actions.unclaim && unclaim(),
      complete: completeNow,
    });
    return () => register(null);
  });

  const holderText = task.holder ? personText(task.holder, task.holderName) : null;

  return (
    <article className="tl-detail" aria-labelledby="tl-task-heading">
      <header className="tl-detail-header">
        <h2 id="tl-task-heading" tabIndex={-1}>
          {task.name}
        </h2>
        <p className="tl-detail-process">
          {task.process.name} <span className="tl-muted">v{task.process.version}</span>
          {task.state === "COMPLETED" ? <span className="badge"> Completed</span> : null}
        </p>
        <dl className="tl-facts">
          <div>
            <dt>Assignee</dt>
            <dd>{holderText ?? "Unassigned"}</dd>
          </div>
          <div>
            <dt id="tl-due-label">Due</dt>
            <dd aria-labelledby="tl-due-label" className={overdue ? "tl-overdue" : undefined}>
              {task.due !== null ? formatDateTime(task.due) : "No due date"}
              {overdue ? <span className="badge badge-danger tl-overdue-badge">Overdue</span> : null}
            </dd>
          </div>
          <div>
            <dt>Follow-up</dt>
            <dd>{task.followUp !== null ? formatDateTime(task.followUp) : "None"}</dd>
          </div>
          <div>
            <dt>Priority</dt>
            <dd>
              <span className={`tl-priority tl-priority-${task.priorityLabel.toLowerCase()}`}>
                {task.priorityLabel}
              </span>{" "}
              <span className="tl-muted">({task.priority})</span>
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{formatDateTime(task.created)}</dd>
          </div>
        </dl>
        {task.holder && !mine ? (
          <p role="status" className="notice">
            Claimed by {holderText}
          </p>
        ) : null}
        {alert ? (
          <p role="alert" className="tl-alert">
            {alert}
          </p>
        ) : null}
        <div className="tl-actions">
          {task.actions.claim ? (
            <button type="button" className="button button-primary" disabled={busy} onClick={claim}>
              Claim
            </button>
          ) : null}
          {task.actions.unclaim ? (
            <button type="button" className="button" disabled={busy} onClick={unclaim}>
              Unclaim
            </button>
          ) : null}
          {task.actions.saveDraft ? (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void act(() => saveDraft(task.id, values.current), "Draft saved")}
            >
              Save draft
            </button>
          ) : null}
          {task.actions.reassign ? (
            <button type="button" className="button" onClick={() => setPending("reassign")}>
              Reassign
            </button>
          ) : null}
          {task.actions.skip ? (
            <button type="button" className="button" onClick={() => setPending("skip")}>
              Skip
            </button>
          ) : null}
          {task.actions.delete ? (
            <button type="button" className="button button-danger" onClick={() => setPending("delete")}>
              Delete
            </button>
          ) : null}
        </div>
        <Tiers task={task} now={now} holderText={holderText} />
      </header>
      <DetailTabs tab={tab} onTab={setTab} />
      <div
        role="tabpanel"
        id={`tl-panel-${tab}`}
        aria-labelledby={`tl-tab-${tab}`}
        className="tl-panel"
        tabIndex={0}
      >
        {tab === "form" ? (
          <TaskForm
            key={task.id}
            form={task.form}
            values={task.values}
            errors={errors}
            disabled={!task.actions.complete || busy}
            onChange={(v) => {
              values.current = v;
            }}
            onSubmit={(v) => {
              values.current = v;
              void complete(v);
            }}
            submitRef={submitRef}
            submitLabel="Complete Task"
          />
        ) : null}
        {tab === "process" ? (
          <Suspense fallback={<Loading label="Loading the diagram" />}>
            <ProcessDiagram
              definition={task.definitionName}
              version={task.definitionVersion}
              highlight={[task.elementId]}
              label="Process diagram"
            />
          </Suspense>
        ) : null}
        {tab === "history" ? <History taskId={task.id} /> : null}
      </div>
      {pending === "reassign" ? (
        <ReassignDialog
          tiers={task.tiers}
          onClose={() => setPending(null)}
          onSave={async (tiers: TierInput[]) => {
            await reassignTask(task.id, tiers);
            setPending(null);
            props.onStatus("Reassigned");
            props.onChanged();
            props.reload();
          }}
        />
      ) : null}
      {pending === "skip" ? (
        <ConfirmDialog
          title="Skip this tier?"
          confirmLabel="Skip"
          reasonLabel="Reason (optional)"
          onClose={() => setPending(null)}
          onConfirm={async (reason) => {
            await skipTask(task.id, reason);
            setPending(null);
            props.onStatus("Skipped to the next tier");
            props.onChanged();
            props.reload();
          }}
        >
          <p>The task moves on to its next tier now, whatever is left of this tier's SLA.</p>
        </ConfirmDialog>
      ) : null}
      {pending === "delete" ? (
        <ConfirmDialog
          title="Delete this task?"
          confirmLabel="Delete"
          danger
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await deleteTask(task.id);
            setPending(null);
            props.onStatus(`Deleted ${task.name}`);
            props.onChanged();
            props.onGone();
          }}
        >
          <p>
            {task.name} is deleted for everyone. A process still waiting for it records the task as failed.
          </p>
        </ConfirmDialog>
      ) : null}
    </article>
  );
}

function Tiers({ task, now, holderText }: { task: Detail; now: number; holderText: string | null }) {
  if (!task.tiers.length) {
    return <p className="tl-muted">No escalation tiers: open to everyone allowed.</p>;
  }
  return (
    <section className="tl-tiers" aria-labelledby="tl-tiers-heading">
      <h3 id="tl-tiers-heading">Escalation</h3>
      <ol aria-label="Escalation tiers">
        {task.tiers.map((tier) => {
          const who = [...tier.groups.map((g) => `group ${g}`), ...tier.users].join(", ") || "anyone";
          return (
            <li key={tier.index} aria-current={tier.current ? "step" : undefined} className={tier.current ? "tl-tier-current" : undefined}>
              <span>
                Tier {tier.index + 1}: {who}
              </span>
              <span className="tl-muted">
                {" "}
                · {tier.slaMinutes ? `SLA ${tier.slaMinutes} min` : "no SLA"}
              </span>
              {tier.current ? (
                <strong>
                  {" "}
                  · current{holderText ? `, held by ${holderText}` : ""}
                </strong>
              ) : null}
            </li>
          );
        })}
      </ol>
      {task.nextTierAt !== null ? (
        <p className="tl-countdown" aria-live="off">
          {nextTierText(task.nextTierAt, now)}
        </p>
      ) : null}
    </section>
  );
}

const TAB_LABELS: { id: Tab; label: string }[] = [
  { id: "form", label: "Form" },
  { id: "process", label: "Process" },
  { id: "history", label: "History" },
];

function DetailTabs({ tab, onTab }: { tab: Tab; onTab(tab: Tab): void }) {
  function onKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = TAB_LABELS[(index + step + TAB_LABELS.length) % TAB_LABELS.length];
    if (!next) return;
    onTab(next.id);
    document.getElementById(`tl-tab-${next.id}`)?.focus();
  }
  return (
    <div role="tablist" aria-label="Task details" className="tl-tabs tl-detail-tabs">
      {TAB_LABELS.map((t, i) => (
        <button
          key={t.id}
          id={`tl-tab-${t.id}`}
          type="button"
          role="tab"
          className="tl-tab"
          aria-selected={tab === t.id}
          aria-controls={`tl-panel-${t.id}`}
          tabIndex={tab === t.id ? 0 : -1}
          onClick={() => onTab(t.id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

function History({ taskId }: { taskId: string }) {
  const history = useResource(`history:${taskId}`, (signal) => getHistory(taskId, signal));
  if (history.status === "loading") return <Loading label="Loading the history" />;
  if (history.status === "error") return <ErrorState error={history.error} retry={history.reload} />;
  return (
    <table className="tl-history">
      <caption className="visually-hidden">Task history</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">State after</th>
        </tr>
      </thead>
      <tbody>
        {history.data.items.map((e) => (
          <tr key={e.id}>
            <td>{formatDateTime(e.at)}</td>
            <td>{e.by}</td>
            <td>
              {e.action.toLowerCase().replace(/_/g, " ")}
              {e.reason ? ` (${e.reason})` : ""}
            </td>
            <td>{e.state.toLowerCase().replace(/_/g, " ")}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
