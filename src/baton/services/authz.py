"""May this caller do this to this object? The one answer, for every API family, the web app
and the CLI.

- Admins may do anything.
- Roles imply access to whole kinds of definitions (`ROLE_ACCESS`, Orkes' roles).
- Permissions granted on one definition (`/api/auth/authorization`) to a user, a group, a role
  or an application (subject `APPLICATION`, or Orkes' `USER` subject `app:<id>`) add to that.
- A workflow instance belongs to whoever started it; a human task to its process's owner, is
  offered to the current tier and held by its claimant (seeds 000 to 002).
- A task that is a human task is worked under the human-task rules whatever endpoint reaches
  it; only the job-worker user task (no `zeebe:userTask`) is also a job of type
  `io.camunda.zeebe:userTask`, which that job type's workers may complete (seed 003).
- Whoever may not see an object is told it does not exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from sqlalchemy.engine import Connection

from baton.model import human_task as model
from baton.model.actor_text import audit_text
from baton.model.errors import FieldError, Forbidden, InvalidInput, NotFound
from baton.model.human_task import HumanTask, Principal, UserType
from baton.model.human_task.glimpse import Glimpse
from baton.model.identity import Access, Caller, CallerKind, Role, TargetType
from baton.model.process import shown_name
from baton.services.context import ServiceContext
from baton.store.human_tasks import HumanTaskRow
from baton.store.identity import grants_for, targets_granted

_ALL = frozenset(Access)

ROLE_ACCESS: Mapping[Role, Mapping[TargetType, frozenset[Access]]] = {
    Role.METADATA_MANAGER: {
        TargetType.WORKFLOW_DEF: _ALL - {Access.EXECUTE},
        TargetType.TASK_DEF: _ALL - {Access.EXECUTE},
        TargetType.USER_FORM_TEMPLATE: _ALL,
    },
    # reads, starts and steers every workflow's instances; works every task queue
    Role.WORKFLOW_MANAGER: {
        TargetType.WORKFLOW_DEF: frozenset({Access.READ, Access.EXECUTE, Access.DELETE}),
        TargetType.TASK_DEF: frozenset({Access.EXECUTE}),
    },
    Role.WORKER: {TargetType.TASK_DEF: frozenset({Access.EXECUTE})},
    Role.UNRESTRICTED_WORKER: {TargetType.TASK_DEF: frozenset({Access.EXECUTE})},
}

# Starting a workflow is open to every USER (Orkes); steering another's instance is not.
STARTER_ROLES = frozenset({Role.USER})

Grants = list[tuple[str, str, str]]


def require_admin(caller: Caller, message: str = "only an ADMIN may do this") -> None:
    if not caller.is_admin:
        raise Forbidden(message)


def role_allows(caller: Caller, target_type: TargetType, access: Access) -> bool:
    if caller.is_admin:
        return True
    return any(access in ROLE_ACCESS.get(r, {}).get(target_type, ()) for r in caller.roles)


def holds(caller: Caller, grants: Grants, access: Access) -> bool:
    """Whether any of `grants` (subject type, subject id, access) gives `caller` `access`."""
    mine = {(kind.value, subject) for kind, subject in caller.subjects()}
    return any(a == access.value and (t, s) in mine for t, s, a in grants)


def may(
    ctx: ServiceContext,
    caller: Caller,
    target: tuple[TargetType, str],
    access: Access,
    *,
    conn: Connection | None = None,
) -> bool:
    """`access` to one definition, by role or by a grant on it."""
    if role_allows(caller, target[0], access):
        return True
    if conn is not None:
        return holds(caller, grants_for(conn, *target), access)
    with ctx.db.read() as own:
        return holds(caller, grants_for(own, *target), access)


def may_see_application(caller: Caller, app_id: str) -> bool:
    """An application's record: admins, and the application itself."""
    return caller.is_admin or (caller.kind is CallerKind.APPLICATION and caller.id == app_id)


# ---------------------------------------------------------------- definitions


def require_definition_writer(
    ctx: ServiceContext, caller: Caller, target_type: TargetType, name: str
) -> None:
    """Registering, changing or deleting a workflow, task definition or form template."""
    for access in (Access.UPDATE, Access.CREATE):
        if may(ctx, caller, (target_type, name), access):
            return
    raise Forbidden(
        f"changing {target_type.value} {name!r} needs ADMIN, METADATA_MANAGER or UPDATE"
    )


