import type { JSONSchema7 } from "json-schema";

/**
 * The JSON Schema of a Conductor workflow definition as Baton runs it: the task types Baton's
 * compiler has a builder for (src/baton/notation/conductor/builders) and the fields they read.
 * It drives completion, hover and hints in the workflow editor; registration stays the judge.
 */

/** Task types Baton runs, with what each one does (shown in completion and hover). */
export const TASK_TYPES: Record<string, string> = {
  SIMPLE: "A task a worker polls for and completes (the default type).",
  HUMAN: "A task for a person, claimed and completed in Tasklist (inputParameters.__humanTaskDefinition).",
  HTTP: "Calls an HTTP endpoint (inputParameters.http_request or uri/method).",
  INLINE: "Evaluates a JavaScript expression (evaluatorType graaljs/javascript, expression).",
  JSON_JQ_TRANSFORM: "Transforms its input with a jq expression (inputParameters.queryExpression).",
  SWITCH: "Chooses one branch of decisionCases (evaluatorType value-param or javascript, expression).",
  DECISION: "The legacy switch (caseValueParam or caseExpression, decisionCases).",
  FORK_JOIN: "Runs the lists of forkTasks in parallel; a JOIN follows it.",
  JOIN: "Waits for the forked branches named in joinOn.",
  FORK_JOIN_DYNAMIC: "Forks a list of tasks computed at run time (dynamicForkTasksParam).",
  DO_WHILE: "Repeats loopOver while loopCondition holds.",
  WAIT: "Waits for a duration, an until time, or an external signal.",
  SET_VARIABLE: "Sets workflow variables from its inputParameters.",
  TERMINATE: "Ends the workflow with terminationStatus.",
  NOOP: "Does nothing; a placeholder.",
  SUB_WORKFLOW: "Runs another workflow (subWorkflowParam) and waits for it.",
  START_WORKFLOW: "Starts another workflow (inputParameters.startWorkflow) without waiting.",
  TERMINATE_WORKFLOW: "Terminates other workflows (inputParameters.workflowId).",
  DYNAMIC: "Runs the task whose name is computed at run time (dynamicTaskNameParam).",
  EVENT: "Publishes an event to a sink (sink).",
};

/** How deep task lists nest in the schema (switch in a loop in a fork ...); deeper ones are plain objects. */
const NESTING = 4;

const HUMAN_TASK_DEFINITION: JSONSchema7 = {
  type: "object",
  description: "Who may work a HUMAN task and with which form.",
  properties: {
    assignments: {
      type: "array",
      items: {
        type: "object",
        properties: {
          assignee: {
            type: "object",
            properties: {
              user: { type: "string", description: "User or group id; may be a ${...} expression." },
              userType: { enum: ["EXTERNAL_USER", "EXTERNAL_GROUP", "CONDUCTOR_USER", "CONDUCTOR_GROUP"] },
            },
          },
          slaMinutes: { type: "integer", minimum: 0 },
        },
      },
    },
    userFormTemplate: {
      type: "object",
      description: "The form template shown in Tasklist.",
      properties: { name: { type: "string" }, version: { type: "integer" } },
    },
    taskTriggers: { type: "array" },
  },
};

const HTTP_REQUEST: JSONSchema7 = {
  type: "object",
  description: "The request an HTTP task sends.",
  properties: {
    uri: { type: "string" },
    method: { enum: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] },
    headers: { type: "object" },
    body: {},
    contentType: { type: "string" },
    accept: { type: "string" },
    connectionTimeOut: { type: "integer" },
    readTimeOut: { type: "integer" },
  },
  required: ["uri", "method"],
};

/**
 * A task, with its nested task lists unrolled `depth` levels deep: the completion library
 * resolves values under `$ref`s unreliably, so the schema holds no references.
 */
