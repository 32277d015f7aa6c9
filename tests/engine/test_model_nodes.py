"""Node kinds BPMN will use that Conductor does not: built here directly on the model."""

from baton.model.process import (
    DefaultOutput,
    Expression,
    Flow,
    LoopSpec,
    Node,
    NodeKind,
    ProcessDefinition,
    Template,
    TimerSpec,
)
from baton.model.status import InstanceStatus, TaskStatus

K = NodeKind


def cond(source):
    return Expression("conductor", source)


def task(node_id, scope=None):
    return Node(node_id, K.USER_TASK, scope=scope, name=node_id, task_type="userTask")


def process(*nodes, flows=(), **extra):
    return ProcessDefinition(
        id="p",
        version=1,
        start="start",
        nodes=(Node("start", K.START), *nodes),
        flows=tuple(Flow(f"f{i}", s, t, *rest) for i, (s, t, *rest) in enumerate(flows)),
        **extra,
    )


def test_inclusive_gateway_runs_every_true_branch_and_joins_them(drive):
    d = drive(
        process(
            Node("split", K.INCLUSIVE_GATEWAY, default_flow="f4"),
            task("a"),
            task("b"),
            task("c"),
            Node("merge", K.INCLUSIVE_GATEWAY),
            task("after"),
            flows=[
                ("start", "split"),
                ("split", "a", cond("${workflow.input.a}")),
                ("split", "b", cond("${workflow.input.b}")),
                ("split", "c", cond("${workflow.input.c}")),
                ("split", "after"),  # f4: default
                ("a", "merge"),
                ("b", "merge"),
                ("c", "merge"),
                ("merge", "after"),
            ],
        )
    )
    d.start({"a": True, "b": True, "c": False})
    assert sorted(d.open_refs()) == ["a", "b"]
    d.complete("a")
    assert sorted(d.open_refs()) == ["b"]
    d.complete("b")
    assert d.open_refs() == ["after"]


def test_inclusive_gateway_takes_the_default_flow_when_nothing_holds(drive):
    d = drive(
        process(
            Node("split", K.INCLUSIVE_GATEWAY, default_flow="f2"),
            task("a"),
            task("other"),
            flows=[
                ("start", "split"),
                ("split", "a", cond("${workflow.input.a}")),
                ("split", "other"),
            ],
        )
    )
    d.start({"a": False})
    assert d.open_refs() == ["other"]


def test_interrupting_boundary_timer_cancels_the_task_and_escalates(drive):
    timer = TimerSpec(duration=Template("conductor", "PT1H"))
    d = drive(
        process(
            task("review"),
            Node("late", K.BOUNDARY_TIMER, attached_to="review", timer=timer),
            task("escalate"),
            flows=[("start", "review"), ("late", "escalate")],
        )
    )
    d.start()
    d.advance(3600)
    assert d.task("review").status is TaskStatus.CANCELED
    assert d.open_refs() == ["escalate"]


def test_non_interrupting_boundary_timer_keeps_the_task_open(drive):
    timer = TimerSpec(duration=Template("conductor", "10m"))
    d = drive(
        process(
            task("review"),
            Node("remind", K.BOUNDARY_TIMER, attached_to="review", timer=timer, interrupting=False),
            task("reminder"),
            flows=[("start", "review"), ("remind", "reminder")],
        )
    )
    d.start()
    d.advance(600)
    assert sorted(d.open_refs()) == ["reminder", "review"]
    d.complete("reminder")
    d.complete("review")
    assert d.status is InstanceStatus.COMPLETED


def test_completing_the_host_cancels_its_boundary_timer(drive):
    timer = TimerSpec(duration=Template("conductor", "10m"))
    d = drive(
        process(
            task("review"),
            Node("late", K.BOUNDARY_TIMER, attached_to="review", timer=timer),
            flows=[("start", "review")],
        )
    )
    d.start()
    d.complete("review")
    assert d.timers() == []
    assert d.status is InstanceStatus.COMPLETED


def test_sub_process_completes_when_its_inner_tokens_end(drive):
    d = drive(
        process(
            Node("sub", K.SUB_PROCESS, start="sub_start", recorded=True),
            Node("sub_start", K.START, scope="sub"),
            task("inner", scope="sub"),
            Node("sub_end", K.END, scope="sub"),
            task("after"),
            flows=[
                ("start", "sub"),
                ("sub_start", "inner"),
                ("inner", "sub_end"),
                ("sub", "after"),
            ],
        )
    )
    d.start()
    assert d.open_refs() == ["sub", "inner"]
    d.complete("inner")
    assert d.task("sub").status is TaskStatus.COMPLETED
    assert d.open_refs() == ["after"]


def test_interrupting_timer_on_a_sub_process_cancels_everything_inside(drive):
    timer = TimerSpec(duration=Template("conductor", "1h"))
    d = drive(
        process(
            Node("sub", K.SUB_PROCESS, start="sub_start"),
            Node("sub_start", K.START, scope="sub"),
            task("inner", scope="sub"),
            Node("deadline", K.BOUNDARY_TIMER, attached_to="sub", timer=timer),
            task("late"),
            flows=[("start", "sub"), ("sub_start", "inner"), ("deadline", "late")],
        )
    )
    d.start()
    d.advance(3600)
    assert d.task("inner").status is TaskStatus.CANCELED
    assert d.task("sub").status is TaskStatus.CANCELED
    assert d.open_refs() == ["late"]


def test_test_before_loop_with_a_false_condition_skips_the_body(drive):
    loop = LoopSpec(Expression("conductor-js", "$.l.iteration < 0"), test_before=True)
    d = drive(
        process(
            Node("l", K.LOOP, start="l_start", loop=loop),
            Node("l_start", K.START, scope="l"),
            task("body", scope="l"),
            flows=[("start", "l"), ("l_start", "body")],
        )
    )
    d.start()
    assert d.status is InstanceStatus.COMPLETED
    assert "body" not in d.statuses()


def test_loop_maximum_caps_the_iterations(drive):
    loop = LoopSpec(Expression("conductor-js", "true"), maximum=2)
    d = drive(
        process(
            Node("l", K.LOOP, start="l_start", loop=loop),
            Node("l_start", K.START, scope="l"),
            task("body", scope="l"),
            flows=[("start", "l"), ("l_start", "body")],
        )
    )
    d.start()
    d.complete("body__1")
    d.complete("body__2")
    assert d.status is InstanceStatus.COMPLETED


def test_exclusive_gateway_with_conditions_and_a_default_flow(drive):
    d = drive(
        process(
            Node("xor", K.EXCLUSIVE_GATEWAY, default_flow="f3"),
            task("big"),
            task("small"),
            task("other"),
            flows=[
                ("start", "xor"),
                ("xor", "big", cond("${workflow.variables.big}")),
                ("xor", "small", cond("${workflow.variables.small}")),
                ("xor", "other"),
            ],
            input_to_variables=True,
            default_output=DefaultOutput.VARIABLES,
        )
    )
    d.start({"big": False, "small": True})
    assert d.open_refs() == ["small"]
    d.complete("small")
    assert d.state.output == {"big": False, "small": True}


def test_a_flow_whose_condition_fails_at_run_time_fails_the_instance(drive):
    d = drive(
        process(
            task("a"),
            task("b"),
            flows=[("start", "a"), ("a", "b", Expression("conductor-js", "$.a.x.y"))],
        )
    )
    d.start()
    d.complete("a")
    assert d.status is InstanceStatus.FAILED
