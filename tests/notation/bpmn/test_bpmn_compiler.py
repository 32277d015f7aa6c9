"""The BPMN compiler: elements, zeebe extensions, refusals and hostile XML."""

from __future__ import annotations

from typing import Any

import pytest

from baton.engine.languages import EvalScope, default_languages
from baton.model.errors import InvalidInput
from baton.model.human_task.parse import parse_definition
from baton.model.instance import InstanceState
from baton.model.process import DefaultOutput, Node, NodeKind, ProcessDefinition, Template
from baton.model.status import InstanceStatus
from baton.model.user_task import FormSpec, Implementation, UserTaskSpec, UserTaskValues
from baton.notation.bpmn import BpmnDeployment, compile_bpmn

NS = (
    'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
    'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" '
    'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
    'xmlns:other="http://example.com/vendor"'
)
FILE = "t.bpmn"


def bpmn(body: str, process_ext: str = "", pid: str = "p") -> bytes:
    ext = f"<bpmn:extensionElements>{process_ext}</bpmn:extensionElements>" if process_ext else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions {NS} id="d">'
        f'<bpmn:process id="{pid}" name="P" isExecutable="true">{ext}{body}</bpmn:process>'
        "</bpmn:definitions>"
    ).encode()


def flow(source: str, target: str, condition: str | None = None, fid: str = "") -> str:
    cond = f"<bpmn:conditionExpression>{condition}</bpmn:conditionExpression>" if condition else ""
    fid = fid or f"{source}_{target}"
    return (
        f'<bpmn:sequenceFlow id="{fid}" sourceRef="{source}" targetRef="{target}">'
        f"{cond}</bpmn:sequenceFlow>"
    )


def around(element: str, eid: str) -> bytes:
    """start -> element -> end."""
    return bpmn(
        '<bpmn:startEvent id="s" />'
        + element
        + '<bpmn:endEvent id="e" />'
        + flow("s", eid)
        + flow(eid, "e")
    )


def user_task(ext: str, attrs: str = "") -> bytes:
    return around(
        f'<bpmn:userTask id="t" name="Review" {attrs}><bpmn:extensionElements>{ext}'
        "</bpmn:extensionElements></bpmn:userTask>",
        "t",
    )


def one(data: bytes) -> ProcessDefinition:
    (definition,) = compile_bpmn(data, FILE).processes
    return definition


def refused(data: bytes, filename: str = FILE) -> str:
    with pytest.raises(InvalidInput) as info:
        compile_bpmn(data, filename)
    return info.value.message


def node(data: bytes, node_id: str = "t") -> Node:
    return one(data).node(node_id)


# ---- process and basic elements -------------------------------------------------------------


def test_minimal_process_compiles_with_bpmn_variable_semantics() -> None:
    deployment = compile_bpmn(around('<bpmn:manualTask id="m" />', "m"), FILE)
    assert isinstance(deployment, BpmnDeployment)
    definition = deployment.processes[0]
    assert (definition.id, definition.version, definition.name) == ("p", 1, "P")
    assert definition.start == "s"
    assert definition.default_output is DefaultOutput.VARIABLES
    assert definition.input_to_variables
    assert definition.node("m").kind is NodeKind.PASS_THROUGH
    assert definition.node("e").kind is NodeKind.END
    assert ProcessDefinition.from_dict(definition.to_dict()) == definition


def test_every_executable_process_is_compiled_and_others_skipped() -> None:
    body = '<bpmn:startEvent id="s{n}" />'
    data = (
        f'<bpmn:definitions {NS} id="d">'
        f'<bpmn:process id="a" isExecutable="true">{body.format(n=1)}</bpmn:process>'
        f'<bpmn:process id="b" isExecutable="false">{body.format(n=2)}</bpmn:process>'
        f'<bpmn:process id="c" isExecutable="true">{body.format(n=3)}</bpmn:process>'
        "</bpmn:definitions>"
    ).encode()
    assert [p.id for p in compile_bpmn(data, FILE).processes] == ["a", "c"]


def test_no_executable_process_is_refused() -> None:
    data = f'<bpmn:definitions {NS} id="d"><bpmn:process id="a" /></bpmn:definitions>'.encode()
    assert "t.bpmn: the file has no executable process" in refused(data)


