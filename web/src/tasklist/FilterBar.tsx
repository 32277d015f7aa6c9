import { useId, useState } from "react";
import type { KeyboardEvent, RefObject } from "react";
import type { TaskQuery, TaskSort, TaskView, VariableCondition } from "./query";
import SavedFilters from "./SavedFilters";

const TABS: { view: TaskView; label: string }[] = [
  { view: "mine", label: "Assigned to me" },
  { view: "groups", label: "My groups" },
  { view: "unassigned", label: "Unassigned" },
  { view: "all", label: "All open" },
  { view: "completed", label: "Completed" },
];

const SORTS: { value: string; label: string }[] = [
  { value: "created:desc", label: "Newest first" },
  { value: "created:asc", label: "Oldest first" },
  { value: "due:asc", label: "Due date, soonest first" },
  { value: "due:desc", label: "Due date, latest first" },
  { value: "followUp:asc", label: "Follow-up date, soonest first" },
  { value: "followUp:desc", label: "Follow-up date, latest first" },
  { value: "priority:desc", label: "Priority, highest first" },
  { value: "priority:asc", label: "Priority, lowest first" },
];

interface FilterBarProps {
  query: TaskQuery;
  canSeeAll: boolean;
  onChange(query: TaskQuery): void;
  filtersRef: RefObject<HTMLDivElement | null>;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** The filter tabs, search, sort, the "More filters" panel and the saved filters. */
export function FilterBar({ query, canSeeAll, onChange, filtersRef, searchRef }: FilterBarProps) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState(query.text ?? "");
  const [shownText, setShownText] = useState(query.text ?? "");
  const panelId = useId();
  // the URL changed the search (back button, a saved filter): show it
  if ((query.text ?? "") !== shownText) {
    setShownText(query.text ?? "");
    setText(query.text ?? "");
  }
  const tabs = TABS.filter((t) => t.view !== "all" || canSeeAll || query.view === "all");

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (!step && event.key !== "Home" && event.key !== "End") return;
    event.preventDefault();
    let next = (index + step + tabs.length) % tabs.length;
    if (event.key === "Home") next = 0;
    if (event.key === "End") next = tabs.length - 1;
    const tab = tabs[next];
    if (!tab) return;
    onChange({ ...query, view: tab.view });
    const buttons = event.currentTarget.parentElement?.querySelectorAll<HTMLButtonElement>('[role="tab"]');
    buttons?.[next]?.focus();
  }

  return (
    <div className="tl-filters">
      <div role="tablist" aria-label="Task filters" className="tl-tabs" ref={filtersRef}>
        {tabs.map((tab, i) => {
          const selected = tab.view === query.view;
          return (
            <button
              key={tab.view}
              type="button"
              role="tab"
              aria-selected={selected}
              tabIndex={selected ? 0 : -1}
              className="tl-tab"
              onClick={() => onChange({ ...query, view: tab.view })}
              onKeyDown={(e) => onTabKey(e, i)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      <form
        className="tl-search-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ ...query, text: text.trim() || undefined });
        }}
      >
        <label className="visually-hidden" htmlFor={`${panelId}-search`}>
          Search tasks
        </label>
        <input
          id={`${panelId}-search`}
          ref={searchRef}
          type="search"
          placeholder="Search tasks"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) onChange({ ...query, text: undefined });
          }}
        />
        <label className="tl-sort">
          <span>Sort by</span>
          <select
            value={`${query.sort}:${query.order}`}
            onChange={(e) => {
              const [sort, order] = e.target.value.split(":");
              onChange({ ...query, sort: sort as TaskSort, order: order as "asc" | "desc" });
            }}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpen((o) => !o)}
        >
          Filters{activeCount(query) ? ` (${activeCount(query)})` : ""}
        </button>
      </form>
      {open ? <MoreFilters id={panelId} query={query} onApply={onChange} onClose={() => setOpen(false)} /> : null}
      <SavedFilters current={query} onApply={onChange} />
    </div>
  );
}

function activeCount(q: TaskQuery): number {
  return [q.process, q.dueFrom, q.dueTo, q.followUpFrom, q.followUpTo, q.minPriority, q.variables?.length]
    .filter((v) => v !== undefined && v !== "" && v !== 0).length;
}

