from __future__ import annotations

from baton.engine.nodes.base import WaitingActivity


class ServerAction(WaitingActivity):
    """Waits IN_PROGRESS while the server acts on other instances as its input says (start
    one, terminate some: `baton.services.workflow_tasks`), in the same transaction; the
    service then completes it with the result, or fails it for good with the reason."""
