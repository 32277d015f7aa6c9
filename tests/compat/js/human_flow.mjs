// The real Orkes JavaScript SDK (@io-orkes/conductor-javascript 4.x), unmodified, driving one
// human task through Baton: an application registers a form template and a workflow with a HUMAN
// task offered to the CONDUCTOR_GROUP `reviewers`, starts it (so it owns the task) and finds the
// task; the group member ria claims it, saves a draft and releases it; the application claims it
// for an external user and completes it; the workflow must then be COMPLETED.
//
// Run by tests/compat/test_orkes_js.py. Input (environment):
//   BATON_URL, BATON_APP_KEY_ID, BATON_APP_KEY_SECRET, BATON_USER_EMAIL, BATON_USER_PASSWORD
// Output: one line `RESULT {json}` on stdout (also when a step fails; exit code 1 then):
//   {ok, failedStep?, error?, steps: [{step, ok, ms, error?, http?}], workflowId, taskId, ...}
// Every SDK call is a named step; a failing step reports the SDK's message (which carries the
// server's `message`) plus the status and body of the last non-2xx response the client saw.

import {
  HumanExecutor,
  MetadataClient,
  TemplateClient,
  WorkflowExecutor,
  humanTask,
  orkesConductorClient,
  workflow,
} from "@io-orkes/conductor-javascript";

// The SDK prefers CONDUCTOR_* environment variables over its config argument: never let a stray
// one redirect the test or turn ria's client into the application's.
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
const USER_EMAIL = env("BATON_USER_EMAIL");
const USER_PASSWORD = env("BATON_USER_PASSWORD");

const TEMPLATE = "js_review_form";
const WORKFLOW = "js_review";
const TASK_REF = "review_ref";
const GROUP = "reviewers";
const EXTERNAL_USER = "ext-user-7";
const DEADLINE_MS = 30_000;

const summary = { ok: false, steps: [] };
const lastFailure = { value: null }; // the last non-2xx answer any SDK client received

