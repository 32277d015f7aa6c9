// The real Orkes JavaScript SDK (@io-orkes/conductor-javascript 4.x), unmodified: an
// application looks itself up by its access key, registers a workflow whose first task is a
// HUMAN task, executes it synchronously until that task is reached, reads the workflow's
// status, updates its variables and goes back to the HUMAN task (a rerun from it).
//
// Run by tests/compat/test_orkes_js.py. Input (environment):
//   BATON_URL, BATON_APP_ID, BATON_APP_KEY_ID, BATON_APP_KEY_SECRET
// Output: one line `RESULT {json}` on stdout (also when a step fails; exit code 1 then):
//   {ok, failedStep?, error?, steps: [{step, ok, ms, error?, http?}], workflowId, ...}

import {
  ApplicationClient,
  MetadataClient,
  WorkflowExecutor,
  orkesConductorClient,
} from "@io-orkes/conductor-javascript";

for (const name of Object.keys(process.env)) {
  if (name.startsWith("CONDUCTOR_")) delete process.env[name];
}

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
};

const BASE_URL = env("BATON_URL").replace(/\/+$/, "");
const APP_ID = env("BATON_APP_ID");
const APP_KEY_ID = env("BATON_APP_KEY_ID");
const APP_KEY_SECRET = env("BATON_APP_KEY_SECRET");
const WORKFLOW = "js_refund";

const summary = { ok: false, steps: [] };
const lastFailure = { value: null };

function finish(code) {
  process.stdout.write(`RESULT ${JSON.stringify(summary)}\n`);
  process.exit(code); // the SDK keeps a token-refresh interval alive
}

function describe(error) {
  if (error instanceof Error) {
    const inner = error._trace instanceof Error ? ` (${error._trace.message})` : "";
    return `${error.name}: ${error.message}${inner}`;
  }
  return typeof error === "string" ? error : JSON.stringify(error);
}

async function step(name, fn) {
  const started = Date.now();
  lastFailure.value = null;
  try {
    const value = await fn();
    summary.steps.push({ step: name, ok: true, ms: Date.now() - started });
    return value;
  } catch (error) {
    const entry = { step: name, ok: false, ms: Date.now() - started, error: describe(error) };
    if (lastFailure.value) entry.http = lastFailure.value;
    summary.steps.push(entry);
    summary.failedStep = name;
    summary.error = entry.error;
    if (entry.http) summary.http = entry.http;
    process.stderr.write(`STEP FAILED: ${name}: ${entry.error}\n`);
    finish(1);
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Records non-2xx answers (status, method, path, body) without changing them.
function recordFailures(client) {
  client.interceptors.response.use(async (response, request) => {
    if (!response.ok) {
      let body = "";
      try {
        body = (await response.clone().text()).slice(0, 2000);
      } catch {
        body = "<unreadable>";
      }
      lastFailure.value = {
        status: response.status,
        method: request.method,
        path: new URL(request.url).pathname + new URL(request.url).search,
        body,
      };
    }
    return response;
  });
  return client;
}

const quietLogger = {
  debug: () => {},
  info: (...args) => console.error("[sdk]", ...args),
  warn: (...args) => console.error("[sdk warn]", ...args),
  error: (...args) => console.error("[sdk error]", ...args),
};

async function main() {
  const client = await step("orkesConductorClient (application key/secret)", async () =>
    recordFailures(
      await orkesConductorClient({
        serverUrl: BASE_URL,
        keyId: APP_KEY_ID,
        keySecret: APP_KEY_SECRET,
        logger: quietLogger,
      }),
    ),
  );
  const applications = new ApplicationClient(client);
  const metadata = new MetadataClient(client);
  const executor = new WorkflowExecutor(client);

  const app = await step("ApplicationClient.getAppByAccessKeyId", async () => {
    const found = await applications.getAppByAccessKeyId(APP_KEY_ID);
    check(found?.id === APP_ID, `application ${JSON.stringify(found)}, expected id ${APP_ID}`);
    return found;
  });
  summary.application = { id: app.id, name: app.name };

  await step("MetadataClient.registerWorkflowDef", () =>
    metadata.registerWorkflowDef(
      {
        name: WORKFLOW,
        version: 1,
        tasks: [{ name: "approve", taskReferenceName: "approve_ref", type: "HUMAN" }],
        outputParameters: { amount: "${workflow.input.amount}", stage: "${workflow.variables.stage}" },
        schemaVersion: 2,
      },
      true,
    ),
  );

  const run = await step("WorkflowExecutor.executeWorkflow (until the HUMAN task)", async () => {
    const found = await executor.executeWorkflow(
      { name: WORKFLOW, version: 1, input: { amount: 9 } },
      WORKFLOW,
      1,
      "js-request-1",
      "approve_ref",
      30,
    );
    check(found?.status === "RUNNING", `status ${found?.status}, expected RUNNING`);
    const refs = (found.tasks ?? []).map((t) => t.referenceTaskName);
    check(refs.includes("approve_ref"), `tasks ${JSON.stringify(refs)} lack approve_ref`);
    return found;
  });
  const workflowId = run.workflowId;
  summary.workflowId = workflowId;
  summary.run = { status: run.status, requestId: run.requestId, input: run.input };

  const status = await step("WorkflowExecutor.getWorkflowStatus", () =>
    executor.getWorkflowStatus(workflowId, true, true),
  );
  summary.status = status;

  const updated = await step("WorkflowExecutor.updateVariables", () =>
    executor.updateVariables(workflowId, { stage: "review" }),
  );
  summary.updatedVariables = updated?.variables;

  summary.statusAfter = await step("WorkflowExecutor.getWorkflowStatus (after update)", () =>
    executor.getWorkflowStatus(workflowId, false, true),
  );

  const before = await executor.getWorkflow(workflowId, true);
  const firstGate = (before.tasks ?? []).find((t) => t.referenceTaskName === "approve_ref");
  summary.reran = await step("WorkflowExecutor.goBackToTask (the HUMAN task)", async () => {
    await executor.goBackToTask(workflowId, (t) => t.referenceTaskName === "approve_ref");
    const after = await executor.getWorkflow(workflowId, true);
    const gates = (after.tasks ?? []).filter((t) => t.referenceTaskName === "approve_ref");
    check(gates.length === 1, `tasks ${JSON.stringify(after.tasks)}`);
    return {
      status: after.status,
      gateStatus: gates[0].status,
      newGate: gates[0].taskId !== firstGate?.taskId,
      variables: after.variables,
    };
  });
  summary.ok = true;
  finish(0);
}

main().catch((error) => {
  summary.error = describe(error);
  finish(1);
});
