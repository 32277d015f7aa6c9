"""The one regex engine for user patterns: RE2 behind flavour translation and clear refusals."""

from __future__ import annotations

import pytest

from baton.expr import safe_regex
from baton.expr.safe_regex import RegexError


def found(pattern: str, text: str, flavour: safe_regex.Flavour = "ecma", flags: str = "") -> bool:
    return safe_regex.compile(pattern, flavour, flags).search(text) is not None


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        (r"^(\w+\s?)*$", "a" * 29 + "!", False),
        (r"^(\w+\s?)*$", "hello big world", True),
        (r"^[a-z]*[a-z]*[a-z]*[a-z]*@x$", "a" * 215, False),
        (r"(a+)+$", "a" * 5_000 + "!", False),
        (r"^(a|aa)*$", "a" * 5_000, True),
    ],
)
def test_backtracking_patterns_are_answered(pattern: str, text: str, expected: bool) -> None:
    assert found(pattern, text) is expected


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1", "backreference"),
        (r"(?<n>a)\k<n>", "backreference"),
        (r"a(?=b)", "lookaround"),
        (r"a(?!b)", "lookaround"),
        (r"(?<=a)b", "lookaround"),
        (r"(?<!a)b", "lookaround"),
        ("a" * 1_001, "longer than 1000 characters"),
    ],
)
def test_constructs_beyond_linear_time_are_refused_by_name(pattern: str, reason: str) -> None:
    for flavour in ("xpath", "ecma"):
        with pytest.raises(RegexError, match=reason) as refused:
            safe_regex.compile(pattern, flavour)
        assert refused.value.unsupported
        assert refused.value.pattern == pattern
    message = safe_regex.check(pattern, "ecma")
    assert message is not None and message.startswith("cannot be used: `") and reason in message


@pytest.mark.parametrize("pattern", ["(", "[a", "a{3,2}", "\\", "a**", "x{1001}", "\\p{Nope}"])
def test_malformed_patterns_say_so(pattern: str) -> None:
    with pytest.raises(RegexError) as refused:
        safe_regex.compile(pattern, "ecma")
    assert not refused.value.unsupported
    assert str(refused.value).startswith(f"regular expression `{pattern}` is not valid: ")
    assert (safe_regex.check(pattern, "ecma") or "").startswith(
        f"is not a valid regular expression: `{pattern}`: "
    )


def test_lookaround_text_inside_a_class_is_plain_characters() -> None:
    assert found(r"[(?=]", "=")
    assert found(r"[]a]", "]")
    assert found(r"[^]a]", "b") and not found(r"[^]a]", "]")


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"^\u00e9$", "é"),
        (r"^\u{1F600}$", "\U0001f600"),
        (r"^\cJ$", "\n"),
        (r"^a\0b$", "a\x00b"),
        (r"^a\/b$", "a/b"),
        (r"^(?<year>\d{4})-\d\d$", "2024-01"),
    ],
)
def test_javascript_escapes_are_translated(pattern: str, text: str) -> None:
    assert found(pattern, text)


def test_classes_are_ascii_as_in_java_and_javascript() -> None:
    assert found(r"^\d+$", "123") and not found(r"^\d+$", "١٢٣")
    assert found(r"^\w+$", "abc_9") and not found(r"^\w+$", "é")


def test_xpath_flags() -> None:
    assert found("^A", "abc", "xpath", "i")
    assert not found("^A", "abc", "xpath")
    assert found("a.b", "a\nb", "xpath", "s") and not found("a.b", "a\nb", "xpath")
    assert found("^b$", "a\nb", "xpath", "m") and not found("^b$", "a\nb", "xpath")
    assert found("a.c", "a.c", "xpath", "q") and not found("a.c", "abc", "xpath", "q")
    assert found("(a)\\1", "(a)\\1", "xpath", "q")  # a literal: no backreference
    assert found("a b [ ]c", "ab c", "xpath", "x")
    with pytest.raises(RegexError, match="unknown flag `z`"):
        safe_regex.compile("a", "xpath", "z")
    with pytest.raises(RegexError, match="unknown flag `i`"):
        safe_regex.compile("a", "ecma", "i")


def test_dollar_is_the_end_of_the_text() -> None:
    assert not found("^a$", "a\n")
    assert safe_regex.compile("^ab$", "ecma").fullmatch("ab") is not None


def test_search_sub_and_finditer_work_on_characters_not_bytes() -> None:
    regex = safe_regex.compile("é+", "xpath")
    assert [(m.start(), m.end()) for m in regex.finditer("aéébé")] == [(1, 3), (4, 5)]
    assert regex.sub(lambda m: "<" + (m.group(0) or "") + ">", "aéébé") == "a<éé>b<é>"


def test_compiled_patterns_are_cached() -> None:
    assert safe_regex.compile("a+b", "ecma") is safe_regex.compile("a+b", "ecma")
