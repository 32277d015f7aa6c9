"""The one exception type of the FEEL engine."""

from __future__ import annotations


class FeelError(Exception):
    """A FEEL expression could not be compiled or evaluated.

    `reason` is the bare explanation ("unexpected token ')'"), `expression` the text it is about,
    `position` a 1-based `(line, column)` inside that text when known. `str(error)` joins them
    into one sentence a modeller can act on.
    """

    def __init__(
        self,
        reason: str,
        *,
        expression: str | None = None,
        position: tuple[int, int] | None = None,
    ) -> None:
        self.reason = reason
        self.expression = expression
        self.position = position
        super().__init__(self._render())

    def _render(self) -> str:
        text = self.reason
        if self.position is not None:
            line, column = self.position
            multiline = self.expression is not None and "\n" in self.expression
            text += f" at line {line}, column {column}" if multiline else f" at column {column}"
        if self.expression is not None:
            shown = self.expression if len(self.expression) <= 200 else self.expression[:200] + "…"
            text += f" in `{shown}`"
        return text

    def __str__(self) -> str:
        return self._render()

    def located(
        self, expression: str, position: tuple[int, int] | None = None, *, column_offset: int = 0
    ) -> FeelError:
        """A copy that names `expression` (and a position, if this error has none yet).

        `column_offset` shifts a first-line column, for when `expression` is a longer text (the
        `= …` attribute) than the one the error was found in.
        """
        pos = self.position or position
        if pos is not None and pos[0] == 1:
            pos = (1, pos[1] + column_offset)
        return FeelError(self.reason, expression=expression, position=pos)
