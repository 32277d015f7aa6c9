// The Camunda user-task journey with @camunda8/orchestration-cluster-api, unmodified, with
// strict response validation. Prints one `RESULT {json}` line: {ok, steps, missing, error}.
import createCamundaClient from '@camunda8/orchestration-cluster-api';

const [base, keyId, keySecret, bpmnPath, formPath] = process.argv.slice(2);
const steps = [];
const missing = [];
const basic = 'Basic ' + Buffer.from(`${keyId}:${keySecret}`).toString('base64');
const camunda = createCamundaClient({
  config: {
    CAMUNDA_REST_ADDRESS: `${base}/v2`,
    CAMUNDA_AUTH_STRATEGY: 'OAUTH',
    CAMUNDA_CLIENT_ID: keyId,
    CAMUNDA_CLIENT_SECRET: keySecret,
    CAMUNDA_OAUTH_URL: `${base}/oauth/token`,
    CAMUNDA_TOKEN_AUDIENCE: 'zeebe.camunda.io',
    CAMUNDA_SDK_VALIDATION: 'req:strict,res:strict',
  },
});
const now = { consistency: { waitUpToMs: 0 } };

async function built(method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: basic, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const gone = response.status === 405 || (response.status === 404 && text.includes('no such endpoint'));
  if (gone) missing.push(`${method} ${path}`);
  return !gone;
}

class NotBuilt extends Error {}
async function require_(method, path, body) {
  if (!(await built(method, path, body))) throw new NotBuilt(`${method} ${path}`);
}

async function waitingAt(instanceKey) {
  if (!(await built('POST', '/v2/element-instances/search', {}))) return null;
  const found = await camunda.searchElementInstances(
    { filter: { processInstanceKey: instanceKey, state: 'ACTIVE' } }, now);
  return found.items.map((i) => i.elementId).filter((id) => id !== 'sdk_journey').sort();
}

function check(condition, what) {
  if (!condition) throw new Error(`check failed: ${what}`);
  steps.push(what);
}

async function main() {
  const topology = await camunda.getTopology();
  check(topology.brokers.length === 1, 'topology');
  const deployment = await camunda.deployResourcesFromFiles([formPath, bpmnPath]);
  check(deployment.processes[0].processDefinitionId === 'sdk_journey', 'deploy');
  const created = await camunda.createProcessInstance({
    processDefinitionId: 'sdk_journey', variables: { orderId: 'A-17', amount: 42 } });
  const instanceKey = created.processInstanceKey;
  const instance = await camunda.getProcessInstance({ processInstanceKey: instanceKey }, now);
  check(instance.state === 'ACTIVE', 'instance ACTIVE');
  let waits = await waitingAt(instanceKey);
  check(waits === null || JSON.stringify(waits) === '["review"]', 'waits at review');

  await require_('POST', '/v2/user-tasks/search', {});
  const byGroup = await camunda.searchUserTasks(
    { filter: { candidateGroup: 'reviewers', processInstanceKey: instanceKey } }, now);
  check(byGroup.items.length === 1, 'user task by candidate group');
  const task = byGroup.items[0];
  const byVariable = await camunda.searchUserTasks(
    { filter: { processInstanceVariables: [{ name: 'orderId', value: '"A-17"' }] } }, now);
  check(byVariable.items.length === 1 && byVariable.items[0].userTaskKey === task.userTaskKey,
    'user task by process variable');
  const form = await camunda.getUserTaskForm({ userTaskKey: task.userTaskKey }, now);
  check(form && form.formId === 'sdk-review-form', 'form');
  await camunda.assignUserTask({ userTaskKey: task.userTaskKey, assignee: 'ria' });
  let refused = false;
  try {
    await camunda.assignUserTask(
      { userTaskKey: task.userTaskKey, assignee: 'bob', allowOverride: false });
  } catch (e) {
    refused = true;
  }
  check(refused, 'allowOverride false refused');
  await camunda.completeUserTask({ userTaskKey: task.userTaskKey, variables: { approved: true } });
  waits = await waitingAt(instanceKey);
  check(waits === null || JSON.stringify(waits) === '["charge"]', 'waits at charge');

  const activate = async () => (await camunda.activateJobs({
    type: 'sdk-charge', worker: 'js-sdk', timeout: 60000, maxJobsToActivate: 1,
    requestTimeout: 5000 })).jobs;
  let [job] = await activate();
  check(job && job.variables.approved === true && typeof job.deadline === 'number', 'job');
  const incidents = (await built('POST', '/v2/incidents/search', {}))
    && (await built('PATCH', `/v2/jobs/${job.jobKey}`, { changeset: {} }));
  if (incidents) {
    await camunda.failJob({ jobKey: job.jobKey, retries: 0, errorMessage: 'card declined' });
    const found = await camunda.searchIncidents(
      { filter: { processInstanceKey: instanceKey, state: 'ACTIVE' } }, now);
    check(found.items.length === 1, 'incident raised');
    await camunda.updateJob({ jobKey: job.jobKey, changeset: { retries: 1 } });
    await camunda.resolveIncident({ incidentKey: found.items[0].incidentKey });
    [job] = await activate();
    check(Boolean(job), 'job again after resolution');
  }
  await camunda.completeJob({ jobKey: job.jobKey, variables: { charged: true } });
  let state = '';
  for (let i = 0; i < 50 && state !== 'COMPLETED'; i++) {
    state = (await camunda.getProcessInstance({ processInstanceKey: instanceKey }, now)).state;
    if (state !== 'COMPLETED') await new Promise((r) => setTimeout(r, 100));
  }
  check(state === 'COMPLETED', 'instance COMPLETED');
  waits = await waitingAt(instanceKey);
  check(waits === null || waits.length === 0, 'nothing waits');
}

try {
  await main();
  console.log('RESULT ' + JSON.stringify({ ok: true, steps, missing }));
} catch (e) {
  const notBuilt = e instanceof NotBuilt;
  console.log('RESULT ' + JSON.stringify({
    ok: false, notBuilt, steps, missing, error: String(e && (e.stack || e.message || e)) }));
}
