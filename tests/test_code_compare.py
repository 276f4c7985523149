"""Comparators as data, unit-tested in-process and end to end (class sessions, in-place mutation)."""

from __future__ import annotations

import json
import math

import pytest

from interview.grading.code import grade_code
from interview.grading.code.comparators import explain, matches
from interview.grading.code.runner import judge
from interview.grading.code.wire import encode
from interview.grading.models import TestOutcome
from tests.test_code_runner import question


@pytest.mark.parametrize(("actual", "expected", "compare", "ok"), [
    ([0, 1], [0, 1], "exact", True),
    ((0, 1), [0, 1], "exact", True),
    ([1, 0], [0, 1], "exact", False),
    (1, True, "exact", False),
    (True, True, "exact", True),
    ({"a": [1, 2]}, {"a": (1, 2)}, "exact", True),
    (None, None, "exact", True),
    ([0.1 + 0.2], [0.3], "exact", False),
    ([0.1 + 0.2], [0.3], "float", True),
    ([1.0, math.nan], [1.0, math.nan], "float", True),
    ([1.001], [1.0], "float", False),
    ([3, 1, 2, 1], [1, 1, 2, 3], "unordered", True),
    ([3, 1, 2], [1, 1, 2, 3], "unordered", False),
    ([[2, 1], [3]], [[1, 2], [3]], "unordered", False),
    ([[3], ["tea", "eat"]], [["eat", "tea"], [3]], "multiset", True),
    ([["eat"], ["eat"]], [["eat"]], "multiset", False),
    ([1, 1, 2], [2, 1], "set", True),
    ({1, 2}, [2, 1], "set", True),
    ([1, 3], [2, 1], "set", False),
    ([1, 0], [[0, 1], [1, 0]], "any_of", True),
    ([1, 1], [[0, 1], [1, 0]], "any_of", False),
    (5, [1, 2], "unordered", False),
])
def test_comparators(actual: object, expected: object, compare: str, ok: bool) -> None:
    assert matches(actual, expected, compare) is ok


def test_float_tolerances_are_data() -> None:
    assert matches(100.5, 100.0, "float", rel_tol=0.01, abs_tol=0)
    assert not matches(100.5, 100.0, "float", rel_tol=0.001, abs_tol=0)
    assert matches(1e-12, 0.0, "float", rel_tol=0, abs_tol=1e-9)


def test_comparators_and_mutation_end_to_end() -> None:
    q = question([
        {"name": "sorted in place", "args": [[3, 1, 2]], "expected": [1, 2, 3], "check_arg": 0},
        {"name": "any order", "args": [[3, 1, 2]], "expected": [3, 2, 1], "compare": "unordered"},
        {"name": "kwargs", "args": [[1]], "kwargs": {"scale": 2.5}, "expected": [2.5], "compare": "float"},
    ])
    code = "def f(xs, scale=1):\n    out = [x * scale for x in xs]\n    xs.sort()\n    return out\n"
    result = grade_code(q, code)
    assert result.code is not None
    assert [t.verdict for t in result.code.tests] == ["passed", "passed", "passed"]
    lazy = grade_code(q, "def f(xs, scale=1):\n    return sorted(x * scale for x in xs)\n")
    assert lazy.code is not None
    first = lazy.code.tests[0]
    assert (first.verdict, first.input, first.actual) == ("wrong_answer", "f([3, 1, 2])", "[3, 1, 2]")


COUNTER = question(
    [{"name": "counts", "calls": [["Counter", [10]], ["add", [5]], ["add", [1]], ["total", [], 16]]},
     {"name": "none", "calls_literal": "[('Counter', (0,)), ('reset', (), None), ('total', (), 0)]"}],
    kind="class", entry="Counter",
)


def test_class_sessions_check_each_call() -> None:
    good = ("class Counter:\n    def __init__(self, start):\n        self.n = start\n"
            "    def add(self, k):\n        self.n += k\n    def reset(self):\n        self.n = 0\n"
            "    def total(self):\n        return self.n\n")
    assert grade_code(COUNTER, good).score == 100
    broken = good.replace("self.n += k", "self.n = k")
    result = grade_code(COUNTER, broken)
    assert result.code is not None
    failure = result.code.tests[0]
    assert failure.verdict == "wrong_answer"
    assert failure.input == "Counter(10); add(5); add(1); total()"
    assert failure.message == "call 4, total(): expected 16, got 1"


