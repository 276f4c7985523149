"""Worst-case scaling generators: each builds the input that exposes a too-slow but correct answer.

Shapes and worst-case properties are checked exactly; the slow answers in
tests/data/slow_solutions/ must be correct (pass their question's tests); and a
short version of benchmarks/complexity_bench.py grades a few of them with
timing on.  The full count (20 runs per question) is the benchmark's job.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import CodingQuestion
from interview.grading.code import grade_code
from interview.grading.code.generators import fresh, generate
from interview.paths import builtin_bank_dir

SLOW = Path(__file__).resolve().parent / "data" / "slow_solutions"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def timed(bank: Bank) -> list[CodingQuestion]:
    return [q for q in bank if isinstance(q, CodingQuestion) and q.code.complexity and q.code.scaling]


def test_brackets_are_balanced_and_nested_half_the_length_deep() -> None:
    (text,) = generate("brackets", 1000)
    depth = deepest = 0
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    for ch in text:
        if ch in pairs:
            assert stack.pop() == pairs[ch]
        else:
            stack.append(ch)
        depth = len(stack)
        deepest = max(deepest, depth)
    assert not stack and len(text) == 1000 and deepest == 500 and len(set(text)) == 6


def test_distinct_string_has_windows_of_half_its_length_without_a_repeat() -> None:
    (text,) = generate("distinct_string", 1000)
    assert len(text) == 1000 and len(set(text)) == 500
    assert all(len(set(text[i:i + 500])) == 500 for i in range(0, 501, 50))


def test_string_and_window_has_a_long_window() -> None:
    s, t = generate("string_and_window", 800)
    assert len(s) == 800 and t[0] == "A" and t[-1] == "B" and len(t) == 5
    positions = [i for i, ch in enumerate(s) if ch in "AB"]
    assert positions == [100, 300, 500, 700]


def test_decreasing_temperatures_then_a_peak() -> None:
    (values,) = generate("decreasing_int_list", 500)
    assert len(values) == 500 and values[-1] > max(values[:-1])
    assert all(a > b for a, b in itertools.pairwise(values[:-1]))


def test_consecutive_runs_are_long() -> None:
    (values,) = generate("consecutive_runs", 1000, {"runs": 4})
    assert len(values) == len(set(values)) == 1000
    present = set(values)
    starts = [x for x in present if x - 1 not in present]
    assert len(starts) == 4 and values != sorted(values)


def test_layered_dag_needs_one_round_per_layer() -> None:
    n, edges = generate("layered_dag", 1000, {"layer_width": 50})
    successors: dict[int, list[int]] = {}
    indegree = [0] * n
    for a, b in edges:
        successors.setdefault(a, []).append(b)
        indegree[b] += 1
    level, rounds, taken = [i for i in range(n) if indegree[i] == 0], 0, 0
    while level:
        rounds, taken = rounds + 1, taken + len(level)
        following = []
        for node in level:
            for nxt in successors.get(node, []):
                indegree[nxt] -= 1
                if indegree[nxt] == 0:
                    following.append(nxt)
        level = following
    assert taken == n and rounds == 20


def test_target_run_and_k_fraction_params() -> None:
    nums, target = generate("sorted_int_list_and_target", 1000, {"target_run": 0.5})
    assert nums == sorted(nums) and nums.count(target) >= 500
    assert generate("vectors_and_query", 1000, {"k_fraction": 0.05})[2] == 50
    assert generate("vectors_and_query", 1000)[2] == 5


def test_window_palindrome_and_alphabet_params() -> None:
    nums, k = generate("int_list_and_window", 1000)
    assert len(nums) == 1000 and k == 250
    (text,) = generate("palindrome", 1000)
    cleaned = [ch.lower() for ch in text if ch.isalnum()]
    assert cleaned == cleaned[::-1] and len(cleaned) == 501 and text != text[::-1]
    assert generate("string", 50, {"letters": 1}) == ("a" * 50,)


def test_fresh_copies_flat_lists_shallowly_and_nested_ones_deeply() -> None:
    flat = list(range(10))
    copy = fresh((flat, 3))
    assert copy == (flat, 3) and copy[0] is not flat
    nested = [[1, 2], [3]]
    deep = fresh(nested)
    assert deep == nested and deep[0] is not nested[0]
    mixed = [None, [1], 2]
    assert fresh(mixed)[1] is not mixed[1]


def test_every_timed_question_has_a_correct_slow_answer(bank: Bank) -> None:
    questions = timed(bank)
    assert len(questions) >= 24
    missing = [q.id for q in questions if not (SLOW / f"{q.id.removeprefix('coding.')}.py").is_file()]
    assert missing == []
    for q in questions:
        code = (SLOW / f"{q.id.removeprefix('coding.')}.py").read_text("utf-8")
        result = grade_code(q, code, include_hidden=False, measure_complexity=False)
        assert result.code and result.code.verdict == "passed", (q.id, result.summary)


@pytest.mark.parametrize("qid", ["valid-brackets", "daily-temperatures", "longest-substring-without-repeats"])
def test_slow_answers_are_measured_too_slow_on_the_worst_case(bank: Bank, qid: str) -> None:
    """Short version of benchmarks/complexity_bench.py: these measured "O(n)" on random inputs."""
    q = bank.get(f"coding.{qid}")
    assert isinstance(q, CodingQuestion)
    slow = grade_code(q, (SLOW / f"{qid}.py").read_text("utf-8"), include_hidden=False)
    assert slow.code and slow.code.complexity and slow.code.complexity.fits is False, slow.summary
    runs = [grade_code(q, q.code.solution, include_hidden=False) for _ in range(2)]
    assert any(r.code and r.code.complexity and r.code.complexity.fits for r in runs), [
        r.summary for r in runs]
