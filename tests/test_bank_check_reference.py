"""`bank check`: a coding question's own code must keep the rules its answers are graded by.

A reference solution that calls what `forbid` rules out (or a model answer whose code
block does) teaches the very thing the question refuses; an import the sandbox will not
provide cannot run.  Each is one `path: field: problem` line naming the file and field.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.bank.loader import load_roots
from interview.bank.models import CodingQuestion
from interview.cli import main
from interview.grading.bank_check import reference_rule_problems
from interview.paths import builtin_bank_dir
from tests.bankfixtures import write_pack

QUESTION = '''
id = "extra.sort-three"
title = "Sort a list of 0s, 1s and 2s"
category = "coding"
topics = ["sorting"]
difficulty = "easy"
minutes = 10
prompt = "Sort a list holding only 0, 1 and 2 in place, without calling a sort."
model_answer = """
Count each value, then overwrite the list.
{model_block}
"""

[code]
entry_point = "sort_three"
signature = "def sort_three(nums: list[int]) -> None:"
forbid = {forbid}
starter = """
def sort_three(nums: list[int]) -> None:
    pass
"""
solution = """
{solution}
"""

[[code.tests]]
name = "mixed"
args = [[2, 0, 1]]
check_arg = 0
expected = [0, 1, 2]
'''
COUNTING = '''def sort_three(nums: list[int]) -> None:
    counts = [nums.count(v) for v in (0, 1, 2)]
    nums[:] = [0] * counts[0] + [1] * counts[1] + [2] * counts[2]'''
CHEATING = "def sort_three(nums: list[int]) -> None:\n    nums[:] = sorted(nums)"


def load(tmp_path: Path, solution: str = COUNTING, model_block: str = "",
         forbid: str = '["sorted", "list.sort"]') -> CodingQuestion:
    text = QUESTION.format(solution=solution, model_block=model_block, forbid=forbid)
    pack = write_pack(tmp_path, "extra", {"sort-three.toml": text})
    bank = load_roots([pack])
    assert not bank.problems, bank.problems
    question = bank.get("extra.sort-three")
    assert isinstance(question, CodingQuestion)
    return question


def test_a_reference_within_its_own_rules_passes(tmp_path: Path) -> None:
    assert reference_rule_problems(load(tmp_path)) == []


def test_a_reference_calling_a_forbidden_name_is_one_line_naming_file_and_field(tmp_path: Path) -> None:
    question = load(tmp_path, solution=CHEATING)
    assert reference_rule_problems(question) == [
        f"{question.source}: code.solution: line 2: `sorted` is not allowed in this question "
        "(`forbid` = ['sorted', 'list.sort'])"]


def test_a_model_answer_code_block_breaking_the_rules_is_caught(tmp_path: Path) -> None:
    # A fence in another language (and the prose after it) is no Python to check.
    block = "```text\nsorted(nums)\n```\nThen:\n```python\ndef sort_three(nums):\n    nums.sort()\n```"
    (problem,) = reference_rule_problems(load(tmp_path, model_block=block))
    assert problem.startswith(f"{tmp_path}/extra/sort-three.toml: model_answer (code block 1 of 1): line 2:")
    assert "`.sort` is not allowed" in problem


@pytest.mark.parametrize(("allow", "flagged"), [("", True), ('allow_imports = ["numpy"]\n', False)])
def test_an_import_the_sandbox_will_not_provide_is_caught(tmp_path: Path, allow: str, flagged: bool) -> None:
    solution = "import numpy as np\nimport math\n\n" + COUNTING
    question = load(tmp_path, solution=solution, forbid=f'[]\n{allow}'.strip())
    problems = reference_rule_problems(question)
    assert bool(problems) is flagged, problems
    if flagged:
        assert problems == [f"{question.source}: code.solution: imports `numpy`, which is neither in the "
                            "standard library nor in `allow_imports` []; add it there or drop the import"]


def test_bank_check_fails_on_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    question = load(tmp_path, solution=CHEATING)
    code = main(["bank", "check", "--bank", str(tmp_path / "extra")])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 1
    assert f"{question.source}: code.solution: line 2: `sorted` is not allowed in this question " \
           "(`forbid` = ['sorted', 'list.sort'])" in lines


def test_the_built_in_bank_keeps_its_own_rules() -> None:
    coding = [q for q in load_roots([builtin_bank_dir()]) if isinstance(q, CodingQuestion)]
    assert sum(bool(q.code.forbid) for q in coding) >= 4  # the check has something to check
    assert [p for q in coding for p in reference_rule_problems(q)] == []