def test_service_send_business_rule_and_script_tasks_become_jobs() -> None:
    for tag in ("serviceTask", "sendTask", "businessRuleTask", "scriptTask"):
        element = (
            f'<bpmn:{tag} id="j"><bpmn:extensionElements>'
            '<zeebe:taskDefinition type="charge" retries="5" />'
            '<zeebe:taskHeaders><zeebe:header key="k" value="v" /></zeebe:taskHeaders>'
            f"</bpmn:extensionElements></bpmn:{tag}>"
        )
        job = node(around(element, "j"), "j")
        assert job.kind is NodeKind.SERVICE_TASK
        assert (job.job_type, job.name, job.retry_count) == ("charge", "charge", 4)
        assert job.merge_output and job.outputs is None
        assert job.headers == {"k": "v"}
        assert job.retry_delay_seconds == 0 and not job.extensions


def test_default_retries_is_three_attempts() -> None:
    element = (
        '<bpmn:serviceTask id="j"><bpmn:extensionElements><zeebe:taskDefinition type="x" />'
        "</bpmn:extensionElements></bpmn:serviceTask>"
    )
    assert node(around(element, "j"), "j").retry_count == 2


def test_feel_job_type_becomes_the_job_type_expression() -> None:
    for tag in ("serviceTask", "sendTask", "scriptTask"):
        element = (
            f'<bpmn:{tag} id="j"><bpmn:extensionElements>'
            '<zeebe:taskDefinition type="= kind + &quot;-job&quot;" />'
            f"</bpmn:extensionElements></bpmn:{tag}>"
        )
        job = node(around(element, "j"), "j")
        assert job.job_type_expression is not None
        assert (job.job_type_expression.language, job.job_type_expression.source) == (
            "feel",
            'kind + "-job"',
        )
        assert Node.from_dict(job.to_dict()) == job
    plain = '<bpmn:serviceTask id="j"><bpmn:extensionElements><zeebe:taskDefinition type="x" />'
    plain += "</bpmn:extensionElements></bpmn:serviceTask>"
    assert node(around(plain, "j"), "j").job_type_expression is None


def test_invalid_feel_job_type_is_refused() -> None:
    element = (
        '<bpmn:serviceTask id="j"><bpmn:extensionElements>'
        '<zeebe:taskDefinition type="= kind +" />'
        "</bpmn:extensionElements></bpmn:serviceTask>"
    )
    assert "zeebe:taskDefinition type" in refused(around(element, "j"))


def test_camunda7_external_task_topic_is_the_job_type() -> None:
    element = '<bpmn:serviceTask id="j" camunda:type="external" camunda:topic="mail" />'
    assert node(around(element, "j"), "j").job_type == "mail"


def test_feel_script_task_sets_a_variable() -> None:
    element = (
        '<bpmn:scriptTask id="j"><bpmn:extensionElements>'
        '<zeebe:script expression="= a + 1" resultVariable="b" />'
        "</bpmn:extensionElements></bpmn:scriptTask>"
    )
    script = node(around(element, "j"), "j")
    assert script.kind is NodeKind.SET_VARIABLES
    assert script.input is not None and script.input.value == {"b": "= a + 1"}


def test_gateways_conditions_and_default_flow() -> None:
    body = (
        '<bpmn:startEvent id="s" /><bpmn:exclusiveGateway id="x" default="x_e" />'
        '<bpmn:parallelGateway id="and" /><bpmn:inclusiveGateway id="or" />'
        '<bpmn:endEvent id="e" />'
        + flow("s", "x")
        + flow("x", "and", "= amount &gt; 100")
        + flow("x", "e", fid="x_e")
        + flow("and", "or")
        + flow("or", "e", "approved")
    )
    definition = one(bpmn(body))
    assert definition.node("x").kind is NodeKind.EXCLUSIVE_GATEWAY
    assert definition.node("x").default_flow == "x_e"
    assert definition.node("and").kind is NodeKind.PARALLEL_GATEWAY
    assert definition.node("or").kind is NodeKind.INCLUSIVE_GATEWAY
    flows = definition.index.flows
    assert flows["x_and"].condition is not None
    assert (flows["x_and"].condition.language, flows["x_and"].condition.source) == (
        "feel",
        " amount > 100",
    )
    assert flows["or_e"].condition is not None and flows["or_e"].condition.source == "approved"
    assert flows["x_e"].condition is None


