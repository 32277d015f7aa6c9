// The real Orkes JavaScript SDK (@io-orkes/conductor-javascript 4.x), unmodified, with the task
// types its builders write: an application registers, with the SDK's ConductorWorkflow builder,
// a workflow whose INLINE task plans a dynamic fork, whose JSON_JQ_TRANSFORM task gives each
// branch its input, whose FORK_JOIN_DYNAMIC runs SIMPLE tasks that the SDK's TaskManager polls
// and completes, and whose SUB_WORKFLOW (an inline definition, `toSubWorkflowTask`) holds a
// HUMAN task. `WorkflowExecutor.executeWorkflow` must return once that HUMAN task is reached; the
// application then finds the task, claims it for an external user and completes it through
// the HumanExecutor, and the workflow must end COMPLETED with the joined output.
//
// Run by tests/compat/test_orkes_js.py. Input (environment):
//   BATON_URL, BATON_APP_KEY_ID, BATON_APP_KEY_SECRET
// Output: one line `RESULT {json}` on stdout (also when a step fails; exit code 1 then):
//   {ok, failedStep?, error?, steps: [{step, ok, ms, error?, http?}], workflowId, ...}

import {
  ConductorWorkflow,
  HumanExecutor,
  TaskManager,
  WorkflowExecutor,
  dynamicForkTask,
  humanTask,
  inlineTask,
  joinTask,
  jsonJqTask,
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
const APP_KEY_ID = env("BATON_APP_KEY_ID");
const APP_KEY_SECRET = env("BATON_APP_KEY_SECRET");
const WORKFLOW = "js_types";
const WORKER_TASK = "js_resize";
const EXTERNAL_USER = "ext-reviewer-9";
const DEADLINE_MS = 30_000;

const summary = { ok: false, steps: [] };
const lastFailure = { value: null };
const started = Date.now();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function finish(code) {
  process.stdout.write(`RESULT ${JSON.stringify(summary)}\n`);
  process.exit(code); // the SDK keeps a token-refresh interval and its pollers alive
}

function describe(error) {
  if (error instanceof Error) {
    const inner = error._trace instanceof Error ? ` (${error._trace.message})` : "";
    return `${error.name}: ${error.message}${inner}`;
  }
  return typeof error === "string" ? error : JSON.stringify(error);
}

async function step(name, fn) {
  const begun = Date.now();
  lastFailure.value = null;
  try {
    const value = await fn();
    summary.steps.push({ step: name, ok: true, ms: Date.now() - begun });
    return value;
  } catch (error) {
    const entry = { step: name, ok: false, ms: Date.now() - begun, error: describe(error) };
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
      const url = new URL(request.url);
      lastFailure.value = {
        status: response.status,
        method: request.method,
        path: url.pathname + url.search,
        body,
      };
      summary.httpFailures = [...(summary.httpFailures ?? []), lastFailure.value].slice(-5);
    }
    return response;
  });
  return client;
}

