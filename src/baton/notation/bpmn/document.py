"""Safe BPMN XML reading: size limit, no DTDs, no entities, no external references."""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from baton.model.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
# deepest element nesting read; a deeper tree is refused while parsing, before it is built
# (walking or even freeing a very deep tree exhausts the stack)
MAX_DEPTH = 256

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
ZEEBE = "http://camunda.org/schema/zeebe/1.0"
CAMUNDA = "http://camunda.org/schema/1.0/bpmn"


def parse(data: bytes, filename: str) -> Element:
    """The `bpmn:definitions` root of `data`; every refusal is `InvalidInput` naming the file."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            f"{filename}: the file is {len(data)} bytes; BPMN files are limited to "
            f"{MAX_BYTES // (1024 * 1024)} MB"
        )
    try:
        parser = DefusedXMLParser(
            target=_DepthLimitedBuilder(),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
        parser.feed(data)
        root: Element = parser.close()
    except _TooDeep:
        raise InvalidInput(
            f"{filename}: elements are nested more than {MAX_DEPTH} levels deep"
        ) from None
    except DefusedXmlException as exc:
        raise InvalidInput(
            f"{filename}: the XML uses a DTD, entities or external references, which are "
            f"refused ({type(exc).__name__})"
        ) from exc
    except ParseError as exc:
        raise InvalidInput(f"{filename}: not well-formed XML: {exc}") from exc
    except ValueError as exc:  # e.g. an unsupported encoding declaration
        raise InvalidInput(f"{filename}: cannot read the XML: {exc}") from exc
    if root.tag != q(BPMN, "definitions"):
        raise InvalidInput(f"{filename}: not a BPMN 2.0 file (root element {local(root.tag)!r})")
    return root


class _TooDeep(Exception):
    pass


class _DepthLimitedBuilder(TreeBuilder):
    def __init__(self) -> None:
        super().__init__()
        self._depth = 0

    def start(self, tag: Any, attrs: Any) -> Element:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _TooDeep
        return super().start(tag, attrs)

    def end(self, tag: Any) -> Element:
        self._depth -= 1
        return super().end(tag)


def q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def children(el: Element, ns: str, name: str) -> list[Element]:
    return el.findall(q(ns, name))


def child(el: Element, ns: str, name: str) -> Element | None:
    return el.find(q(ns, name))


def extensions(el: Element) -> list[Element]:
    """The children of `el`'s `bpmn:extensionElements`."""
    ext = child(el, BPMN, "extensionElements")
    return list(ext) if ext is not None else []


def zeebe(el: Element, name: str) -> Element | None:
    for item in extensions(el):
        if item.tag == q(ZEEBE, name):
            return item
    return None


def camunda_attr(el: Element, name: str) -> str | None:
    return el.get(q(CAMUNDA, name))