function finish(code) {
  process.stdout.write(`RESULT ${JSON.stringify(summary)}\n`);
  // the SDK keeps a token-refresh interval alive; end explicitly
  process.exit(code);
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
    if (entry.http) process.stderr.write(`  last HTTP failure: ${JSON.stringify(entry.http)}\n`);
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

// Plain POST /api/token (the SDK has no user-login call, and its own key login retries for
// minutes on failure, so the application's credentials are checked here first, once).
async function fetchToken(body) {
  const response = await fetch(`${BASE_URL}/api/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST /api/token -> HTTP ${response.status}: ${text}`);
  const token = JSON.parse(text).token;
  check(typeof token === "string" && token.length > 0, `POST /api/token gave no token: ${text}`);
  return token;
}

const quietLogger = {
  debug: () => {},
  info: (...args) => console.error("[sdk]", ...args),
  warn: (...args) => console.error("[sdk warn]", ...args),
  error: (...args) => console.error("[sdk error]", ...args),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const started = Date.now();

  // --- the owning application: the SDK's own key/secret auth ---------------------------------
  await step("POST /api/token (application key)", () =>
    fetchToken({ keyId: APP_KEY_ID, keySecret: APP_KEY_SECRET }),
  );
  const appClient = await step("orkesConductorClient (application key/secret)", async () =>
    recordFailures(
      await orkesConductorClient({
        serverUrl: BASE_URL,
        keyId: APP_KEY_ID,
        keySecret: APP_KEY_SECRET,
        logger: quietLogger,
      }),
    ),
  );
  const templates = new TemplateClient(appClient);
  const metadata = new MetadataClient(appClient);
  const executor = new WorkflowExecutor(appClient);
  const appHuman = new HumanExecutor(appClient);

  const template = {
    name: TEMPLATE,
    version: 1,
    jsonSchema: {
      $schema: "http://json-schema.org/draft-07/schema",
      type: "object",
      properties: {
        document: { type: "string", title: "Document" },
        approved: { type: "boolean", title: "Approve?" },
        comment: { type: "string", title: "Comment" },
      },
      required: ["approved", "comment"],
    },
    templateUI: {
      type: "VerticalLayout",
      elements: [
        { type: "Control", scope: "#/properties/document", options: { readonly: true } },
        { type: "Control", scope: "#/properties/approved" },
        { type: "Control", scope: "#/properties/comment", options: { multi: true } },
      ],
    },
  };
  const saved = await step("TemplateClient.registerTemplate", async () => {
    const result = await templates.registerTemplate(template, false);
    check(result && result.name === TEMPLATE, `unexpected template: ${JSON.stringify(result)}`);
    return result;
  });
  summary.template = { name: saved.name, version: saved.version };

  await step("HumanExecutor.getTemplateByNameVersion", async () => {
    const found = await appHuman.getTemplateByNameVersion(TEMPLATE, saved.version ?? 1);
    check(found && found.name === TEMPLATE, `unexpected template: ${JSON.stringify(found)}`);
    check(
      JSON.stringify(found.jsonSchema?.required) === JSON.stringify(["approved", "comment"]),
      `jsonSchema not kept: ${JSON.stringify(found.jsonSchema)}`,
    );
  });

  // The SDK's builders: humanTask() emits name=ref and a single `assignee` (its type says
  // EXTERNAL_*, but it copies any userType; Orkes accepts CONDUCTOR_GROUP there).
  const review = humanTask(TASK_REF, {
    displayName: "Review the document",
    formTemplate: TEMPLATE,
    formVersion: saved.version ?? 1,
    assignmentCompletionStrategy: "LEAVE_OPEN",
    assignee: { userType: "CONDUCTOR_GROUP", user: GROUP },
  });
  review.inputParameters.document = "${workflow.input.document}";
  const definition = {
    ...workflow(WORKFLOW, [review]),
    description: "Orkes JS SDK compatibility: one group-assigned human review",
    schemaVersion: 2,
    outputParameters: {
      approved: `\${${TASK_REF}.output.approved}`,
      comment: `\${${TASK_REF}.output.comment}`,
    },
  };
  summary.workflowDefinition = definition;
  await step("MetadataClient.registerWorkflowDef", () =>
    metadata.registerWorkflowDef(definition, true),
  );

  const workflowId = await step("WorkflowExecutor.startWorkflow", async () => {
    const id = await executor.startWorkflow({
      name: WORKFLOW,
      version: 1,
      input: { document: "contract-42.pdf" },
      correlationId: "js-compat",
    });
    check(typeof id === "string" && id.length > 0, `no workflow id: ${JSON.stringify(id)}`);
    return id;
  });
  summary.workflowId = workflowId;

  const found = await step("HumanExecutor.pollSearch (application, owner)", async () => {
    const results = await appHuman.pollSearch(
      { workflowIds: [workflowId], taskRefNames: [TASK_REF], states: ["ASSIGNED"] },
      { pollInterval: 200, maxPollTimes: 50 },
    );
    check(results.length === 1, `expected 1 task, got ${JSON.stringify(results)}`);
    const [entry] = results;
    check(entry.state === "ASSIGNED", `state ${entry.state}, expected ASSIGNED`);
    check(entry.workflowId === workflowId, `workflowId ${entry.workflowId}`);
    check(
      entry.assignee?.user === GROUP && entry.assignee?.userType === "CONDUCTOR_GROUP",
      `assignee ${JSON.stringify(entry.assignee)}`,
    );
    return entry;
  });
  const taskId = found.taskId;
  summary.taskId = taskId;
  summary.searchedTask = {
    state: found.state,
    assignee: found.assignee,
    displayName: found.displayName,
    taskRefName: found.taskRefName,
    document: found.input?.document,
  };

  await step("HumanExecutor.search (application, by state and ref)", async () => {
    const results = await appHuman.search({ states: ["ASSIGNED"], taskRefNames: [TASK_REF] });
    check(
      results.some((t) => t.taskId === taskId),
      `task ${taskId} missing: ${JSON.stringify(results.map((t) => t.taskId))}`,
    );
  });

  // --- ria, a member of `reviewers`: a user token and a client whose fetch sends it ----------
  const userToken = await step("POST /api/token (user email/password)", () =>
    fetchToken({ email: USER_EMAIL, password: USER_PASSWORD }),
  );
  // The SDK calls fetch(Request, init?) (init carries a timeout signal, and headers on a retry).
  const userFetch = (input, init = {}) => {
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    new Headers(init.headers).forEach((value, key) => headers.set(key, value));
    headers.set("X-Authorization", userToken);
    return fetch(input, { ...init, headers });
  };
  const userClient = await step("orkesConductorClient (user token via custom fetch)", async () =>
    recordFailures(await orkesConductorClient({ serverUrl: BASE_URL, logger: quietLogger }, userFetch)),
  );
  const userHuman = new HumanExecutor(userClient);

  await step("HumanExecutor.search (user inbox)", async () => {
    const results = await userHuman.search({ workflowIds: [workflowId] });
    check(
      results.some((t) => t.taskId === taskId),
      `group member does not see task ${taskId}: ${JSON.stringify(results)}`,
    );
  });

  const claimed = await step("HumanExecutor.claimTaskAsConductorUser (user)", async () => {
    const entry = await userHuman.claimTaskAsConductorUser(taskId);
    check(entry?.state === "IN_PROGRESS", `state ${entry?.state}, expected IN_PROGRESS`);
    check(
      entry.claimant?.user === USER_EMAIL && entry.claimant?.userType === "CONDUCTOR_USER",
      `claimant ${JSON.stringify(entry.claimant)}`,
    );
    return entry;
  });
  summary.userClaim = { state: claimed.state, claimant: claimed.claimant };

  await step("HumanExecutor.updateTaskOutput (user draft)", () =>
    userHuman.updateTaskOutput(taskId, { approved: false, comment: "draft by ria" }),
  );

  const draft = await step("HumanExecutor.getTaskById (user, after draft)", async () => {
    const entry = await userHuman.getTaskById(taskId);
    check(entry?.state === "IN_PROGRESS", `state ${entry?.state}, expected IN_PROGRESS`);
    check(entry.output?.comment === "draft by ria", `draft not saved: ${JSON.stringify(entry.output)}`);
    return entry;
  });
  summary.draft = { state: draft.state, output: draft.output };

  await step("HumanExecutor.releaseTask (user)", () => userHuman.releaseTask(taskId));

  const released = await step("HumanExecutor.getTaskById (application, after release)", async () => {
    const entry = await appHuman.getTaskById(taskId);
    check(entry?.state === "ASSIGNED", `state ${entry?.state}, expected ASSIGNED`);
    check(!entry.claimant, `claimant still set: ${JSON.stringify(entry.claimant)}`);
    return entry;
  });
  summary.released = { state: released.state, assignee: released.assignee };

  // --- the owning application acts for an external user --------------------------------------
  // "ext-user-7" is not in `reviewers` (seed 001 matches the userId against CONDUCTOR_GROUP
  // assignees), so the owner claims with overrideAssignment: the documented way to hand a
  // group-assigned task to an external user.
  const external = await step("HumanExecutor.claimTaskAsExternalUser (application)", async () => {
    const entry = await appHuman.claimTaskAsExternalUser(taskId, EXTERNAL_USER, {
      overrideAssignment: true,
    });
    check(entry?.state === "IN_PROGRESS", `state ${entry?.state}, expected IN_PROGRESS`);
    check(
      entry.claimant?.user === EXTERNAL_USER && entry.claimant?.userType === "EXTERNAL_USER",
      `claimant ${JSON.stringify(entry.claimant)}`,
    );
    return entry;
  });
  summary.externalClaim = { state: external.state, claimant: external.claimant, assignee: external.assignee };

  await step("HumanExecutor.completeTask (application)", () =>
    appHuman.completeTask(taskId, { approved: true, comment: "ok" }),
  );

  const final = await step("WorkflowExecutor.getWorkflow (until COMPLETED)", async () => {
    const limit = started + DEADLINE_MS;
    for (;;) {
      const run = await executor.getWorkflow(workflowId, true);
      if (run.status === "COMPLETED") return run;
      if (run.status !== "RUNNING" || Date.now() > limit) {
        throw new Error(
          `workflow ${run.status}${run.reasonForIncompletion ? `: ${run.reasonForIncompletion}` : ""}`,
        );
      }
      await sleep(200);
    }
  });
  const conductorTask = (final.tasks ?? []).find((t) => t.referenceTaskName === TASK_REF);
  summary.workflow = {
    status: final.status,
    output: final.output,
    tasks: (final.tasks ?? []).map((t) => ({
      ref: t.referenceTaskName,
      type: t.taskType,
      status: t.status,
      outputData: t.outputData,
    })),
  };
  summary.conductorTask = conductorTask
    ? { taskId: conductorTask.taskId, status: conductorTask.status, outputData: conductorTask.outputData }
    : null;

  const done = await step("HumanExecutor.getTaskById (application, final)", () =>
    appHuman.getTaskById(taskId),
  );
  summary.humanTask = {
    taskId: done.taskId,
    state: done.state,
    output: done.output,
    claimant: done.claimant,
    assignee: done.assignee,
    definitionName: done.definitionName,
    taskRefName: done.taskRefName,
    workflowId: done.workflowId,
    ownerApp: done.ownerApp,
    actions: (done.input?.__humanTaskProcessContext?.humanTaskActionLogs ?? []).map((a) => a.action),
  };

  summary.ok = true;
  summary.elapsedMs = Date.now() - started;
  appClient.stopBackgroundRefresh?.();
  userClient.stopBackgroundRefresh?.();
  finish(0);
}

main().catch((error) => {
  summary.failedStep = summary.failedStep ?? "(outside any step)";
  summary.error = summary.error ?? describe(error);
  process.stderr.write(`${error?.stack ?? error}\n`);
  finish(1);
});
