"""Refusals while compiling a BPMN file: every message names the file and the element."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from baton.expr.feel import FeelError, compile_value
from baton.model.errors import FieldError, InvalidInput
from baton.notation.bpmn.document import BPMN, local, namespace

UNSUPPORTED = "is not supported"


class Refusals:
    """Collects every problem of one file; `raise_if_any` turns them into one `InvalidInput`."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.errors: list[FieldError] = []

    def element(self, el: Element, message: str) -> None:
        """`<file>: element '<id>' (<type>) <message>`."""
        self.errors.append(
            FieldError(el.get("id") or "", f"{self.filename}: {describe(el)} {message}")
        )

    def unsupported(self, el: Element, kind: str | None = None, detail: str = "") -> None:
        label = kind or element_type(el)
        more = f" ({detail})" if detail else ""
        self.errors.append(
            FieldError(
                el.get("id") or "",
                f"{self.filename}: element '{el.get('id') or '?'}' ({label}) {UNSUPPORTED}{more}",
            )
        )

    def unsupported_part(self, el: Element, what: str, hint: str = "") -> None:
        """`<file>: element '<id>' (<type>): <what> is not supported[ (<hint>)]`."""
        more = f" ({hint})" if hint else ""
        self.errors.append(
            FieldError(
                el.get("id") or "",
                f"{self.filename}: {describe(el)}: {what} {UNSUPPORTED}{more}",
            )
        )

    def feel(self, el: Element, attribute: str, value: str) -> bool:
        """Check a zeebe value (static, or FEEL after `=`) compiles; False if it does not."""
        try:
            compile_value(value)
        except FeelError as exc:
            self.element(el, f"attribute '{attribute}': invalid FEEL expression: {exc}")
            return False
        return True

    def raise_if_any(self) -> None:
        if not self.errors:
            return
        first = self.errors[0]
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        raise InvalidInput(
            f"{first.message}{more}",
            details={"validationErrors": [e.to_dict() for e in self.errors]},
            errors=list(self.errors),
        )


def describe(el: Element) -> str:
    return f"element '{el.get('id') or '?'}' ({element_type(el)})"


_EVENTS = {"startEvent", "endEvent", "boundaryEvent", "intermediateCatchEvent"}


def element_type(el: Element) -> str:
    """The BPMN type a modeller sees: `messageStartEvent`, `timerBoundaryEvent`, `userTask`."""
    name = local(el.tag)
    if namespace(el.tag) != BPMN:
        return f"{namespace(el.tag) or 'no namespace'}:{name}"
    if name in _EVENTS or name == "intermediateThrowEvent":
        for item in el:
            kind = local(item.tag)
            if namespace(item.tag) == BPMN and kind.endswith("EventDefinition"):
                prefix = kind.removesuffix("EventDefinition")
                return prefix + name[0].upper() + name[1:]
    if name == "subProcess" and el.get("triggeredByEvent") == "true":
        return "eventSubProcess"
    return name
