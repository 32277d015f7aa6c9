"""Near-valid JSON bodies: a valid body with one value replaced, one key dropped or one key
added, nested anywhere. Free-form bodies (`dict[str, Any]` in the OpenAPI document) give
schemathesis nothing to aim at; these reach the checks inside the operations."""

from __future__ import annotations

from typing import Any

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
