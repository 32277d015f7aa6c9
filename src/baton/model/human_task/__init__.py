"""Human tasks: assignment policy and the lifecycle state machine (their Orkes wire shapes are
the API's: `baton.api.human.wire`).

Pure (no I/O): the task service loads a `HumanTask`, calls one operation with `now` and an id
generator, then saves `outcome.task`, schedules `outcome.sla_timer`, starts the triggers for
`outcome.events` and fails the process when `outcome.process_failure` says so.
"""

from baton.model.human_task.codec import (
    definition_from_dict,
    definition_to_dict,
    from_dict,
    to_dict,
)
from baton.model.human_task.eligibility import (
    candidates_for_index,
    is_candidate,
    is_offered_to,
    principal_matches,
)
from baton.model.human_task.errors import (
    AlreadyClaimed,
    NoAssignment,
    NotClaimed,
    NotEligible,
    TaskClosed,
)
from baton.model.human_task.machine import (
    TERMINATE_REASON,
    IdGen,
    Outcome,
    SlaTimer,
    assign,
    change_candidates,
    claim,
    complete,
    create,
    delete,
    escalate,
    reassign,
    record_trigger,
    release,
    save_draft,
    skip,
    time_out,
)
from baton.model.human_task.parse import parse_definition, parse_tiers
from baton.model.human_task.policy import (
    CompletionStrategy,
    FormRef,
    HumanTaskDefinition,
    Principal,
    Tier,
    Trigger,
    TriggerType,
    UserType,
)
from baton.model.human_task.task import (
    SYSTEM,
    Action,
    ActionLogEntry,
    HumanTask,
    HumanTaskState,
    TriggerLogEntry,
)
from baton.model.identity import Actor

__all__ = [
    "SYSTEM",
    "TERMINATE_REASON",
    "Action",
    "ActionLogEntry",
    "Actor",
    "AlreadyClaimed",
    "CompletionStrategy",
    "FormRef",
    "HumanTask",
    "HumanTaskDefinition",
    "HumanTaskState",
    "IdGen",
    "NoAssignment",
    "NotClaimed",
    "NotEligible",
    "Outcome",
    "Principal",
    "SlaTimer",
    "TaskClosed",
    "Tier",
    "Trigger",
    "TriggerLogEntry",
    "TriggerType",
    "UserType",
    "assign",
    "candidates_for_index",
    "change_candidates",
    "claim",
    "complete",
    "create",
    "definition_from_dict",
    "definition_to_dict",
    "delete",
    "escalate",
    "from_dict",
    "is_candidate",
    "is_offered_to",
    "parse_definition",
    "parse_tiers",
    "principal_matches",
    "reassign",
    "record_trigger",
    "release",
    "save_draft",
    "skip",
    "time_out",
    "to_dict",
]