def _judged(test: dict[str, object], reported: object, kind: str = "function") -> TestOutcome:
    """The trusted verdict for one test, from a value as the child would report it (no sandbox)."""
    q = question([test], kind=kind, entry="Counter" if kind == "class" else "f")
    field = "vs" if kind == "class" else "v"
    return judge(q.code, q.code.tests[0], 0, {"t": "out", "i": 0, field: json.loads(encode(reported))})


def test_a_stricter_tolerance_than_the_default_is_explained_with_its_own_tolerance() -> None:
    test = {"args": [1], "expected": [1.0, 2.0], "compare": "allclose", "rel_tol": 1e-12, "abs_tol": 0.0}
    numpy = pytest.importorskip("numpy")
    outcome = _judged(test, numpy.array([1.0, 2.0 + 1e-9]))
    assert outcome.verdict == "wrong_answer"
    assert outcome.message and "element 1" in outcome.message and "rel_tol 1e-12" in outcome.message
    assert "max abs error 1e-09" in outcome.message and "shape (2,), dtype float64" in outcome.message


def test_a_float_failure_names_the_item_and_the_errors() -> None:
    test = {"args": [1], "expected": [[1.0, 2.0], 3.0], "compare": "float", "rel_tol": 1e-3}
    outcome = _judged(test, [[1.0, 2.5], 3.0])
    assert outcome.verdict == "wrong_answer" and outcome.message
    assert outcome.message.startswith("item [0][1]: 2.5, expected 2.0"), outcome.message
    assert "max abs error 0.5, max rel error 0.25" in outcome.message and "rel_tol 0.001" in outcome.message


def test_a_class_call_failure_gets_the_same_explanation() -> None:
    test = {"calls": [["Counter", []], ["mean", [], [0.5, 0.25]]], "compare": "float"}
    outcome = _judged(test, [None, [0.5, 0.3]], kind="class")
    assert outcome.verdict == "wrong_answer" and outcome.message
    assert outcome.message.startswith("call 2, mean(): item [1]: 0.3, expected 0.25"), outcome.message
    assert "max abs error 0.05" in outcome.message


@pytest.mark.parametrize(("test", "reported"), [
    ({"args": [1], "expected": [1, 2], "compare": "exact"}, [1, 3]),
    ({"args": [1], "expected": [1, 2], "compare": "exact"}, "12"),
    ({"args": [1], "expected_literal": "{'a': 1}", "compare": "exact"}, {"b": 1}),
    ({"args": [1], "expected": 1, "compare": "exact"}, True),
    ({"args": [1], "expected": [1.0], "compare": "float"}, [1.1]),
    ({"args": [1], "expected": [1.0], "compare": "float"}, [1.0, 2.0]),
    ({"args": [1], "expected": [3, 1], "compare": "unordered"}, [1, 2]),
    ({"args": [1], "expected": [[1, 2]], "compare": "multiset"}, [[2, 2]]),
    ({"args": [1], "expected": [1, 2], "compare": "set"}, [1]),
    ({"args": [1], "expected": [[0, 1], [1, 0]], "compare": "any_of"}, [1, 1]),
    ({"args": [1], "expected": [0.5], "compare": "allclose"}, [0.5]),
    ({"args": [1], "expected": [0.5], "compare": "shape"}, [0.5, 0.5]),
    ({"args": [1], "expected": [0.5], "compare": "gradient", "rel_tol": 1e-9}, "x"),
    ({"calls": [["Counter", []], ["get", [], [1, 2]]], "compare": "exact"}, [None, [2, 1]]),
    ({"calls": [["Counter", []], ["get", [], [1, 2]]], "compare": "unordered"}, [None, [2, 2]]),
])
def test_a_failing_test_never_has_an_empty_message(test: dict[str, object], reported: object) -> None:
    outcome = _judged(test, reported, kind="class" if "calls" in test else "function")
    assert outcome.verdict == "wrong_answer"
    assert outcome.message and outcome.message.strip(), outcome


def test_differences_are_explained_where_they_are() -> None:
    assert explain([1, 3], [1, 2], "exact") == "item [1]: 3, expected 2"
    assert explain(True, 1, "exact") == "expected 1 (int), got True (bool)"
    assert explain([1, 2, 3], [1, 2], "exact") == "3 items, expected 2"
    assert explain({"b": 1}, {"a": 1}, "exact") == "missing keys ['a']; unexpected keys ['b']"
    assert explain([1, 2], [3, 1], "unordered") == "missing [3]; unexpected [2]"
    assert explain([1, 1], [[0, 1], [1, 0]], "any_of") == "matches none of the 2 accepted answers"