def test_sub_process_is_a_scope() -> None:
    element = (
        '<bpmn:subProcess id="sub"><bpmn:startEvent id="s2" /><bpmn:endEvent id="e2" />'
        + flow("s2", "e2")
        + "</bpmn:subProcess>"
    )
    definition = one(around(element, "sub"))
    assert definition.node("sub").kind is NodeKind.SUB_PROCESS
    assert definition.node("sub").start == "s2"
    assert definition.node("s2").scope == "sub"


def test_timer_events() -> None:
    timer = "<bpmn:timerEventDefinition><bpmn:{0}>{1}</bpmn:{0}></bpmn:timerEventDefinition>"
    catch = (
        '<bpmn:intermediateCatchEvent id="w">'
        + timer.format("timeDuration", "PT5M")
        + "</bpmn:intermediateCatchEvent>"
    )
    wait = node(around(catch, "w"), "w")
    assert wait.kind is NodeKind.WAIT
    assert wait.timer is not None and wait.timer.duration is not None
    assert wait.timer.duration.value == "PT5M"
    date = catch.replace(timer.format("timeDuration", "PT5M"), timer.format("timeDate", "= due"))
    waiting = node(around(date, "w"), "w")
    assert waiting.timer is not None and waiting.timer.date is not None
    boundary = (
        '<bpmn:userTask id="t" /><bpmn:boundaryEvent id="b" attachedToRef="t" '
        'cancelActivity="false">'
        + timer.format("timeDuration", "PT1H")
        + '</bpmn:boundaryEvent><bpmn:endEvent id="e2" />'
        + flow("b", "e2")
    )
    definition = one(around(boundary, "t"))
    b = definition.node("b")
    assert (b.kind, b.attached_to, b.interrupting) == (NodeKind.BOUNDARY_TIMER, "t", False)
    cycle = catch.replace("timeDuration", "timeCycle")
    assert refused(around(cycle, "w")) == (
        "t.bpmn: element 'w' (timerIntermediateCatchEvent): timeCycle on an intermediate "
        "catch event is not supported (use a timeDuration)"
    )
    bad = catch.replace("PT5M", "soon")
    assert "element 'w' (timerIntermediateCatchEvent) timeDuration 'soon' is not valid" in (
        refused(around(bad, "w"))
    )


def _errors_file(boundary: str, errors: str) -> bytes:
    """start -> sub(t) -> e, with `boundary` (leading to e2) and definitions-level `errors`."""
    return (
        f'<bpmn:definitions {NS} id="d"><bpmn:process id="p" isExecutable="true">'
        '<bpmn:startEvent id="s" /><bpmn:subProcess id="sub"><bpmn:startEvent id="s2" />'
        '<bpmn:serviceTask id="t"><bpmn:extensionElements><zeebe:taskDefinition type="pay" />'
        '</bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e3" />'
        + flow("s2", "t")
        + flow("t", "e3")
        + "</bpmn:subProcess>"
        + boundary
        + '<bpmn:endEvent id="e" /><bpmn:endEvent id="e2" />'
        + flow("s", "sub")
        + flow("sub", "e")
        + flow("b", "e2")
        + f"</bpmn:process>{errors}</bpmn:definitions>"
    ).encode()


def _error_boundary(definition: str, attrs: str = "") -> str:
    return (
        f'<bpmn:boundaryEvent id="b" attachedToRef="sub" {attrs}>{definition}</bpmn:boundaryEvent>'
    )


ERRORS = (
    '<bpmn:error id="Error_x" name="No funds" errorCode="NO_FUNDS" />'
    '<bpmn:error id="Error_feel" errorCode="= code" /><bpmn:error id="Error_none" />'
)


