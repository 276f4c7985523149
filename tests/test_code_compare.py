"""Comparators as data, unit-tested in-process and end to end (class sessions, in-place mutation)."""

from __future__ import annotations

import math

import pytest

from interview.grading.code import grade_code
from interview.grading.code.comparators import matches
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
