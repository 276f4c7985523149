"""Scaling generators keep their argument shapes; the fit names growth honestly; timing runs end to end."""

from __future__ import annotations

import math
from typing import get_args

import pytest

from interview.bank.models import ScalingGenerator
from interview.grading.code import grade_code
from interview.grading.code.complexity import fit
from interview.grading.code.generators import GENERATORS, generate
from tests.test_code_runner import question


def test_every_declared_generator_is_implemented() -> None:
    assert set(GENERATORS) == set(get_args(ScalingGenerator))


def test_generator_shapes() -> None:
    n = 50
    assert generate("int", n) == (50,)
    (nums,) = generate("int_list", n)
    assert len(nums) == n and all(-10**6 <= x <= 10**6 for x in nums)
    (ordered,) = generate("sorted_int_list", n)
    assert ordered == sorted(ordered) and len(ordered) == n
    nums, target = generate("int_list_and_target", n)
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n) if nums[i] + nums[j] == target]
    assert len(nums) == n and pairs == [(n // 2, n - 1)]
    nums, target = generate("sorted_int_list_and_target", n)
    assert nums == sorted(nums) and target in nums
    (floats,) = generate("float_list", n)
    assert len(floats) == n and all(-10 <= x <= 10 for x in floats)
    (text,) = generate("string", n)
    assert len(text) == n and text.isalpha() and text.islower()
    s, t = generate("string_pair", n)
    assert len(s) == len(t) == n
    (words,) = generate("words", n)
    assert len(words) == n and all(w.isalpha() for w in words)
    (spans,) = generate("intervals", n)
    assert len(spans) == n and all(a <= b for a, b in spans)
    count, edges = generate("dag", n)
    assert count == n and len(edges) == 2 * n and _acyclic(n, edges)
    count, edges = generate("graph_edges", n)
    assert count == n and len(edges) == 2 * n and all(u != v and 0 <= u < n for u, v in edges)
    query, vectors, k = generate("vectors_and_query", n)
    assert len(query) == 16 and len(vectors) == n and all(len(v) == 16 for v in vectors) and k == 5


def _acyclic(n: int, edges: list[list[int]]) -> bool:
    indegree = [0] * n
    for _, v in edges:
        indegree[v] += 1
    ready = [u for u in range(n) if indegree[u] == 0]
    seen = 0
    while ready:
        u = ready.pop()
        seen += 1
        for a, b in edges:
            if a == u:
                indegree[b] -= 1
                if indegree[b] == 0:
                    ready.append(b)
    return seen == n


def test_generators_are_seeded_and_params_override_defaults() -> None:
    assert generate("int_list", 30) == generate("int_list", 30)
    assert generate("int_list", 30, {"seed": 1}) != generate("int_list", 30)
    (small,) = generate("int_list", 30, {"low": 0, "high": 3})
    assert set(small) <= {0, 1, 2, 3}
    assert generate("vectors_and_query", 3, {"dim": 4, "k": 2})[2] == 2


SIZES = [1000, 2000, 4000, 8000]


@pytest.mark.parametrize(("growth", "expected"), [
    (lambda n: 1e-3, "O(1)"),
    (lambda n: 1e-6 * n, "O(n)"),
    (lambda n: 1e-7 * n * math.log(n), "O(n log n)"),
    (lambda n: 1e-9 * n * n, "O(n^2)"),
    (lambda n: 1e-12 * n ** 3, "O(n^3)"),
])
def test_fit_recovers_the_growth_class(growth: object, expected: str) -> None:
    report = fit(SIZES, [growth(n) for n in SIZES], None)  # type: ignore[operator]
    assert report.measured == expected


def test_fit_against_a_target_and_its_honest_notes() -> None:
    quadratic = fit(SIZES, [1e-9 * n * n for n in SIZES], "O(n)")
    assert quadratic.fits is False and "slope 2.00" in quadratic.note
    twin = fit(SIZES, [1e-7 * n * math.log(n) for n in SIZES], "O(n)")
    assert twin.fits is True and "hard to tell apart" in twin.note
    tiny = fit(SIZES, [1e-6, 2e-6, 1e-6, 3e-6], "O(n)")
    assert "too small" in tiny.note
    noisy = fit(SIZES, [1e-3, 8e-3, 2e-3, 9e-3], None)
    assert "noisy" in noisy.note
    slow = fit([1000], [2.5], "O(n)", "stopped at n=2000: over the 3 s budget for timing", too_slow=True)
    assert slow.measured is None and slow.fits is False and "too few sizes" in slow.note


def _scaling_question() -> object:
    return question([{"args": [[3, 1, 2]], "expected": 6}], complexity="O(n)",
                    scaling={"generator": "int_list", "sizes": [400, 800, 1600, 3200]})


def test_measured_complexity_end_to_end() -> None:
    q = _scaling_question()
    linear = grade_code(q, "def f(xs):\n    return sum(xs)\n")  # type: ignore[arg-type]
    assert linear.code and linear.code.complexity
    assert linear.code.complexity.measured in ("O(n)", "O(n log n)") and linear.code.complexity.fits
    assert sorted(linear.code.complexity.timings_ms) == [400, 800, 1600, 3200]
    assert linear.score == 100
    quadratic = grade_code(q, "def f(xs):\n    return sum(x for x in xs for _ in xs) // len(xs)\n")  # type: ignore[arg-type]
    cx = quadratic.code.complexity if quadratic.code else None
    assert cx is not None and cx.measured in ("O(n^2)", "O(n^3)") and cx.fits is False
    assert quadratic.criteria[1].dimension == "efficiency" and quadratic.criteria[1].score < 1
    assert quadratic.score < 100


def test_no_timing_when_visible_tests_fail_or_when_not_asked() -> None:
    q = _scaling_question()
    wrong = grade_code(q, "def f(xs):\n    return 0\n")  # type: ignore[arg-type]
    assert wrong.code and wrong.code.complexity and wrong.code.complexity.note.startswith("not measured")
    quick = grade_code(q, "def f(xs):\n    return sum(xs)\n", measure_complexity=False)  # type: ignore[arg-type]
    assert quick.code and quick.code.complexity is None and len(quick.criteria) == 1