def test_error_boundary_events() -> None:
    b = node(
        _errors_file(_error_boundary('<bpmn:errorEventDefinition errorRef="Error_x" />'), ERRORS),
        "b",
    )
    assert (b.kind, b.attached_to, b.interrupting, b.error_code) == (
        NodeKind.BOUNDARY_ERROR,
        "sub",
        True,
        "NO_FUNDS",
    )
    catch_all = node(_errors_file(_error_boundary("<bpmn:errorEventDefinition />"), ""), "b")
    assert (catch_all.kind, catch_all.error_code) == (NodeKind.BOUNDARY_ERROR, None)
    no_code = '<bpmn:errorEventDefinition errorRef="Error_none" />'
    assert node(_errors_file(_error_boundary(no_code), ERRORS), "b").error_code is None
    camunda7 = (
        '<bpmn:errorEventDefinition errorRef="Error_x" camunda:errorCodeVariable="code" '
        'camunda:errorMessageVariable="message" />'
    )
    c7 = node(_errors_file(_error_boundary(camunda7), ERRORS), "b")
    assert (c7.error_code_variable, c7.error_message_variable) == ("code", "message")
    assert not c7.extensions
    mapped = _error_boundary(
        "<bpmn:extensionElements><zeebe:ioMapping>"
        '<zeebe:output source="=errorMessage" target="why" /></zeebe:ioMapping>'
        '</bpmn:extensionElements><bpmn:errorEventDefinition errorRef="Error_x" />'
    )
    outputs = node(_errors_file(mapped, ERRORS), "b").outputs
    assert outputs is not None and outputs.value == [["why", "=errorMessage"]]
    assert "zeebe:input on a boundary event is not supported" in refused(
        _errors_file(mapped.replace("zeebe:output", "zeebe:input"), ERRORS)
    )
    round_trip = one(_errors_file(_error_boundary(camunda7), ERRORS))
    assert ProcessDefinition.from_dict(round_trip.to_dict()) == round_trip


def test_error_boundary_refusals() -> None:
    feel = '<bpmn:errorEventDefinition errorRef="Error_feel" />'
    assert refused(_errors_file(_error_boundary(feel), ERRORS)) == (
        "t.bpmn: element 'b' (errorBoundaryEvent): the FEEL error code '= code' of bpmn:error "
        "'Error_feel' is not supported (catching errors needs a static errorCode)"
    )
    unknown = '<bpmn:errorEventDefinition errorRef="Error_y" />'
    assert refused(_errors_file(_error_boundary(unknown), ERRORS)) == (
        "t.bpmn: element 'b' (errorBoundaryEvent) errorRef 'Error_y' names no bpmn:error "
        "of the file"
    )
    ok = '<bpmn:errorEventDefinition errorRef="Error_x" />'
    assert "cannot be non-interrupting" in refused(
        _errors_file(_error_boundary(ok, 'cancelActivity="false"'), ERRORS)
    )
    assert "must name a node in its scope" in refused(
        _errors_file(_error_boundary(ok).replace('"sub"', '"t"'), ERRORS)
    )


def test_terminate_end_event() -> None:
    element = '<bpmn:endEvent id="x"><bpmn:terminateEventDefinition /></bpmn:endEvent>'
    data = bpmn('<bpmn:startEvent id="s" />' + element + flow("s", "x"))
    assert one(data).node("x").kind is NodeKind.TERMINATE_END


def test_none_throw_event_passes_through() -> None:
    assert node(around('<bpmn:intermediateThrowEvent id="i" />', "i"), "i").kind is (
        NodeKind.PASS_THROUGH
    )


# ---- user tasks -----------------------------------------------------------------------------


def _input(n: Node) -> dict[str, Any]:
    assert n.input is not None and n.input.language == "feel"
    value: dict[str, Any] = n.input.value
    return value


def _spec(n: Node) -> UserTaskSpec:
    assert n.user_task is not None
    return n.user_task


def _values(n: Node, **variables: Any) -> UserTaskValues:
    """The spec resolved the way the engine does, over `variables`."""
    feel = default_languages()["feel"]
    definition = ProcessDefinition("p", 1, "s", (Node("s", NodeKind.START),))
    state = InstanceState("i", "p", 1, InstanceStatus.RUNNING, variables=dict(variables))
    return _spec(n).resolve(lambda t: feel.resolve(t, EvalScope(definition, state)))


def _feel(template: Template | None) -> Any:
    assert template is not None and template.language == "feel"
    return template.value


