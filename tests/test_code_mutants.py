"""Short version of benchmarks/mutation_bench.py: one-spot mutants of reference solutions are caught.

The full run covers every built-in question (and HumanEval+); here a handful
whose hidden tests were strengthened after the benchmark listed survivors.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from interview.bank.loader import Bank, load_roots
from interview.bank.models import CodingQuestion
from interview.grading.code import grade_code
from interview.paths import builtin_bank_dir

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from mutation_bench import distinguishing_input, mutants, scope_of

SAMPLE = """
def f(xs, k):
    total = 0
    for i in range(1, len(xs)):
        if xs[i] > k and not xs[i - 1] == k:
            total += xs[i] * 2
        else:
            total -= 1
    return total
"""


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_roots([builtin_bank_dir()])


def test_every_operator_makes_distinct_parseable_mutants() -> None:
    made = mutants(SAMPLE, {"f"}, 100)
    kinds = {m.what.split(" ")[0] for m in made}
    assert {"`>`", "`==`", "`+`", "`*`", "`and`", "0", "1", "else"} <= kinds, kinds
    codes = [m.code for m in made]
    assert len(codes) == len(set(codes)) and ast.unparse(ast.parse(SAMPLE)) not in codes
    for code in codes:
        ast.parse(code)
    assert len(mutants(SAMPLE, {"f"}, 5)) == 5


def test_the_fuzzer_proves_a_wrong_mutant_and_finds_nothing_for_an_equivalent_one(bank: Bank) -> None:
    question = bank.get("coding.first-and-last-position")
    assert isinstance(question, CodingQuestion)
    wrong = question.code.solution.replace("lower_bound(target + 1) - 1", "lower_bound(target + 2) - 1")
    found = distinguishing_input(question, wrong)
    assert found is not None
    args, expected = found
    assert expected != [-1, -1] or args
    same = question.code.solution.replace("(lo + hi) // 2", "lo + (hi - lo) // 2")
    assert distinguishing_input(question, same, tries=300) is None


@pytest.mark.parametrize("qid", ["valid-brackets", "first-and-last-position", "ship-within-days",
                                 "minimum-window-substring", "wordpiece-tokenizer"])
def test_hidden_tests_catch_every_mutant(bank: Bank, qid: str) -> None:
    question = bank.get(f"coding.{qid}")
    assert isinstance(question, CodingQuestion)
    survivors = []
    for mutant in mutants(question.code.solution, scope_of(question), 12):
        result = grade_code(question, mutant.code, measure_complexity=False)
        if result.code is None or result.code.verdict == "passed":
            survivors.append(f"line {mutant.line}: {mutant.what}")
    assert survivors == []
