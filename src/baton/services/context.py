"""What every service call needs: the database, the clock, settings and the token issuer."""

from __future__ import annotations

from dataclasses import dataclass

from baton.clock import Clock, epoch_ms
from baton.services.tokens import TokenIssuer
from baton.settings import Settings
from baton.store.db import Database


@dataclass
class ServiceContext:
    db: Database
    clock: Clock
    settings: Settings
    tokens: TokenIssuer

    def now_ms(self) -> int:
        return epoch_ms(self.clock.now())