def test_user_task_static_assignment_schedule_priority_form() -> None:
    ext = (
        '<zeebe:userTask /><zeebe:assignmentDefinition assignee="alice" '
        'candidateUsers="bob, carol" candidateGroups="sales" />'
        '<zeebe:taskSchedule dueDate="2025-12-31T17:00:00Z" '
        'followUpDate="2025-12-30T09:00:00+02:00" />'
        '<zeebe:priorityDefinition priority="70" />'
        '<zeebe:formDefinition formId="approve" bindingType="versionTag" versionTag="v1" />'
        '<zeebe:taskHeaders><zeebe:header key="ui" value="compact" /></zeebe:taskHeaders>'
    )
    deployment = compile_bpmn(user_task(ext), FILE)
    task = deployment.processes[0].node("t")
    assert task.kind is NodeKind.USER_TASK
    assert deployment.form_ids == ("approve",)
    assert _input(task) == {}  # no bookkeeping keys among the task's inputs
    assert not task.extensions
    spec = _spec(task)
    assert spec.implementation is Implementation.ZEEBE_USER_TASK
    assert _feel(spec.candidate_users) == ["bob", "carol"]
    assert _feel(spec.candidate_groups) == ["sales"]
    assert _feel(spec.due) == "2025-12-31T17:00:00Z"
    assert _feel(spec.follow_up) == "2025-12-30T09:00:00+02:00"
    assert _feel(spec.priority) == 70
    assert spec.form == FormSpec(form_id="approve", binding="versionTag", version_tag="v1")
    assert spec.headers == {"ui": "compact"}
    definition = _values(task).policy()
    assert definition["displayName"] == "Review"
    assert definition["autoClaim"] is True
    (tier,) = definition["assignments"]
    assert tier["assignee"] == {"user": "alice", "userType": "CONDUCTOR_USER"}
    assert [c["user"] for c in tier["candidates"]] == ["alice", "bob", "carol", "sales"]
    assert tier["candidates"][3]["userType"] == "CONDUCTOR_GROUP"
    parsed = parse_definition(definition)  # the service accepts the shape we emit
    assert parsed.auto_claim and len(parsed.tiers) == 1
    round_trip = one(user_task(ext))
    assert ProcessDefinition.from_dict(round_trip.to_dict()) == round_trip


def test_user_task_feel_values_stay_feel() -> None:
    ext = (
        '<zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="= roles" />'
        '<zeebe:taskSchedule dueDate="= now() + duration(&quot;P2D&quot;)" />'
        '<zeebe:priorityDefinition priority="= if vip then 80 else 50" />'
    )
    task = node(user_task(ext))
    spec = _spec(task)
    assert _feel(spec.due) == '= now() + duration("P2D")'
    assert _feel(spec.priority) == "= if vip then 80 else 50"
    assert _feel(spec.candidate_groups) == "= flatten([(roles)])[item != null]"
    assert spec.auto_claim is None
    values = _values(task, roles=["a", ["b", None]], vip=True)
    assert values.priority == 80
    (tier,) = values.policy()["assignments"]
    assert [c["user"] for c in tier["candidates"]] == ["a", "b"]


def test_user_task_defaults() -> None:
    task = node(user_task(""))
    spec = _spec(task)
    assert spec.implementation is Implementation.JOB_WORKER
    assert _feel(spec.priority) == 50
    values = _values(task)
    assert values.is_job_worker and values.policy()["assignments"] == []


def test_embedded_form_and_form_key() -> None:
    form = '{"components":[{"key":"ok","type":"checkbox"}],"type":"default"}'
    data = bpmn(
        '<bpmn:startEvent id="s" /><bpmn:userTask id="t"><bpmn:extensionElements>'
        '<zeebe:formDefinition formKey="camunda-forms:bpmn:f1" />'
        '</bpmn:extensionElements></bpmn:userTask><bpmn:endEvent id="e" />'
        + flow("s", "t")
        + flow("t", "e"),
        process_ext=f'<zeebe:userTaskForm id="f1">{form}</zeebe:userTaskForm>',
    )
    deployment = compile_bpmn(data, FILE)
    assert deployment.forms == {
        "f1": {"components": [{"key": "ok", "type": "checkbox"}], "type": "default"}
    }
    spec = _spec(deployment.processes[0].node("t"))
    assert spec.form == FormSpec(form_key="camunda-forms:bpmn:f1", embedded_form_id="f1")
    missing = data.replace(b'id="f1"', b'id="other"')
    assert "formKey 'camunda-forms:bpmn:f1' names embedded form 'f1'" in refused(missing)


