"""Parser for the small JavaScript subset Conductor definitions use in conditions.

Accepted: literals (numbers, strings, true/false/null/undefined, arrays), `$` paths with `.name`
and `[expr]`, `! - + typeof`, `* / % + -`, comparisons, `== != === !==`, `&& ||`, `?:`,
parentheses, statements `if (...) {...} else {...}`, `var/let/const x = ...;`, `return`, and an
immediately invoked `(function () { ... })()`. Calls are limited to `Math.*`, a few globals
(`parseInt`, `Number`, ...) and a few string/array methods. No assignment, loops, `new`, or
function values: every program terminates quickly. Anything else is a `JsSyntaxError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SOURCE = 10_000
MAX_DEPTH = 64

MATH_FUNCTIONS = frozenset(
    {"abs", "ceil", "floor", "round", "max", "min", "pow", "sqrt", "trunc", "sign"}
)
GLOBAL_FUNCTIONS = frozenset({"parseInt", "parseFloat", "Number", "String", "Boolean", "isNaN"})
METHODS = frozenset(
    {
        "includes",
        "indexOf",
        "startsWith",
        "endsWith",
        "toLowerCase",
        "toUpperCase",
        "trim",
        "join",
        "toString",
    }
)
GLOBAL_VALUES = frozenset({"NaN", "Infinity", "Math"})
UNSUPPORTED_WORDS = frozenset(
    {"while", "for", "do", "new", "this", "class", "switch", "try", "throw", "delete", "in"}
    | {"instanceof", "void", "with", "yield", "await", "async", "eval", "import", "export"}
)
KEYWORDS = frozenset(
    {"if", "else", "return", "var", "let", "const", "function", "typeof"}
    | {"true", "false", "null", "undefined"}
)


class JsSyntaxError(ValueError):
    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} (at position {position})")
        self.reason = message
        self.position = position


# ---- AST -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lit:
    value: object


@dataclass(frozen=True, slots=True)
class Ident:
    name: str


@dataclass(frozen=True, slots=True)
class ArrayLit:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Member:
    obj: Expr
    prop: Expr  # a Lit(str) for `.name`


@dataclass(frozen=True, slots=True)
class Call:
    callee: Expr
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Unary:
    op: str
    arg: Expr


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Cond:
    test: Expr
    then: Expr
    other: Expr


@dataclass(frozen=True, slots=True)
class Func:
    body: tuple[Stmt, ...]


Expr = Lit | Ident | ArrayLit | Member | Call | Unary | Binary | Cond | Func


@dataclass(frozen=True, slots=True)
class ExprStmt:
    expr: Expr


@dataclass(frozen=True, slots=True)
class If:
    test: Expr
    then: Stmt
    other: Stmt | None


@dataclass(frozen=True, slots=True)
class Block:
    body: tuple[Stmt, ...]


@dataclass(frozen=True, slots=True)
class Return:
    value: Expr | None


@dataclass(frozen=True, slots=True)
class VarDecl:
    name: str
    init: Expr | None


Stmt = ExprStmt | If | Block | Return | VarDecl


@dataclass(frozen=True, slots=True)
class Program:
    body: tuple[Stmt, ...]
    source: str
    dollar_names: frozenset[str]  # first names after `$` (`$.x`, `$['x']`), for validation


# ---- tokens ----------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|//[^\n]*|/\*.*?\*/)
  | (?P<num>(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<str>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<op>===|!==|==|!=|<=|>=|&&|\|\||\+\+|--|[-+*/%<>!?:.,;()\[\]{}=])
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str  # num, str, name, op, end
    text: str
    pos: int
    value: object = None


def tokenize(source: str) -> list[Tok]:
    tokens: list[Tok] = []
    pos = 0
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None:
            raise JsSyntaxError(f"unexpected character {source[pos]!r}", pos)
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "num":
            number = float(text)
            integral = number.is_integer() and "e" not in text.lower()
            value: object = int(number) if integral else number
            tokens.append(Tok("num", text, pos, value))
        elif kind == "str":
            tokens.append(Tok("str", text, pos, _unquote(text[1:-1], pos)))
        elif kind in ("name", "op"):
            if text in ("++", "--"):
                raise JsSyntaxError(f"'{text}' is not supported", pos)
            tokens.append(Tok(kind, text, pos))
        pos = match.end()
    tokens.append(Tok("end", "", len(source)))
    return tokens


def _unquote(body: str, pos: int) -> str:
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u":
            code = body[i + 2 : i + 6]
            if len(code) != 4 or not all(c in "0123456789abcdefABCDEF" for c in code):
                raise JsSyntaxError("bad \\u escape", pos + i)
            out.append(chr(int(code, 16)))
            i += 6
            continue
        out.append(_ESCAPES.get(nxt, nxt))
        i += 2
    return "".join(out)


# ---- parser ----------------------------------------------------------------------------------

_BINARY_PRECEDENCE = {
    "||": 1,
    "&&": 2,
    "==": 3,
    "!=": 3,
    "===": 3,
    "!==": 3,
    "<": 4,
    "<=": 4,
    ">": 4,
    ">=": 4,
    "+": 5,
    "-": 5,
    "*": 6,
    "/": 6,
    "%": 6,
}


def parse_program(source: str) -> Program:
    if len(source) > MAX_SOURCE:
        raise JsSyntaxError(f"script longer than {MAX_SOURCE} characters", 0)
    parser = _Parser(tokenize(source))
    body = parser.statements(until="end")
    program = Program(tuple(body), source, frozenset(parser.dollar_names))
    _Checker(parser.declared).program(program)
    return program


def parse_expression(source: str) -> Program:
    """A program that must be a single expression (SWITCH `expression`, value tests)."""
    program = parse_program(source)
    if len(program.body) != 1 or not isinstance(program.body[0], ExprStmt):
        raise JsSyntaxError("expected a single expression", 0)
    return program


class _Parser:
    def __init__(self, tokens: list[Tok]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.declared: set[str] = set()
        self.dollar_names: set[str] = set()

    @property
    def tok(self) -> Tok:
        return self.tokens[self.i]

    def at(self, text: str) -> bool:
        tok = self.tok
        return tok.kind in ("op", "name") and tok.text == text

    def take(self, text: str) -> Tok:
        tok = self.tok
        if not self.at(text):
            found = tok.text or "end of script"
            raise JsSyntaxError(f"expected '{text}' but found '{found}'", tok.pos)
        self.i += 1
        return tok

    def skip(self, text: str) -> bool:
        if self.at(text):
            self.i += 1
            return True
        return False

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise JsSyntaxError("script nested too deeply", self.tok.pos)

    # statements
    def statements(self, until: str) -> list[Stmt]:
        body: list[Stmt] = []
        while not (self.tok.kind == "end" if until == "end" else self.at(until)):
            if self.tok.kind == "end":
                raise JsSyntaxError(f"expected '{until}' before end of script", self.tok.pos)
            stmt = self.statement()
            if stmt is not None:
                body.append(stmt)
        return body

    def statement(self) -> Stmt | None:
        self.enter()
        try:
            if self.skip(";"):
                return None
            if self.at("{"):
                self.i += 1
                body = self.statements(until="}")
                self.take("}")
                return Block(tuple(body))
            if self.skip("if"):
                self.take("(")
                test = self.expression()
                self.take(")")
                then = self.statement() or Block(())
                other = (self.statement() or Block(())) if self.skip("else") else None
                return If(test, then, other)
            if self.skip("return"):
                value = None if self.at(";") or self.at("}") else self.expression()
                self.skip(";")
                return Return(value)
            if self.tok.text in ("var", "let", "const") and self.tok.kind == "name":
                self.i += 1
                name_tok = self.tok
                if name_tok.kind != "name" or name_tok.text in KEYWORDS or name_tok.text == "$":
                    raise JsSyntaxError("expected a variable name", name_tok.pos)
                self.i += 1
                self.declared.add(name_tok.text)
                init = self.expression() if self.skip("=") else None
                self.skip(";")
                return VarDecl(name_tok.text, init)
            expr = self.expression()
            if self.at("="):
                raise JsSyntaxError("assignment is not supported", self.tok.pos)
            if not (self.skip(";") or self.at("}") or self.tok.kind == "end"):
                raise JsSyntaxError(f"unexpected '{self.tok.text}'", self.tok.pos)
            return ExprStmt(expr)
        finally:
            self.depth -= 1

    # expressions
    def expression(self) -> Expr:
        self.enter()
        try:
            test = self.binary(1)
            if self.skip("?"):
                then = self.expression()
                self.take(":")
                other = self.expression()
                return Cond(test, then, other)
            return test
        finally:
            self.depth -= 1

    def binary(self, min_prec: int) -> Expr:
        left = self.unary()
        while True:
            tok = self.tok
            prec = _BINARY_PRECEDENCE.get(tok.text) if tok.kind == "op" else None
            if prec is None or prec < min_prec:
                return left
            self.i += 1
            right = self.binary(prec + 1)
            left = Binary(tok.text, left, right)

    def unary(self) -> Expr:
        tok = self.tok
        if tok.kind == "op" and tok.text in ("!", "-", "+"):
            self.i += 1
            self.enter()
            try:
                return Unary(tok.text, self.unary())
            finally:
                self.depth -= 1
        if tok.kind == "name" and tok.text == "typeof":
            self.i += 1
            return Unary("typeof", self.unary())
        return self.postfix(self.primary())

    def postfix(self, expr: Expr) -> Expr:
        while True:
            if self.skip("."):
                tok = self.tok
                if tok.kind != "name":
                    raise JsSyntaxError("expected a property name after '.'", tok.pos)
                self.i += 1
                expr = self._member(expr, Lit(tok.text))
            elif self.skip("["):
                prop = self.expression()
                self.take("]")
                expr = self._member(expr, prop)
            elif self.at("("):
                self.i += 1
                args: list[Expr] = []
                if not self.at(")"):
                    args.append(self.expression())
                    while self.skip(","):
                        args.append(self.expression())
                self.take(")")
                expr = Call(expr, tuple(args))
            else:
                return expr

    def _member(self, obj: Expr, prop: Expr) -> Member:
        if isinstance(obj, Ident) and obj.name == "$" and isinstance(prop, Lit):
            self.dollar_names.add(str(prop.value))
        return Member(obj, prop)

    def primary(self) -> Expr:
        tok = self.tok
        self.i += 1
        if tok.kind in ("num", "str"):
            return Lit(tok.value)
        if tok.kind == "name":
            if tok.text == "true":
                return Lit(True)
            if tok.text == "false":
                return Lit(False)
            if tok.text == "null":
                return Lit(None)
            if tok.text == "undefined":
                return Ident("undefined")
            if tok.text == "function":
                self.take("(")
                self.take(")")
                self.take("{")
                body = self.statements(until="}")
                self.take("}")
                return Func(tuple(body))
            if tok.text in KEYWORDS:
                raise JsSyntaxError(f"unexpected '{tok.text}'", tok.pos)
            if tok.text in UNSUPPORTED_WORDS:
                raise JsSyntaxError(f"'{tok.text}' is not supported", tok.pos)
            return Ident(tok.text)
        if tok.text == "(":
            expr = self.expression()
            self.take(")")
            return expr
        if tok.text == "[":
            items: list[Expr] = []
            if not self.at("]"):
                items.append(self.expression())
                while self.skip(","):
                    items.append(self.expression())
            self.take("]")
            return ArrayLit(tuple(items))
        found = tok.text or "end of script"
        raise JsSyntaxError(f"unexpected '{found}'", tok.pos)


class _Checker:
    """Refuses names and calls outside the subset, so evaluation never meets them."""

    def __init__(self, declared: set[str]) -> None:
        self.declared = declared

    def program(self, program: Program) -> None:
        for stmt in program.body:
            self.stmt(stmt)

    def stmt(self, stmt: Stmt) -> None:
        if isinstance(stmt, ExprStmt):
            self.expr(stmt.expr)
        elif isinstance(stmt, If):
            self.expr(stmt.test)
            self.stmt(stmt.then)
            if stmt.other is not None:
                self.stmt(stmt.other)
        elif isinstance(stmt, Block):
            for inner in stmt.body:
                self.stmt(inner)
        elif isinstance(stmt, Return):
            if stmt.value is not None:
                self.expr(stmt.value)
        elif stmt.init is not None:
            self.expr(stmt.init)

    def expr(self, expr: Expr) -> None:
        if isinstance(expr, Ident):
            if expr.name == "Math":
                raise JsSyntaxError("Math can only be used as Math.<function>(...)", 0)
            allowed = {"$", "undefined"} | GLOBAL_VALUES | self.declared
            if expr.name not in allowed:
                raise JsSyntaxError(f"unknown name '{expr.name}'", 0)
        elif isinstance(expr, ArrayLit):
            for item in expr.items:
                self.expr(item)
        elif isinstance(expr, Member):
            self.expr(expr.obj)
            self.expr(expr.prop)
        elif isinstance(expr, Call):
            self.call(expr)
        elif isinstance(expr, Unary):
            self.expr(expr.arg)
        elif isinstance(expr, Binary):
            self.expr(expr.left)
            self.expr(expr.right)
        elif isinstance(expr, Cond):
            self.expr(expr.test)
            self.expr(expr.then)
            self.expr(expr.other)
        elif isinstance(expr, Func):
            raise JsSyntaxError("a function must be called where it is written", 0)

    def call(self, call: Call) -> None:
        for arg in call.args:
            self.expr(arg)
        callee = call.callee
        if isinstance(callee, Func):
            if call.args:
                raise JsSyntaxError("an inline function takes no arguments", 0)
            for stmt in callee.body:
                self.stmt(stmt)
            return
        if isinstance(callee, Ident):
            if callee.name not in GLOBAL_FUNCTIONS:
                raise JsSyntaxError(f"calling '{callee.name}' is not supported", 0)
            return
        if isinstance(callee, Member) and isinstance(callee.prop, Lit):
            name = str(callee.prop.value)
            if isinstance(callee.obj, Ident) and callee.obj.name == "Math":
                if name not in MATH_FUNCTIONS:
                    raise JsSyntaxError(f"Math.{name} is not supported", 0)
                return
            if name not in METHODS:
                raise JsSyntaxError(f"method '{name}' is not supported", 0)
            self.expr(callee.obj)
            return
        raise JsSyntaxError("only Math functions, a few globals and methods can be called", 0)
