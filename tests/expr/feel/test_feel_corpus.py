"""Every FEEL value in the shared BPMN corpus must compile.

FEEL values are attribute values starting with `=`, zeebe:input/output `source` attributes and
element bodies (sequence-flow conditions, timers) starting with `=`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from baton.expr.feel import FeelError, compile_value

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
CORPUS = SHARED / "bpmn-corpus"
ZEEBE = "{http://camunda.org/schema/zeebe/1.0}"
FILES = sorted(CORPUS.rglob("*.bpmn")) if CORPUS.is_dir() else []


def feel_values(path: Path) -> list[tuple[str, str]]:
    """(where, value) for each FEEL value in one BPMN file."""
    found: list[tuple[str, str]] = []
    for element in ET.parse(path).iter():
        tag = element.tag.split("}")[-1]
        for name, value in element.attrib.items():
            is_source = name == "source" and element.tag in (f"{ZEEBE}input", f"{ZEEBE}output")
            if value.lstrip().startswith("=") or is_source:
                found.append((f"{tag}@{name}", value))
        text = (element.text or "").strip()
        if text.startswith("="):
            found.append((f"{tag} body", text))
    return found


def test_corpus_is_present() -> None:
    if not FILES:
        pytest.skip(f"BPMN corpus not found at {CORPUS} (the shared folder beside the repo)")
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_feel_value_compiles(path: Path) -> None:
    failures = []
    for where, value in feel_values(path):
        try:
            compile_value(value)
        except FeelError as error:
            failures.append(f"{where}: {error}")
    assert not failures, "\n".join(failures)


def test_corpus_has_feel_values() -> None:
    if not FILES:
        pytest.skip("BPMN corpus not found")
    values = [value for path in FILES for _, value in feel_values(path)]
    assert sum(1 for v in values if v.lstrip().startswith("=")) >= 40
