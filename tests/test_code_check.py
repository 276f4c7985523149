"""`bank check` for coding questions and the HumanEval / MBPP importer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview.bank.importers.benchmarks import build_pack
from interview.bank.loader import load_roots
from interview.errors import UserError
from interview.grading.code import grade_code
from interview.grading.code.check import check_coding_questions, stub_answer
from tests.conftest import SHARED
from tests.test_code_runner import question

SOLUTION = "import math\n\ndef f(x):\n    return 2 * x\n"


def test_stub_answer_empties_the_entry_point_only() -> None:
    stub = stub_answer(SOLUTION, "f")
    assert "import math" in stub and "return 2 * x" not in stub and "pass" in stub
    cls = "class C:\n    def __init__(self):\n        self.x = 1\n    def get(self):\n        return self.x\n"
    assert stub_answer(cls, "C").count("pass") == 2
    assert "while True" in stub_answer(SOLUTION, "f", "while True:\n    pass")
    with pytest.raises(ValueError, match="does not define `g`"):
        stub_answer(SOLUTION, "g")


def test_check_flags_a_failing_reference_and_a_test_an_empty_body_passes() -> None:
    good = question([{"args": [2], "expected": 4}], solution=SOLUTION)
    bad = good.model_copy(update={"id": "t.bad", "code": good.code.model_copy(
        update={"solution": "def f(x):\n    return x\n"})})
    weak = question([{"name": "nothing", "args": [2], "expected": None}], solution=SOLUTION)
    weak = weak.model_copy(update={"id": "t.weak", "code": weak.code.model_copy(
        update={"solution": "def f(x):\n    return None\n"})})
    problems = check_coding_questions([good, bad, weak])
    assert problems == [
        "t.bad: the reference solution fails test 'test 1' (wrong_answer: expected 4, got 2)",
        "t.weak: an empty body (`pass`) passes every test; add a test that needs real work",
    ]


HUMANEVAL = {
    "task_id": "HumanEval/7", "entry_point": "shout",
    "prompt": ('def shout(text: str) -> str:\n    """Return text in capitals.\n'
               '    >>> shout("a")\n    \'A\'\n    """\n'),
    "canonical_solution": "    return text.upper()\n",
    "test": "def check(candidate):\n    assert candidate('ab') == 'AB'\n    assert candidate('') == ''\n",
}
MBPP = [{"task_id": 11, "prompt": "Write a function to add one to a number.",
         "code": "def helper(x):\n  return x\n\ndef add_one(n):\r\n  return helper(n) + 1",
         "test_imports": ["import math"],
         "test_list": ["assert add_one(1) == 2", "assert add_one(-1) == 0", "assert add_one(9) == 10"]}]


def test_import_humaneval_and_mbpp_packs(tmp_path: Path) -> None:
    (tmp_path / "he.jsonl").write_text(json.dumps(HUMANEVAL) + "\n")
    (tmp_path / "mbpp.json").write_text(json.dumps(MBPP))
    build_pack(tmp_path / "he.jsonl", tmp_path / "he", "he", "humaneval")
    build_pack(tmp_path / "mbpp.json", tmp_path / "mb", "mb", "mbpp")
    bank = load_roots([tmp_path / "he", tmp_path / "mb"])
    assert bank.problems == [] and sorted(bank.questions) == ["he.7", "mb.11"]
    shout, add_one = bank.questions["he.7"], bank.questions["mb.11"]
    assert shout.topics == ("problem_solving", "strings")
    assert shout.code.signature == "def shout(text: str) -> str:"  # type: ignore[union-attr]
    assert add_one.code.entry_point == "add_one"  # type: ignore[union-attr]
    assert [t.hidden for t in add_one.code.tests] == [False, True, True]  # type: ignore[union-attr]
    assert "def add_one(n):" in add_one.prompt
    assert check_coding_questions([shout, add_one]) == []  # type: ignore[list-item]
    result = grade_code(add_one, "def add_one(n):\n    return n + 2\n")  # type: ignore[arg-type]
    assert result.code and result.code.tests[0].message == (
        "failed: assert add_one(1) == 2\n  add_one(1) returned 3; expected 2")  # shows what it returned


def test_import_rejects_a_file_that_is_not_the_format(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text('{"not": "a list"}')
    with pytest.raises(UserError, match=r"problem 1: not a record in mbpp format \(KeyError: 'task_id'\)"):
        build_pack(tmp_path / "x.json", tmp_path / "out", "x", "mbpp")
    (tmp_path / "z.json").write_text('[1, 2]')
    with pytest.raises(UserError, match="expected a list of mbpp problems"):
        build_pack(tmp_path / "z.json", tmp_path / "out3", "z", "mbpp")
    (tmp_path / "y.jsonl").write_text('{"task_id": "HumanEval/1"}\n')
    with pytest.raises(UserError, match="problem 1: not a record in humaneval format"):
        build_pack(tmp_path / "y.jsonl", tmp_path / "out2", "y", "humaneval")


@pytest.mark.skipif(not (SHARED / "data").is_dir(), reason="../shared/data is absent")
def test_the_real_sets_convert_into_valid_packs(tmp_path: Path) -> None:
    build_pack(SHARED / "data/humaneval/HumanEval.jsonl", tmp_path / "he", "humaneval", "humaneval")
    build_pack(SHARED / "data/mbpp/sanitized-mbpp.json", tmp_path / "mb", "mbpp", "mbpp")
    bank = load_roots([tmp_path / "he", tmp_path / "mb"])
    assert bank.problems == [] and len(bank) == 164 + 427
