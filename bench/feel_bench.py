"""Micro-benchmark of compiled FEEL expressions: `python bench/feel_bench.py`.

Prints evaluations per second for typical zeebe attribute expressions (target: ≥ 100,000/s
each on a developer machine) and the cost of compiling (parsing) an expression uncached.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from baton.expr.feel import compile
from baton.expr.feel.expression import compile as cached_compile

CASES: list[tuple[str, dict[str, Any]]] = [
    ('if vip then "managers" else remove(reviewers, 1)', {"vip": False, "reviewers": ["a", "b"]}),
    ('now() + duration("P2D")', {}),
    ('amount > 100 and region = "EU"', {"amount": 150, "region": "EU"}),
    ("request.owner", {"request": {"owner": "alice"}}),
    ("if vip then 80 else 50", {"vip": True}),
    ('"audit-" + region', {"region": "EU"}),
    ("count(orders[total > 100])", {"orders": [{"total": t} for t in (50, 150, 250)]}),
]


def _rate(expression_text: str, variables: dict[str, Any], seconds: float = 0.5) -> float:
    expression = compile(expression_text)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    evaluate = expression.evaluate
    count = 0
    batch = 2_000
    start = time.perf_counter()
    while True:
        for _ in range(batch):
            evaluate(variables, now)
        count += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def _compile_rate(texts: list[str], rounds: int = 20) -> float:
    start = time.perf_counter()
    for index in range(rounds):
        for text in texts:
            cached_compile.__wrapped__(text + " " * (index + 1))
    return rounds * len(texts) / (time.perf_counter() - start)


def main() -> None:
    print(f"Python {sys.version.split()[0]}")
    print(f"{'evaluations/s':>14}  expression")
    for text, variables in CASES:
        print(f"{_rate(text, variables):>14,.0f}  = {text}")
    texts = [text for text, _ in CASES]
    print(f"{_compile_rate(texts):>14,.0f}  compilations/s (parse + compile, cache bypassed)")


if __name__ == "__main__":
    main()
