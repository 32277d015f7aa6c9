"""Near-valid JSON bodies: a valid body with one value replaced, one key dropped or one key
added, nested anywhere. Free-form bodies (`dict[str, Any]` in the OpenAPI document) give
schemathesis nothing to aim at; these reach the checks inside the operations."""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as st

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63) + 1, max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


def mutations(value: Any) -> st.SearchStrategy[Any]:
    """`value` itself, or `value` changed in one place."""
    options: list[st.SearchStrategy[Any]] = [st.just(value), JSON]
    if isinstance(value, dict) and value:
        keys = sorted(value)
        options.append(
            st.sampled_from(keys).flatmap(
                lambda key: mutations(value[key]).map(lambda new: {**value, key: new})
            )
        )
        options.append(
            st.sampled_from(keys).map(lambda key: {k: v for k, v in value.items() if k != key})
        )
        options.append(st.tuples(st.text(max_size=8), JSON).map(lambda kv: {**value, kv[0]: kv[1]}))
    if isinstance(value, list) and value:
        options.append(
            st.integers(0, len(value) - 1).flatmap(
                lambda i: mutations(value[i]).map(lambda new: [*value[:i], new, *value[i + 1 :]])
            )
        )
        options.append(st.just([]))
        options.append(st.just(value * 3))
    return st.one_of(options)


_ATTRIBUTE = re.compile(r'="([^"]*)"')
_BOUNDARY = "fuzz-boundary-7d1f"
ATTRIBUTE_VALUES = st.one_of(
    st.text(max_size=12).map(escape),
    st.text(alphabet="=+-*/()[]{}<>.,:; \"'abcxyz0123456789", max_size=16).map(escape),
    st.sampled_from(["", "=", "=x", "=a +", "=[1,2]", "PT5M", "P-1D", "0", "-1", "99999999999"]),
)


def bpmn_mutations(xml: str) -> st.SearchStrategy[str]:
    """`xml` itself, or with one attribute value (an id, a reference, a FEEL expression, a
    duration) replaced, or with one line (one element) left out."""
    spans = [match.span(1) for match in _ATTRIBUTE.finditer(xml)]
    lines = xml.splitlines(keepends=True)

    def replace(pair: tuple[tuple[int, int], str]) -> str:
        (start, end), new = pair
        return xml[:start] + new + xml[end:]

    return st.one_of(
        st.just(xml),
        st.tuples(st.sampled_from(spans), ATTRIBUTE_VALUES).map(replace),
        st.integers(0, len(lines) - 1).map(lambda i: "".join(lines[:i] + lines[i + 1 :])),
    )


def multipart_file(field: str, filename: str, content: str) -> tuple[bytes, str]:
    """A multipart/form-data body with one file part: (body, Content-Type)."""
    body = (
        f"--{_BOUNDARY}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/xml\r\n\r\n"
        f"{content}\r\n--{_BOUNDARY}--\r\n"
    )
    return body.encode("utf-8", "surrogatepass"), f"multipart/form-data; boundary={_BOUNDARY}"