def require_some_writer(ctx: ServiceContext, caller: Caller, target_type: TargetType) -> None:
    """Refuse a caller who may write no definition of `target_type` at all: asked before an
    upload is read; `require_definition_writer` then checks each definition it holds."""
    if any(role_allows(caller, target_type, a) for a in (Access.UPDATE, Access.CREATE)):
        return
    subjects = [(kind.value, subject) for kind, subject in caller.subjects()]
    accesses = [Access.UPDATE.value, Access.CREATE.value]
    with ctx.db.read() as conn:
        if targets_granted(conn, target_type, subjects, accesses):
            return
    raise Forbidden(f"registering {target_type.value} needs ADMIN, METADATA_MANAGER or UPDATE")


# ---------------------------------------------------------------- event handlers


def require_event_handler_writer(caller: Caller) -> None:
    """Register, change or delete an event handler: whoever may change every workflow
    definition (ADMIN, METADATA_MANAGER), since a handler starts and steers workflows."""
    if not role_allows(caller, TargetType.WORKFLOW_DEF, Access.UPDATE):
        raise Forbidden("managing event handlers needs ADMIN or METADATA_MANAGER")


def require_event_handler_reader(caller: Caller) -> None:
    if not (
        role_allows(caller, TargetType.WORKFLOW_DEF, Access.UPDATE)
        or role_allows(caller, TargetType.WORKFLOW_DEF, Access.READ)
    ):
        raise Forbidden("reading event handlers needs ADMIN, METADATA_MANAGER or WORKFLOW_MANAGER")


def require_modeler(ctx: ServiceContext, caller: Caller) -> None:
    """The modeler's drafts belong to people who may deploy: a user (not an application)
    who may write some process definition; deploying checks each process it holds."""
    if caller.kind is not CallerKind.USER:
        raise Forbidden("drafts belong to users, not to applications")
    require_some_writer(ctx, caller, TargetType.WORKFLOW_DEF)


# ---------------------------------------------------------------- workflow instances


def may_start(ctx: ServiceContext, caller: Caller, name: str) -> bool:
    if STARTER_ROLES & caller.roles:
        return True
    return may(ctx, caller, (TargetType.WORKFLOW_DEF, name), Access.EXECUTE)


def require_start(ctx: ServiceContext, caller: Caller, name: str) -> None:
    if not may_start(ctx, caller, name):
        raise Forbidden(f"starting workflow {name!r} needs EXECUTE permission on it")


def require_ephemeral_start(ctx: ServiceContext, caller: Caller, name: str) -> None:
    """Run a definition sent with the start, unregistered: whoever may start the workflow of
    that name, or may register a definition of it."""
    if may_start(ctx, caller, name):
        return
    for access in (Access.UPDATE, Access.CREATE):
        if may(ctx, caller, (TargetType.WORKFLOW_DEF, name), access):
            return
    raise Forbidden(
        f"running an inline definition of workflow {name!r} needs EXECUTE on it "
        "or the right to register it"
    )


def may_see_definition(ctx: ServiceContext, caller: Caller, name: str) -> bool:
    """See a deployed process (Camunda's definition reads): whoever may start it or read it."""
    return may_start(ctx, caller, name) or may(
        ctx, caller, (TargetType.WORKFLOW_DEF, name), Access.READ
    )


def may_see_instance(ctx: ServiceContext, caller: Caller, def_name: str, owner: str | None) -> bool:
    return owner == audit_text(caller.actor) or may(
        ctx, caller, (TargetType.WORKFLOW_DEF, shown_name(def_name)), Access.READ
    )


def require_instance_visible(
    ctx: ServiceContext, caller: Caller, instance_id: str, def_name: str, owner: str | None
) -> None:
    if not may_see_instance(ctx, caller, def_name, owner):
        # an instance the caller may not see is reported exactly like a missing one
        raise NotFound(f"Workflow {instance_id} not found")


