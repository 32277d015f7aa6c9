"""Values that hold expressions: a JSON `Template` and a single `Expression`, each tagged with
its language. The engine compiles each once and memoizes the compiled form on the object
(`memo`), never in the serialized dict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Template:
    """A JSON value whose strings may hold expressions in `language`, resolved at run time."""

    language: str
    value: Any
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"language": self.language, "value": self.value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Template:
        return cls(str(data["language"]), data.get("value"))


@dataclass(frozen=True, slots=True)
class Expression:
    """One expression in `language` (a condition, a selector, a loop test)."""

    language: str
    source: str
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {"language": self.language, "source": self.source}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Expression:
        return cls(str(data["language"]), str(data["source"]))