function taskSchema(depth: number): JSONSchema7 {
  const taskList: JSONSchema7 = { type: "array", items: depth > 0 ? taskSchema(depth - 1) : { type: "object" } };
  return {
    type: "object",
    required: ["taskReferenceName"],
    properties: {
      name: { type: "string", description: "The task definition's name (the worker's task type for SIMPLE)." },
      taskReferenceName: { type: "string", description: "Unique within the workflow; outputs are ${ref.output...}." },
      type: {
        type: "string",
        enum: Object.keys(TASK_TYPES),
        description: Object.entries(TASK_TYPES)
          .map(([type, what]) => `${type}: ${what}`)
          .join("\n"),
      },
      description: { type: "string" },
      inputParameters: {
        type: "object",
        description: "Inputs; values may be ${workflow.input.x} or ${ref.output.y} expressions.",
        properties: {
          __humanTaskDefinition: HUMAN_TASK_DEFINITION,
          http_request: HTTP_REQUEST,
          expression: { type: "string", description: "INLINE: the script to evaluate." },
          evaluatorType: { enum: ["graaljs", "javascript", "value-param"] },
          queryExpression: { type: "string", description: "JSON_JQ_TRANSFORM: the jq expression." },
          duration: { type: "string", description: "WAIT: e.g. 10s, 5 minutes." },
          until: { type: "string", description: "WAIT: a date-time to wait until." },
          startWorkflow: {
            type: "object",
            description: "START_WORKFLOW: what to start.",
            properties: { name: { type: "string" }, version: { type: "integer" }, input: { type: "object" } },
          },
          workflowId: { type: "string", description: "TERMINATE_WORKFLOW: the workflow(s) to end." },
          terminationStatus: { enum: ["COMPLETED", "FAILED", "TERMINATED"] },
          workflowOutput: { type: "object" },
          uri: { type: "string" },
          method: { type: "string" },
        },
        additionalProperties: true,
      },
      optional: { type: "boolean", description: "A failure of this task does not fail the workflow." },
      asyncComplete: { type: "boolean" },
      startDelay: { type: "integer", minimum: 0 },
      retryCount: { type: "integer", minimum: 0 },
      evaluatorType: { enum: ["value-param", "javascript", "graaljs"], description: "SWITCH: how expression is read." },
      expression: { type: "string", description: "SWITCH: the parameter name or script choosing the case." },
      decisionCases: {
        type: "object",
        description: "SWITCH/DECISION: case value → tasks.",
        additionalProperties: taskList,
      },
      defaultCase: { ...taskList, description: "SWITCH/DECISION: tasks when no case matches." },
      caseValueParam: { type: "string", description: "DECISION: the input naming the case." },
      caseExpression: { type: "string", description: "DECISION: a script naming the case." },
      forkTasks: { type: "array", items: taskList, description: "FORK_JOIN: one task list per branch." },
      joinOn: { type: "array", items: { type: "string" }, description: "JOIN: task reference names to wait for." },
      dynamicForkTasksParam: { type: "string" },
      dynamicForkTasksInputParamName: { type: "string" },
      dynamicTaskNameParam: { type: "string" },
      loopCondition: { type: "string", description: "DO_WHILE: a script; the loop repeats while it is true." },
      loopOver: { ...taskList, description: "DO_WHILE: the tasks of one iteration." },
      subWorkflowParam: {
        type: "object",
        description: "SUB_WORKFLOW: the workflow to run.",
        properties: { name: { type: "string" }, version: { type: "integer" } },
        required: ["name"],
      },
      sink: { type: "string", description: "EVENT: where the event goes, e.g. conductor:queue." },
    },
  };
}

export const WORKFLOW_SCHEMA: JSONSchema7 = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Conductor workflow definition (as Baton runs it)",
  type: "object",
  required: ["name", "tasks"],
  properties: {
    name: { type: "string", description: "The workflow's name; registering again makes a new version." },
    description: { type: "string" },
    version: { type: "integer", minimum: 1 },
    tasks: { type: "array", items: taskSchema(NESTING), description: "The tasks, run in order." },
    inputParameters: { type: "array", items: { type: "string" } },
    outputParameters: { type: "object" },
    inputTemplate: { type: "object" },
    schemaVersion: { const: 2 },
    restartable: { type: "boolean" },
    timeoutPolicy: { enum: ["TIME_OUT_WF", "ALERT_ONLY"] },
    timeoutSeconds: { type: "integer", minimum: 0 },
    failureWorkflow: { type: "string" },
    ownerEmail: { type: "string" },
    variables: { type: "object" },
  },
};