def require_instance_control(
    ctx: ServiceContext, caller: Caller, instance_id: str, def_name: str, owner: str | None
) -> None:
    """Terminate, pause, resume, retry: the starter, or EXECUTE on the workflow."""
    require_instance_visible(ctx, caller, instance_id, def_name, owner)
    if owner != audit_text(caller.actor) and not may(
        ctx, caller, (TargetType.WORKFLOW_DEF, shown_name(def_name)), Access.EXECUTE
    ):
        raise Forbidden(f"changing workflow {instance_id} needs EXECUTE permission")


def require_instance_update(
    ctx: ServiceContext,
    caller: Caller,
    def_name: str,
    owner: str | None,
    *,
    conn: Connection | None = None,
) -> None:
    """Correlate a message or deliver a signal to an instance (Camunda's
    UPDATE_PROCESS_INSTANCE): its starter, or EXECUTE on its process."""
    if owner == audit_text(caller.actor) or may(
        ctx, caller, (TargetType.WORKFLOW_DEF, shown_name(def_name)), Access.EXECUTE, conn=conn
    ):
        return
    raise Forbidden(
        f"correlating to instances of process {def_name!r} needs EXECUTE permission on it"
    )


def require_instance_removal(
    ctx: ServiceContext, caller: Caller, instance_id: str, def_name: str, owner: str | None
) -> None:
    require_instance_visible(ctx, caller, instance_id, def_name, owner)
    if not may(ctx, caller, (TargetType.WORKFLOW_DEF, shown_name(def_name)), Access.DELETE):
        raise Forbidden(f"removing workflow {instance_id} needs DELETE permission")


def instance_search_owner(caller: Caller) -> str | None:
    """Whose instances a search may list: everyone's for those who read every workflow,
    otherwise the caller's own (None = no restriction)."""
    return (
        None
        if role_allows(caller, TargetType.WORKFLOW_DEF, Access.READ)
        else audit_text(caller.actor)
    )


# ---------------------------------------------------------------- saved Tasklist filters


def require_filter_user(caller: Caller) -> None:
    """Saved filters belong to people; an application has no Tasklist."""
    if caller.kind is not CallerKind.USER:
        raise Forbidden("saved filters belong to users, not to applications")


def may_change_filter(caller: Caller, owner_id: str) -> bool:
    """Rename, re-share or delete a saved filter: its owner or an admin."""
    return caller.is_admin or caller.id == owner_id


def require_share_with(caller: Caller, group: str, group_exists: bool) -> None:
    """Share a filter with `group`: a group the caller belongs to (admins: any group)."""
    if caller.is_admin:
        if not group_exists:
            raise InvalidInput(
                f"no group {group!r}", errors=[FieldError("sharedGroup", "no such group")]
            )
        return
    if group not in caller.groups:
        raise Forbidden(f"you may share a filter only with a group you belong to, not {group!r}")


# ---------------------------------------------------------------- worker tasks


INTERNAL_QUEUE_PREFIX = "$baton."
INTERNAL_WORKER = Caller(CallerKind.APPLICATION, "$baton", "Baton", frozenset({Role.ADMIN}))
"""Who works Baton's own queues (`$baton.*`: HTTP tasks), inside the server; nobody else may."""


def is_worker_for(
    ctx: ServiceContext, caller: Caller, task_type: str, *, conn: Connection | None = None
) -> bool:
    if task_type.startswith(INTERNAL_QUEUE_PREFIX):
        return caller == INTERNAL_WORKER
    return may(ctx, caller, (TargetType.TASK_DEF, task_type), Access.EXECUTE, conn=conn)


def require_worker(ctx: ServiceContext, caller: Caller, task_type: str) -> None:
    if not is_worker_for(ctx, caller, task_type):
        raise Forbidden(f"working on {task_type!r} tasks needs a WORKER role or EXECUTE on it")


# ---------------------------------------------------------------- human tasks


def as_user(caller: Caller) -> Principal:
    """The Conductor user a caller acts as on human tasks (applications act for external
    users through `/externalUser/{userId}` instead)."""
    if caller.kind is not CallerKind.USER:
        raise InvalidInput(
            "an application claims a human task for someone with /externalUser/{userId}"
        )
    return Principal(UserType.CONDUCTOR_USER, caller.id)


