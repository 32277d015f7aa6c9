from __future__ import annotations

from baton.engine.nodes.base import WaitingActivity


class EventGateway(WaitingActivity):
    """An event-based gateway: waits IN_PROGRESS with the events that follow it armed as its
    interrupting boundaries (timers, messages, signals); the first to occur cancels it and
    the token goes on from that event. (The BPMN compiler lowers it so.)"""