def test_external_reference_and_form_errors() -> None:
    ext = '<zeebe:userTask /><zeebe:formDefinition externalReference="= url" />'
    task = node(user_task(ext))
    form = _spec(task).form
    assert form is not None and _feel(form.external_reference) == "= url"
    resolved = _values(task, url="https://forms.example/1").form
    assert resolved is not None and resolved.external_reference == "https://forms.example/1"
    both = '<zeebe:formDefinition formId="a" formKey="b" />'
    assert "needs exactly one of formId, formKey, externalReference" in refused(user_task(both))
    binding = '<zeebe:formDefinition formId="a" bindingType="newest" />'
    assert "bindingType 'newest'" in refused(user_task(binding))


def test_camunda7_attributes_are_read() -> None:
    attrs = (
        'camunda:assignee="demo" camunda:candidateGroups="engineering" '
        'camunda:dueDate="2025-01-01T00:00:00Z" camunda:priority="10" camunda:formKey="f"'
    )
    spec = _spec(node(user_task("", attrs)))
    assert (_feel(spec.assignee), _feel(spec.candidate_groups), _feel(spec.priority)) == (
        "demo",
        ["engineering"],
        10,
    )
    assert spec.form == FormSpec(form_key="f")
    assert _feel(spec.due) == "2025-01-01T00:00:00Z"
    juel = user_task("", 'camunda:assignee="${starter}"')
    assert "Camunda 7 expression camunda:assignee='${starter}' is not supported" in refused(juel)


def test_io_mapping_inputs_and_outputs() -> None:
    ext = (
        "<zeebe:userTask /><zeebe:ioMapping>"
        '<zeebe:input source="= order.total" target="amount" />'
        '<zeebe:input source="fixed" target="a.b" />'
        '<zeebe:output source="= approved" target="order.approved" />'
        "</zeebe:ioMapping>"
    )
    definition = one(user_task(ext))
    assert ProcessDefinition.from_dict(definition.to_dict()) == definition
    task = definition.node("t")
    data = _input(task)
    assert data["amount"] == "= order.total" and data["a"] == {"b": "fixed"}
    assert task.merge_output
    assert task.outputs is not None and task.outputs.value == [["order.approved", "= approved"]]


def test_invalid_values_name_element_and_attribute() -> None:
    message = refused(user_task('<zeebe:assignmentDefinition assignee="= a +" />'))
    assert message.startswith(
        "t.bpmn: element 't' (userTask) attribute 'zeebe:assignmentDefinition assignee': "
        "invalid FEEL expression"
    )
    assert "priority '101' must be a whole number from 0 to 100" in refused(
        user_task('<zeebe:priorityDefinition priority="101" />')
    )
    assert "dueDate 'tomorrow' is not an ISO 8601 date-time" in refused(
        user_task('<zeebe:taskSchedule dueDate="tomorrow" />')
    )


# ---- refusals -------------------------------------------------------------------------------


def test_conditional_start_event_is_refused_with_its_type() -> None:
    data = bpmn(
        '<bpmn:startEvent id="Event_1"><bpmn:conditionalEventDefinition /></bpmn:startEvent>'
    )
    message = refused(data, "c8ex-twitter.bpmn")
    assert message.startswith(
        "c8ex-twitter.bpmn: element 'Event_1' (conditionalStartEvent) is not supported"
    )


