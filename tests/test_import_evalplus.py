"""`bank import --format evalplus` (HumanEval+ inputs as data tests) and `--format mbpp` on the full JSONL."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from interview.bank.importing import import_source
from interview.bank.loader import load_roots
from interview.bank.models import CodingQuestion
from interview.cli import main
from interview.grading.code import grade_code
from interview.paths import Paths

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
EVALPLUS = SHARED / "humanevalplus" / "HumanEvalPlus.jsonl.gz"

ADD = {
    "task_id": "HumanEval/900", "entry_point": "add_pairs",
    "prompt": 'def add_pairs(xs, scale):\n    """Pairs (x, x * scale), or None when xs is None."""\n',
    "canonical_solution": "    if xs is None:\n        return None\n    if scale < 0:\n"
                          "        raise ValueError('no negative scale')\n"
                          "    return [(x, x * scale) for x in xs]\n",
    "test": "def check(candidate):\n    assert candidate([1], 2) == [(1, 2)]\n",
    "contract": "", "atol": 0,
    "base_input": [[[1, 2], 3], [[], 1], [None, 1], [[5], 0]],
    "plus_input": [[[7, 8, 9], 10], [[1], -1], [[10**30], 2], [list(range(5000)), 1]],
}
MEAN = {
    "task_id": "HumanEval/901", "entry_point": "mean", "prompt": "def mean(xs):\n    \"\"\"Average.\"\"\"\n",
    "canonical_solution": "    return sum(xs) / len(xs)\n", "test": "", "contract": "", "atol": 1e-6,
    "base_input": [[[1.0, 2.0]], [[0.1, 0.2, 0.3]]], "plus_input": [[[1e-7, 3e-7]]],
}


def _write_gz(path: Path, records: list[dict[str, Any]]) -> Path:
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in records)
    return path


def _imported(paths: Paths, name: str) -> dict[str, CodingQuestion]:
    bank = load_roots([paths.packs_dir / name])
    assert bank.problems == []
    return {q.id: q for q in bank if isinstance(q, CodingQuestion)}


def test_evalplus_inputs_become_data_tests_with_the_canonical_outputs(paths: Paths, tmp_path: Path) -> None:
    source = _write_gz(tmp_path / "HumanEvalPlus.jsonl.gz", [ADD, MEAN])
    name, count = import_source(paths, str(source), "evalplus", "hep")
    assert (name, count) == ("hep", 2)
    questions = _imported(paths, "hep")
    add = questions["hep.900"]
    tests = {t.name: t for t in add.code.tests}
    assert all(t.script is None for t in add.code.tests)  # data, not code
    assert tests["base input 1"].expected == [[1, 3], [2, 6]] and not tests["base input 1"].hidden
    assert tests["base input 3"].args == (None, 1) and tests["base input 3"].expected is None
    assert tests["base input 4"].hidden and tests["plus input 1"].hidden
    assert tests["plus input 3"].expected == [(10**30, 2 * 10**30)]  # beyond TOML's 64-bit ints
    assert "plus input 2" not in tests  # the canonical raises on it: left out
    assert "plus input 4" not in tests  # over the size cap: left out
    pack = (paths.packs_dir / "hep" / "pack.toml").read_text("utf-8")
    assert "HumanEval/900 (2)" in pack
    mean = {t.name: t for t in questions["hep.901"].code.tests}
    assert mean["plus input 1"].compare == "float" and mean["plus input 1"].abs_tol == 1e-6


def test_evalplus_plus_inputs_catch_what_the_base_ones_miss(paths: Paths, tmp_path: Path) -> None:
    import_source(paths, str(_write_gz(tmp_path / "hep.jsonl.gz", [ADD])), "evalplus", "hep")
    add = _imported(paths, "hep")["hep.900"]
    assert grade_code(add, add.code.solution).score == 100
    wrong = "def add_pairs(xs, scale):\n    if xs is None:\n        return None\n" \
            "    return [(x, x * scale) for x in xs[:2]]\n"
    result = grade_code(add, wrong)
    assert result.code and result.code.visible_passed == result.code.visible_total
    assert result.code.hidden_passed < result.code.hidden_total


def test_full_mbpp_jsonl_with_text_and_setup_code(paths: Paths, tmp_path: Path) -> None:
    records = [
        {"task_id": 11, "text": "Write a function to remove the first and last copy of a character.",
         "code": "def remove_occ(s, ch):\n    return s.replace(ch, '', 1)[::-1].replace(ch, '', 1)[::-1]\n",
         "test_list": ["assert remove_occ('hello', 'l') == 'heo'",
                       "assert remove_occ('abcda', 'a') == 'bcd'"],
         "test_setup_code": "", "challenge_test_list": []},
        {"task_id": 12, "text": "Write a function to scale a value by the module's factor.",
         "code": "def scaled(x):\n    return x * 3\n",
         "test_list": ["assert scaled(2) == FACTOR * 2", "assert scaled(0) == 0"],
         "test_setup_code": "FACTOR = 3", "challenge_test_list": []},
    ]
    source = tmp_path / "mbpp.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    assert main(["bank", "import", str(source), "--format", "mbpp", "--name", "mbppfull"]) == 0
    questions = _imported(paths, "mbppfull")
    scaled = questions["mbppfull.12"]
    assert "scale a value" in scaled.prompt and "FACTOR = 3" in (scaled.code.tests[0].script or "")
    for question in questions.values():
        assert grade_code(question, question.code.solution).score == 100


def test_bad_evalplus_file_is_one_clear_error(paths: Paths, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    broken = _write_gz(tmp_path / "broken.jsonl.gz", [{"task_id": "HumanEval/1", "prompt": "x"}])
    assert main(["bank", "import", str(broken), "--format", "evalplus"]) != 0
    err = capsys.readouterr().err
    assert "broken.jsonl.gz" in err and "problem 1" in err and len(err.strip().splitlines()) == 1


def test_help_names_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["bank", "import", "--help"])
    out = capsys.readouterr().out
    assert "evalplus" in out and "test_setup_code" in out


@pytest.mark.skipif(not EVALPLUS.is_file(), reason="../shared/data is absent")
def test_real_humanevalplus_tasks_import_and_their_canonicals_pass(paths: Paths, tmp_path: Path) -> None:
    with gzip.open(EVALPLUS, "rt", encoding="utf-8") as source:
        records = [json.loads(line) for _, line in zip(range(3), source, strict=False)]
    import_source(paths, str(_write_gz(tmp_path / "three.jsonl.gz", records)), "evalplus", "hep3")
    questions = _imported(paths, "hep3")
    assert len(questions) == 3
    for question in questions.values():
        assert len(question.code.tests) > 50
        assert grade_code(question, question.code.solution).score == 100
