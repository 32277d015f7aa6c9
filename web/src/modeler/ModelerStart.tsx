import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { ApiError } from "../api/client";
import type { FieldProblem } from "../api/client";
import TaskForm from "../forms/TaskForm";
import type { FormSpec, FormValues } from "../forms/types";
import { startFormOf, startProcess } from "./api";
import type { Deployed, Started } from "./api";
import { parseVariables } from "./diagrams";

interface Props {
  /** The version just deployed from the modeler; null before the first deploy. */
  deployed: Deployed | null;
  /** The page is busy (deploying): no start meanwhile. */
  disabled: boolean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Start the deployed version: through its start form when it has one (the form the Start page
 * shows, checked by the server the same way), with variables as JSON otherwise; then links to
 * the instance in Operate and its first task in Tasklist. Render with a key per deployment.
 */
export function ModelerStart({ deployed, disabled }: Props) {
  // undefined: still asking whether the deployed version has a start form
  const [form, setForm] = useState<FormSpec | null | undefined>(undefined);
  const [variables, setVariables] = useState("{}");
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [started, setStarted] = useState<Started | null>(null);

  useEffect(() => {
    if (!deployed) return;
    const controller = new AbortController();
    startFormOf(deployed.id, deployed.version, controller.signal).then(setForm, () => {
      if (!controller.signal.aborted) setForm(null);
    });
    return () => controller.abort();
  }, [deployed]);

  const start = async (vars: Record<string, unknown>) => {
    if (!deployed) return;
    setBusy(true);
    setMessage(null);
    try {
      setStarted(await startProcess(deployed.id, deployed.version, vars));
      setErrors([]);
    } catch (error) {
      setErrors(error instanceof ApiError ? error.fields : []);
      setMessage(`Not started: ${messageOf(error)}`);
    } finally {
      setBusy(false);
    }
  };

  const startWithJson = () => {
    const parsed = parseVariables(variables);
    if ("error" in parsed) {
      setMessage(parsed.error);
      return;
    }
    void start(parsed.variables);
  };

  return (
    <section className="modeler-start" aria-labelledby="modeler-start-title">
      <h2 id="modeler-start-title">Start an instance</h2>
      {deployed && form ? (
        <>
          <p className="modeler-hint">Through the process's start form:</p>
          <TaskForm
            form={form}
            values={values}
            errors={errors}
            disabled={disabled || busy}
            onChange={setValues}
            onSubmit={(submitted) => void start(submitted)}
            submitLabel="Start instance"
          />
        </>
      ) : (
        <>
          <label htmlFor="modeler-variables">Variables (JSON)</label>
          <textarea
            id="modeler-variables"
            rows={3}
            value={variables}
            onChange={(e) => setVariables(e.target.value)}
            spellCheck={false}
          />
          <button
            type="button"
            className="button button-primary"
            disabled={!deployed || form === undefined || disabled || busy}
            onClick={startWithJson}
          >
            Start instance
          </button>
        </>
      )}
      {!deployed ? <p className="modeler-hint">Deploy the diagram to start it.</p> : null}
      {message ? (
        <p className="modeler-error" role="alert">
          {message}
        </p>
      ) : null}
      {started ? (
        <p className="modeler-started">
          Started.{" "}
          <Link to={`/operate/instances/${encodeURIComponent(started.instanceId)}`}>View the instance in Operate</Link>
          {started.firstTask ? (
            <>
              {" · "}
              <Link to={`/tasklist/${encodeURIComponent(started.firstTask.taskId)}`}>
                Open the task “{started.firstTask.name}” in Tasklist
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