interface Draft {
  process: string;
  dueFrom: string;
  dueTo: string;
  followUpFrom: string;
  followUpTo: string;
  minPriority: string;
  variables: VariableCondition[];
}

function MoreFilters(props: { id: string; query: TaskQuery; onApply(q: TaskQuery): void; onClose(): void }) {
  const q = props.query;
  const [draft, setDraft] = useState<Draft>({
    process: q.process ?? "",
    dueFrom: q.dueFrom ?? "",
    dueTo: q.dueTo ?? "",
    followUpFrom: q.followUpFrom ?? "",
    followUpTo: q.followUpTo ?? "",
    minPriority: q.minPriority !== undefined ? String(q.minPriority) : "",
    variables: q.variables ?? [],
  });
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setVariable = (i: number, patch: Partial<VariableCondition>) =>
    set({ variables: draft.variables.map((v, j) => (j === i ? { ...v, ...patch } : v)) });

  function apply() {
    const variables = draft.variables.filter((v) => v.name.trim());
    const priority = draft.minPriority === "" ? undefined : Math.min(100, Math.max(0, Number(draft.minPriority) || 0));
    props.onApply({
      ...q,
      process: draft.process.trim() || undefined,
      dueFrom: draft.dueFrom || undefined,
      dueTo: draft.dueTo || undefined,
      followUpFrom: draft.followUpFrom || undefined,
      followUpTo: draft.followUpTo || undefined,
      minPriority: priority,
      variables: variables.length ? variables : undefined,
    });
  }

  function clear() {
    props.onApply({ view: q.view, sort: q.sort, order: q.order, text: q.text });
    props.onClose();
  }

  return (
    <section id={props.id} className="tl-more" aria-label="More filters">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") props.onClose();
        }}
      >
        <div className="tl-more-grid">
          <label className="field">
            <span>Process</span>
            <input value={draft.process} onChange={(e) => set({ process: e.target.value })} placeholder="Process id" />
          </label>
          <label className="field">
            <span>Lowest priority (0-100)</span>
            <input
              type="number"
              min={0}
              max={100}
              value={draft.minPriority}
              onChange={(e) => set({ minPriority: e.target.value })}
            />
          </label>
          <label className="field">
            <span>Due from</span>
            <input type="date" value={draft.dueFrom} onChange={(e) => set({ dueFrom: e.target.value })} />
          </label>
          <label className="field">
            <span>Due to</span>
            <input type="date" value={draft.dueTo} onChange={(e) => set({ dueTo: e.target.value })} />
          </label>
          <label className="field">
            <span>Follow-up from</span>
            <input type="date" value={draft.followUpFrom} onChange={(e) => set({ followUpFrom: e.target.value })} />
          </label>
          <label className="field">
            <span>Follow-up to</span>
            <input type="date" value={draft.followUpTo} onChange={(e) => set({ followUpTo: e.target.value })} />
          </label>
        </div>
        <fieldset className="tl-variables">
          <legend>Variables</legend>
          {draft.variables.map((v, i) => (
            <div className="tl-variable" key={i}>
              <label className="field">
                <span>Variable {i + 1} name</span>
                <input value={v.name} onChange={(e) => setVariable(i, { name: e.target.value })} />
              </label>
              <label className="field">
                <span>Variable {i + 1} value (JSON)</span>
                <input value={v.value} onChange={(e) => setVariable(i, { value: e.target.value })} placeholder='"approved", 42, true' />
              </label>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => set({ variables: draft.variables.filter((_, j) => j !== i) })}
              >
                Remove variable {i + 1}
              </button>
            </div>
          ))}
          <button type="button" className="button" onClick={() => set({ variables: [...draft.variables, { name: "", value: "" }] })}>
            Add variable
          </button>
        </fieldset>
        <div className="tl-dialog-actions">
          <button type="button" className="button" onClick={clear}>
            Clear filters
          </button>
          <button type="submit" className="button button-primary">
            Apply filters
          </button>
        </div>
      </form>
    </section>
  );
}
