"""The closing table of each bench script: issue 13's targets, measured in the same run.

Speed is judged here, printed, never asserted in tests (a loaded machine is not a bug)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    """One row of the targets table: `at_least` for a rate, else an upper bound (ms)."""

    figure: str
    target: float
    measured: float | None  # None: the run did not happen (e.g. PostgreSQL unreachable)
    at_least: bool
    unit: str

    def row(self) -> tuple[str, str, str, str]:
        sign = ">=" if self.at_least else "<="
        if self.measured is None:
            return self.figure, f"{sign} {self.target:,.0f} {self.unit}", "not run", "-"
        met = self.measured >= self.target if self.at_least else self.measured <= self.target
        return (
            self.figure,
            f"{sign} {self.target:,.0f} {self.unit}",
            f"{self.measured:,.{2 if abs(self.measured) < 10 else 1}f} {self.unit}",
            "met" if met else "NOT MET",
        )


def print_targets(targets: list[Target]) -> None:
    """The closing table every bench script prints: figure, target, measured, met or not."""
    header = ("figure", "target", "measured", "met")
    rows = [header, *(t.row() for t in targets)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    print("-- targets (issue 13)")
    for r in rows:
        print("   " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