class Standing:
    """The caller's standing on one human task; grants on the task definition are read once,
    and only when a question needs them."""

    def __init__(self, ctx: ServiceContext, caller: Caller, row: HumanTaskRow, task: HumanTask):
        self._ctx = ctx
        self._definition = row.definition_name
        self.task_id = row.id
        self.caller = caller
        self.is_admin = caller.is_admin
        self.is_owner = row.owner is not None and row.owner == audit_text(caller.actor)
        me = Principal(UserType.CONDUCTOR_USER, caller.id)
        self.is_user = caller.kind is CallerKind.USER
        self.offered = self.is_user and model.is_offered_to(task, me, caller.groups)
        self.is_claimant = self.is_user and task.claimant == me
        # named on the current tier in person (not through a group): seed 002's "assignee"
        self.is_named_assignee = self.is_user and me in task.assignees

    @cached_property
    def _grants(self) -> Grants:
        with self._ctx.db.read() as conn:
            return grants_for(conn, TargetType.TASK_DEF, self._definition)

    def _granted(self, access: Access) -> bool:
        # rights over people's tasks come from grants on the task definition (to a user,
        # group, role or application), never from a role's blanket access to definitions
        return holds(self.caller, self._grants, access)

    @property
    def privileged(self) -> bool:
        """Admins and the owner act on the task without claiming it."""
        return self.is_admin or self.is_owner

    @property
    def may_manage(self) -> bool:
        """UPDATE on the task definition: see, claim with override, reassign."""
        return self.privileged or self._granted(Access.UPDATE)

    @property
    def may_read(self) -> bool:
        if self.privileged or self.offered or self.is_claimant:
            return True
        return self._granted(Access.UPDATE) or self._granted(Access.READ)

    @property
    def may_delete(self) -> bool:
        return self.privileged or self._granted(Access.DELETE)

    @property
    def may_reassign(self) -> bool:
        return self.may_manage or self.is_named_assignee

    @property
    def may_work(self) -> bool:
        """Save a draft, complete: the claimant, or admins and the owner."""
        return self.privileged or self.is_claimant

    @property
    def may_claim_for_others(self) -> bool:
        return self.privileged

    def require_visible(self) -> None:
        if not self.may_read:
            raise NotFound(f"Human task {self.task_id} not found")

    def require(self, allowed: bool, what: str) -> None:
        self.require_visible()
        if not allowed:
            raise Forbidden(f"You may not {what} this task")


def task_definition_grants(conn: Connection, definition: str) -> Grants:
    """The grants on a task definition, read once for many `may_read_at` questions."""
    return grants_for(conn, TargetType.TASK_DEF, definition)


def may_read_at(caller: Caller, glimpse: Glimpse, *, owner: str | None, grants: Grants) -> bool:
    """`Standing.may_read` at one moment of a task (a live event's before or after)."""
    if caller.is_admin or (owner is not None and owner == audit_text(caller.actor)):
        return True
    if caller.kind is CallerKind.USER:
        me = Principal(UserType.CONDUCTOR_USER, caller.id)
        if glimpse.claimant == me or glimpse.offered_to(me, caller.groups):
            return True
    return holds(caller, grants, Access.UPDATE) or holds(caller, grants, Access.READ)


def is_open_to(caller: Caller, glimpse: Glimpse) -> bool:
    """Open, unclaimed and the caller's to claim: offered to them or one of their groups in
    the current tier (any unclaimed task, for admins)."""
    if not glimpse.is_open or glimpse.claimant is not None or caller.kind is not CallerKind.USER:
        return False
    me = Principal(UserType.CONDUCTOR_USER, caller.id)
    return caller.is_admin or glimpse.offered_to(me, caller.groups)


def readable_task_definitions(conn: Connection, caller: Caller) -> list[str]:
    """Task definitions whose tasks the caller sees by a READ or UPDATE grant (what
    `Standing.may_read` allows beyond the tasks offered to, claimed or owned by them)."""
    subjects = [(kind.value, subject) for kind, subject in caller.subjects()]
    return targets_granted(
        conn, TargetType.TASK_DEF, subjects, [Access.READ.value, Access.UPDATE.value]
    )


def works_as_job(ctx: ServiceContext, caller: Caller, queue: str | None, job_type: str) -> bool:
    """Whether a human task in worker queue `queue` may be worked by `caller` as a job: only
    the job-worker user task (queue `job_type`), by a worker of that job type."""
    return queue == job_type and is_worker_for(ctx, caller, job_type)