@pytest.mark.parametrize(
    ("element", "expected"),
    [
        ('<bpmn:adHocSubProcess id="x" />', "element 'x' (adHocSubProcess) is not supported"),
        ('<bpmn:complexGateway id="x" />', "element 'x' (complexGateway) is not supported"),
        ('<bpmn:transaction id="x" />', "element 'x' (transaction) is not supported"),
        (
            '<bpmn:subProcess id="x" triggeredByEvent="true" />',
            "element 'x' (eventSubProcess) is not supported",
        ),
        (
            '<bpmn:userTask id="x"><bpmn:multiInstanceLoopCharacteristics /></bpmn:userTask>',
            "element 'x' (userTask): a multi-instance without an inputCollection is not supported",
        ),
        (
            '<bpmn:serviceTask id="x" />',
            "element 'x' (serviceTask): a task without a job type is not supported",
        ),
        (
            '<bpmn:serviceTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="a"/>'
            "<zeebe:taskListeners /></bpmn:extensionElements></bpmn:serviceTask>",
            "element 'x' (serviceTask): zeebe:taskListeners is not supported",
        ),
        (
            '<bpmn:endEvent id="x"><bpmn:errorEventDefinition /></bpmn:endEvent>',
            "element 'x' (errorEndEvent): an error end event without an error code is not "
            "supported (add an errorRef)",
        ),
    ],
)
def test_unsupported_elements_are_refused(element: str, expected: str) -> None:
    assert f"t.bpmn: {expected}" in refused(bpmn('<bpmn:startEvent id="s" />' + element))


def test_other_vendors_extensions_are_ignored() -> None:
    ext = '<zeebe:userTask /><other:thing a="b" /><camunda:formData />'
    assert node(user_task(ext, 'other:flag="1"')).kind is NodeKind.USER_TASK


def test_non_feel_conditions_are_refused() -> None:
    body = '<bpmn:startEvent id="s" /><bpmn:endEvent id="e" />'
    assert "Camunda 7 condition '${x}' is not supported" in refused(
        bpmn(body + flow("s", "e", "${x}"))
    )
    assert "non-FEEL condition \"a == 'b'\" is not supported" in refused(
        bpmn(body + flow("s", "e", "a == 'b'"))
    )
    assert "attribute 'conditionExpression': invalid FEEL" in refused(
        bpmn(body + flow("s", "e", "= a +"))
    )


def test_all_problems_are_reported() -> None:
    data = bpmn('<bpmn:transaction id="a" /><bpmn:receiveTask id="b" />')
    with pytest.raises(InvalidInput) as info:
        compile_bpmn(data, FILE)
    assert "(and 2 more)" in info.value.message  # a, b and the missing start event
    assert [e.path for e in info.value.errors] == ["a", "b", "p"]


# ---- hostile or broken XML ------------------------------------------------------------------


def test_billion_laughs_is_refused() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">'
        b"&lol3;</bpmn:definitions>"
    )
    message = refused(data, "bomb.bpmn")
    assert message.startswith("bomb.bpmn: the XML uses a DTD, entities or external references")


def test_external_entity_is_refused() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&xxe;'
        b"</bpmn:definitions>"
    )
    assert "refused" in refused(data, "xxe.bpmn")


def test_huge_file_is_refused_by_its_size_before_parsing() -> None:
    data = bpmn(
        "<!--" + "x" * (50 * 1024 * 1024) + "-->"
    )  # well-formed: only the size limit stops it
    message = refused(data, "big.bpmn")
    assert message.startswith("big.bpmn: the file is") and "limited to 10 MB" in message


def test_malformed_and_foreign_xml_are_refused() -> None:
    assert refused(b"<bpmn:definitions", "bad.bpmn").startswith("bad.bpmn: not well-formed XML")
    assert "not a BPMN 2.0 file" in refused(b"<html />", "page.bpmn")


def _nested_sub_processes(depth: int) -> str:
    body = ""
    for d in range(depth, 0, -1):
        body = f'<bpmn:subProcess id="sp{d}"><bpmn:startEvent id="s{d}"/>{body}</bpmn:subProcess>'
    return '<bpmn:startEvent id="s0"/>' + body


def test_sub_processes_nested_too_deeply_are_refused() -> None:
    with pytest.raises(InvalidInput) as info:
        compile_bpmn(bpmn(_nested_sub_processes(40)), FILE)
    assert "nests sub-processes more than 32 levels deep" in info.value.message
    compile_bpmn(bpmn(_nested_sub_processes(30)), FILE)  # within the limit


def test_xml_nested_too_deeply_is_refused_while_parsing() -> None:
    data = bpmn("<a>" * 300 + "</a>" * 300)
    with pytest.raises(InvalidInput) as info:
        compile_bpmn(data, FILE)
    assert "nested more than 256 levels deep" in info.value.message
