import { useCallback, useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { WorkflowGraph } from "../diagram/WorkflowGraph";
import "../diagram/diagram.css";
import { checkWorkflow, registerWorkflow, startProcess } from "./api";
import type { Started, WorkflowCheck } from "./api";
import { VALIDATE_AFTER_MS, parseVariables } from "./diagrams";
import { JsonSchemaEditor } from "./JsonSchemaEditor";
import "./modeler.css";
import { WORKFLOW_SCHEMA } from "./workflowSchema";

export const SAMPLE_WORKFLOW = `{
  "name": "my_workflow",
  "description": "What this workflow does",
  "inputParameters": [],
  "tasks": [
    {
      "name": "review",
      "taskReferenceName": "review",
      "type": "HUMAN",
      "inputParameters": {
        "__humanTaskDefinition": {
          "assignments": [{ "assignee": { "user": "\${workflow.input.reviewer}", "userType": "EXTERNAL_USER" } }]
        }
      }
    }
  ]
}
`;

const NO_SET: ReadonlySet<string> = new Set();

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Conductor workflows as JSON: the definition's problems (the registration's own checks) and
 * its task graph live as you type, register it as its next version, start it.
 */
export default function WorkflowEditorPage() {
  const [source, setSource] = useState(SAMPLE_WORKFLOW);
  const [check, setCheck] = useState<WorkflowCheck | null>(null);
  const [registered, setRegistered] = useState<{ name: string; version: number } | null>(null);
  const [variables, setVariables] = useState("{}");
  const [started, setStarted] = useState<Started | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      checkWorkflow(source, controller.signal).then(setCheck, (error: unknown) => {
        if (!controller.signal.aborted) setCheck({ problems: [{ elementId: null, message: messageOf(error) }], graph: null });
      });
    }, VALIDATE_AFTER_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [source]);

  const edited = useCallback((text: string) => {
    setSource(text);
    setRegistered(null);
  }, []);

  const register = async () => {
    try {
      setRegistered(await registerWorkflow(source));
      setStarted(null);
      setNote(null);
    } catch (error) {
      setNote(`Not registered: ${messageOf(error)}`);
    }
  };

  const start = async () => {
    if (!registered) return;
    const parsed = parseVariables(variables);
    if ("error" in parsed) {
      setNote(parsed.error);
      return;
    }
    try {
      setStarted(await startProcess(registered.name, registered.version, parsed.variables));
      setNote(null);
    } catch (error) {
      setNote(`Not started: ${messageOf(error)}`);
    }
  };

  const problems = check?.problems ?? [];
  return (
    <div className="modeler workflow-modeler">
      <div className="modeler-toolbar" role="toolbar" aria-label="Workflow">
        <h1 className="modeler-title">Workflow editor</h1>
        <button type="button" className="button button-primary" onClick={() => void register()}>
          Register
        </button>
        <Link className="button button-quiet" to="/modeler">
          BPMN modeler
        </Link>
        <span className="modeler-status" role="status">
          {registered ? `Registered ${registered.name} version ${registered.version}` : (note ?? "")}
        </span>
      </div>
      <div className="modeler-body">
        <div className="workflow-source">
          <span aria-hidden="true">Workflow definition (JSON)</span>
          <JsonSchemaEditor value={source} schema={WORKFLOW_SCHEMA} label="Workflow definition (JSON)" onChange={edited} />
        </div>
        <div className="workflow-graph">
          {check?.graph ? (
            <WorkflowGraph
              nodes={check.graph.nodes}
              edges={check.graph.edges}
              highlight={NO_SET}
              passed={NO_SET}
              badges={[]}
              title="Workflow graph"
            />
          ) : null}
        </div>
      </div>
      <div className="modeler-footer">
        <section className="modeler-problems" aria-labelledby="workflow-problems-title">
          <h2 id="workflow-problems-title">
            {problems.length === 0 ? "No problems" : `${problems.length} problem(s) Baton would refuse`}
          </h2>
          {problems.length > 0 ? (
            <ul>
              {problems.map((p, i) => (
                <li key={i}>{p.elementId ? `${p.elementId}: ${p.message}` : p.message}</li>
              ))}
            </ul>
          ) : null}
        </section>
        <section className="modeler-start" aria-labelledby="workflow-start-title">
          <h2 id="workflow-start-title">Start</h2>
          <label htmlFor="workflow-variables">Input (JSON)</label>
          <textarea id="workflow-variables" rows={3} value={variables} onChange={(e) => setVariables(e.target.value)} />
          <button type="button" className="button button-primary" disabled={!registered} onClick={() => void start()}>
            Start workflow
          </button>
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
      </div>
    </div>
  );
}
