"""Who may do what with a human task (seeds 000 to 002).

- admins may do anything;
- the task's owner (the principal that started its process) may act on it and claim it for
  external users;
- the users the current tier offers it to (a CONDUCTOR_USER, members of a CONDUCTOR_GROUP,
  anyone when it is open) may see and claim it;
- its claimant may release, update and complete it;
- users holding READ (see) or UPDATE (see, claim with override, reassign) on the task
  definition act as the definition's managers.
Someone who may not even see a task is told it does not exist.
"""

from __future__ import annotations

from functools import cached_property

from baton.model import human_task as model
from baton.model.errors import Forbidden, InvalidInput, NotFound
from baton.model.human_task import HumanTask, Principal, UserType
from baton.model.identity import Access, Caller, CallerKind, TargetType
from baton.services.context import ServiceContext
from baton.services.identity import holds
from baton.store.human_tasks import HumanTaskRow
from baton.store.identity import grants_for


def as_user(caller: Caller) -> Principal:
    """The Conductor user a caller acts as on human tasks (applications act for external
    users through `/externalUser/{userId}` instead)."""
    if caller.kind is not CallerKind.USER:
        raise InvalidInput(
            "an application claims a human task for someone with /externalUser/{userId}"
        )
    return Principal(UserType.CONDUCTOR_USER, caller.id)


class Standing:
    """The caller's standing on one task; grants on the task definition are read once, and
    only when a question needs them."""

    def __init__(self, ctx: ServiceContext, caller: Caller, row: HumanTaskRow, task: HumanTask):
        self._ctx = ctx
        self._definition = row.definition_name
        self.caller = caller
        self.is_admin = caller.is_admin
        self.is_owner = row.owner is not None and row.owner == caller.principal
        me = Principal(UserType.CONDUCTOR_USER, caller.id)
        self.is_user = caller.kind is CallerKind.USER
        self.offered = self.is_user and model.is_offered_to(task, me, caller.groups)
        self.is_claimant = self.is_user and task.claimant == me

    @cached_property
    def _grants(self) -> list[tuple[str, str, str]]:
        with self._ctx.db.read() as conn:
            return grants_for(conn, TargetType.TASK_DEF, self._definition)

    def _granted(self, access: Access) -> bool:
        return holds(self.caller, self._grants, access)

    @property
    def may_update(self) -> bool:
        return self.is_admin or self.is_owner or self._granted(Access.UPDATE)

    @property
    def may_read(self) -> bool:
        if self.is_admin or self.is_owner or self.offered or self.is_claimant:
            return True
        return self._granted(Access.UPDATE) or self._granted(Access.READ)

    @property
    def may_delete(self) -> bool:
        return self.is_admin or self.is_owner or self._granted(Access.DELETE)

    def require_visible(self, task_id: str) -> None:
        if not self.may_read:
            raise NotFound(f"Human task {task_id} not found")

    def require(self, allowed: bool, what: str) -> None:
        if not allowed:
            raise Forbidden(f"You may not {what} this task")