const quietLogger = {
  debug: () => {},
  info: () => {},
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
  const executor = new WorkflowExecutor(client);
  const human = new HumanExecutor(client);

  // the child, embedded in the parent's SUB_WORKFLOW task (never registered on its own);
  // the builder's default timeoutSeconds (60) is no bound for a person's work
  const child = new ConductorWorkflow(executor, "js_review", 1)
    .timeoutSeconds(3600)
    .add(humanTask("review_ref", { displayName: "Review the sizes" }))
    .outputParameters({ ok: "${review_ref.output.ok}" });

  const plan = inlineTask("plan_ref", "(function () { return [$.a, $.b]; })()", "javascript");
  plan.inputParameters.a = { name: WORKER_TASK, taskReferenceName: "small" };
  plan.inputParameters.b = { name: WORKER_TASK, taskReferenceName: "large" };
  const sizes = jsonJqTask("sizes_ref", "{small: {w: .w}, large: {w: (.w * 10)}}");
  sizes.inputParameters.w = "${workflow.input.w}";
  const fan = dynamicForkTask("fan_ref", "${plan_ref.output.result}", "${sizes_ref.output.result}");
  const parent = new ConductorWorkflow(executor, WORKFLOW, 1)
    .timeoutSeconds(3600)
    .add([plan, sizes, fan, joinTask("fan_join", []), child.toSubWorkflowTask("review_sub")])
    .outputParameters({ joined: "${fan_join.output}", ok: "${review_sub.output.ok}" });
  summary.workflowDefinition = parent.toWorkflowDef();

  await step("ConductorWorkflow.register", () => parent.register(true));

  const manager = new TaskManager(
    client,
    [
      {
        taskDefName: WORKER_TASK,
        pollInterval: 50,
        execute: async (task) => ({
          status: "COMPLETED",
          outputData: { url: `/img/${task.inputData.w}` },
        }),
      },
    ],
    { logger: quietLogger, options: { pollInterval: 50, concurrency: 1 } },
  );
  await step("TaskManager.startPolling", () => manager.startPolling());

  // what ConductorWorkflow.execute calls, with a wait that outlasts the test (whose time
  // limit fails it): only reaching the child's HUMAN task ends it
  const run = await step("WorkflowExecutor.executeWorkflow (until the HUMAN task of the sub-workflow)", async () => {
    const found = await executor.executeWorkflow(
      { name: WORKFLOW, version: 1, input: { w: 3 } },
      WORKFLOW,
      1,
      "js-types-1",
      "review_ref",
      600,
    );
    check(found?.status === "RUNNING", `status ${found?.status}, expected RUNNING`);
    return found;
  });
  await step("TaskManager.stopPolling", () => manager.stopPolling());
  const workflowId = run.workflowId;
  summary.workflowId = workflowId;
  summary.run = {
    status: run.status,
    requestId: run.requestId,
    tasks: Object.fromEntries((run.tasks ?? []).map((t) => [t.referenceTaskName, t.status])),
    workers: (run.tasks ?? []).filter((t) => t.workerId).map((t) => t.referenceTaskName),
  };
  const subTask = (run.tasks ?? []).find((t) => t.referenceTaskName === "review_sub");
  const childId = subTask?.subWorkflowId;
  summary.childId = childId;

  // the execute answered at the HUMAN task: it is there without waiting
  const [entry] = await step("HumanExecutor.search (the child's HUMAN task)", async () => {
    const results = await human.search({ workflowIds: [childId], taskRefNames: ["review_ref"] });
    check(results.length === 1, `expected 1 task, got ${JSON.stringify(results)}`);
    return results;
  });
  summary.humanTask = { workflowId: entry.workflowId, state: entry.state, ownerApp: entry.ownerApp };

  const claimed = await step("HumanExecutor.claimTaskAsExternalUser", () =>
    human.claimTaskAsExternalUser(entry.taskId, EXTERNAL_USER),
  );
  summary.claim = { state: claimed.state, claimant: claimed.claimant };

  await step("HumanExecutor.completeTask", () => human.completeTask(entry.taskId, { ok: true }));

  const final = await step("WorkflowExecutor.getWorkflow (until COMPLETED)", async () => {
    const limit = started + DEADLINE_MS;
    for (;;) {
      const found = await executor.getWorkflow(workflowId, true);
      if (found.status === "COMPLETED") return found;
      if (found.status !== "RUNNING" || Date.now() > limit) {
        const reason = found.reasonForIncompletion ? `: ${found.reasonForIncompletion}` : "";
        throw new Error(`workflow ${found.status}${reason}`);
      }
      await sleep(200);
    }
  });
  summary.workflow = { status: final.status, output: final.output };

  const sub = await step("WorkflowExecutor.getWorkflow (the sub-workflow)", () =>
    executor.getWorkflow(childId, true),
  );
  summary.subWorkflow = {
    status: sub.status,
    parentWorkflowId: sub.parentWorkflowId,
    tasks: (sub.tasks ?? []).map((t) => [t.referenceTaskName, t.status]),
  };

  summary.ok = true;
  client.stopBackgroundRefresh?.();
  finish(0);
}

main().catch((error) => {
  summary.failedStep = summary.failedStep ?? "(outside any step)";
  summary.error = summary.error ?? describe(error);
  process.stderr.write(`${error?.stack ?? error}\n`);
  finish(1);
});
