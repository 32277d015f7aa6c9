"""What every service call needs: the database, the clock, settings, tokens, the engine,
the compiled-definition cache, queue wake-ups and (when running) the scheduler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from baton.clock import Clock, epoch_ms
from baton.engine.budget import EngineLimits
from baton.engine.executor import Engine
from baton.metrics import Metrics
from baton.services.auth_cache import AuthCache
from baton.services.definitions import DefinitionCache
from baton.services.login_guard import LoginGuard
from baton.services.signals import QueueSignals
from baton.services.tokens import TokenIssuer
from baton.settings import Settings
from baton.store.db import Database

if TYPE_CHECKING:
    from baton.services.scheduler import Scheduler


@dataclass
class ServiceContext:
    db: Database
    clock: Clock
    settings: Settings
    tokens: TokenIssuer
    engine: Engine = field(default_factory=Engine)
    definitions: DefinitionCache = field(default_factory=DefinitionCache)
    queues: QueueSignals = field(default_factory=QueueSignals)
    scheduler: Scheduler | None = None
    # Called with (ctx, conn, CommandResult, actor) after every engine command, in its
    # transaction: services that keep rows of their own in step (human tasks) register here.
    engine_hooks: list[Callable[..., Any]] = field(default_factory=list)
    # Delivers a Conductor EVENT task's event to Baton's event handlers, in the publishing
    # command's transaction: (ctx, conn, event, payload, publisher=instance id) -> anything.
    # None: no event handlers here (EVENT tasks then fail with that reason).
    event_publisher: Callable[..., Any] | None = None
    # failed-login throttle and Argon2 concurrency bound, built from the settings
    logins: LoginGuard = field(init=False)
    # callers of recently seen tokens; emptied by every committed identity change here
    auth_cache: AuthCache = field(init=False)
    # this process's Prometheus metrics (`GET /metrics`)
    metrics: Metrics = field(init=False)

    def __post_init__(self) -> None:
        self.logins = LoginGuard(self.settings, self.clock)
        self.auth_cache = AuthCache(self.clock, self.settings.auth_cache_seconds)
        self.db.on_commit(self.auth_cache.on_commit)
        self.metrics = Metrics(self.db, self.now_ms)
        self.db.commit_observer = self.metrics.commit_seconds.observe

    def now_ms(self) -> int:
        return epoch_ms(self.clock.now())


def engine_for(settings: Settings) -> Engine:
    """The engine with the per-command limits `settings` ask for."""
    return Engine(
        limits=EngineLimits(
            max_activations=settings.max_activations_per_command,
            max_loop_iterations=settings.max_loop_iterations,
            max_output_bytes=settings.max_output_bytes_per_command,
        )
    )
