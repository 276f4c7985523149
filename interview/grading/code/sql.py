"""SQL answers on the trusted side: refuse anything but one read-only query, run it on every test's
data set in the sandbox (sqlchild.py), and judge the rows that come back (rows.py).

The static check here gives the one-line reason; SQLite's authorizer in the child is what
actually enforces reading only, so a trick that fools the tokenizer still cannot write.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from interview.bank.models import CodeSpec, TestCase
from interview.grading.code import wire
from interview.grading.code.rows import compare, show_rows
from interview.grading.code.runner import KINDS, TAMPERED, RunResult, conceal, cut, run_calls
from interview.grading.models import TestOutcome

TOKENS = re.compile(r"""
    (?P<space>\s+) | (?P<comment>--[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>'(?:[^']|'')*'?) | (?P<quoted>"(?:[^"]|"")*"?|`[^`]*`?|\[[^\]]*\]?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_$]*) | (?P<semi>;) | (?P<open>\() | (?P<close>\)) | (?P<other>.)
""", re.S | re.X)
WRITES = {"INSERT", "UPDATE", "DELETE", "REPLACE"}
STATEMENT_WORDS = WRITES | {"SELECT", "VALUES"}
OTHER_STATEMENTS = WRITES | {"CREATE", "DROP", "ALTER", "ATTACH", "DETACH", "PRAGMA", "VACUUM", "REINDEX",
                             "ANALYZE", "BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
                             "EXPLAIN", "VALUES"}
EMPTY_STUB = "SELECT {nulls} WHERE 0"  # what `bank check` runs as the empty answer


def trimmed(query: str) -> str:
    """The query without what follows its last token (trailing semicolons and comments), which
    SQLite would otherwise read as a second, empty statement."""
    end = 0
    for match in TOKENS.finditer(query):
        if match.lastgroup not in ("space", "comment", "semi"):
            end = match.end()
    return query[:end]


def _statements(query: str) -> list[list[tuple[str, str]]]:
    """The query's tokens (kind, text) per statement, comments and blanks dropped."""
    statements: list[list[tuple[str, str]]] = [[]]
    for match in TOKENS.finditer(query):
        kind = match.lastgroup or "other"
        if kind == "semi":
            statements.append([])
        elif kind not in ("space", "comment"):
            statements[-1].append((kind, match.group()))
    return [s for s in statements if s]


def _main_verb(tokens: list[tuple[str, str]]) -> str:
    """After `WITH name AS (...), ...`: the first statement word outside parentheses."""
    depth = 0
    for kind, text in tokens[1:]:
        depth += (kind == "open") - (kind == "close")
        if depth == 0 and kind == "word" and text.upper() in STATEMENT_WORDS:
            return text.upper()
    return "SELECT"


def has_order_by(query: str) -> bool:
    """Whether the query orders its result: ORDER BY outside every parenthesis (not in a
    subquery, a CTE or a window, where it guarantees nothing about the rows returned)."""
    depth, previous = 0, ""
    for kind, text in (token for statement in _statements(query) for token in statement):
        depth += (kind == "open") - (kind == "close")
        word = text.upper() if kind == "word" else ""
        if depth == 0 and previous == "ORDER" and word == "BY":
            return True
        previous = word
    return False


def check_query(query: str) -> str | None:
    """None for one SELECT (or WITH … SELECT) query; otherwise a one-line reason naming what was found."""
    statements = _statements(query)
    if not statements:
        return "the answer is empty: write one SELECT query"
    first = [text.upper() if kind == "word" else text for kind, text in (s[0] for s in statements)]
    if len(statements) > 1:
        listed = ", ".join(first[:4]) + (", …" if len(first) > 4 else "")
        return f"found {len(statements)} statements ({listed}); write exactly one SELECT query"
    word = first[0]
    if word == "WITH":
        verb = _main_verb(statements[0])
        return None if verb == "SELECT" else f"found WITH … {verb}: only a query that reads is run"
    if word in OTHER_STATEMENTS:
        return f"found {word}: the answer must be one SELECT query (or WITH … SELECT); nothing else is run"
    return None  # SELECT, or not a statement at all: SQLite's own message says what is wrong


def empty_answer(spec: CodeSpec) -> str:
    """A query with the result's width and no rows: the SQL twin of a `pass` body."""
    width = len(spec.sql.columns) if spec.sql and spec.sql.columns else next(
        (len(t.expected[0]) for t in spec.tests if t.expected), 1)
    return EMPTY_STUB.format(nulls=", ".join(["NULL"] * width))


async def run_sql(spec: CodeSpec, query: str, tests: Sequence[TestCase]) -> RunResult:
    """Judge `query` on `tests`: refused before running if it is not one read-only query."""
    result = RunResult()
    problem = check_query(query)
    if problem is not None:
        result.syntax_error = problem
        return result
    items = [{"tables": {k: [list(r) for r in v] for k, v in (t.tables or {}).items()}, "setup": t.setup}
             for t in tests]
    assert spec.sql is not None
    found = await run_calls(spec, trimmed(query), items, result, mode="sql",
                            extra={"schema": spec.sql.schema_sql})
    unordered = spec.sql.ordered and not has_order_by(query)
    result.outcomes = [judge(spec, test, index, found[index], unordered) for index, test in enumerate(tests)
                       if index in found]
    return result


def _fixture(test: TestCase) -> str:
    """The test's data set as the user needs it to debug: each table's rows, then any setup SQL."""
    tables = [f"{name} ({len(rows)} row{'s' if len(rows) != 1 else ''}): {show_rows(rows, 4)}"
              if rows else f"{name}: no rows" for name, rows in (test.tables or {}).items()]
    setup = [f"then {' '.join(test.setup.split())}"] if test.setup else []
    return cut("; ".join(tables + setup) or "empty tables")


NO_ORDER_BY = ("the right rows, but the question asks for an order and only a top-level ORDER BY "
               "guarantees one (the order SQLite happened to return is not enough)")


def judge(spec: CodeSpec, test: TestCase, index: int, message: dict[str, Any],
          unordered: bool = False) -> TestOutcome:
    """The trusted verdict for one data set, from the plain rows the child reported; `unordered`:
    the question asks for an order the query never requests, so any test of 2+ rows fails."""
    assert spec.sql is not None
    outcome = TestOutcome(name=test.name or f"test {index + 1}", hidden=test.hidden, verdict="passed",
                          input=_fixture(test))
    ms = message.get("ms")
    outcome.duration_ms = float(ms) if isinstance(ms, int | float) else None
    if "kind" in message:
        outcome.verdict = KINDS.get(str(message["kind"]), "error")
        outcome.message = str(message.get("err", ""))[:2000]
    else:
        try:
            columns = [str(c) for c in wire.rebuild(message["cols"])]
            actual = [tuple(row) for row in wire.rebuild(message["rows"])]
        except (KeyError, TypeError, ValueError):
            actual, columns = [], []
            outcome.verdict, outcome.message = "error", TAMPERED
        expected = [tuple(row) for row in test.expected or ()]
        difference = None if outcome.verdict == "error" else compare(
            actual, columns, expected, ordered=spec.sql.ordered, expected_columns=spec.sql.columns,
            rel_tol=spec.sql.rel_tol, abs_tol=spec.sql.abs_tol)
        if difference is None and unordered and len(expected) > 1:
            difference = NO_ORDER_BY
        if difference is not None:
            outcome.verdict, outcome.message = "wrong_answer", cut(difference, 1000)
            outcome.expected, outcome.actual = cut(show_rows(expected)), cut(show_rows(actual))
    return conceal(outcome)
