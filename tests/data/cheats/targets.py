# ruff: noqa  (a cheat template: ENTRY, _Always and the placeholders are filled in by the test)
"""Questions the cheats attack: built-in ones of every shape, HumanEval- and MBPP-style script
questions written like `bank import` writes them, and real imported ones when ../shared is there."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from interview.bank.loader import load_roots
from interview.bank.models import CodingQuestion

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "data"
BUILTIN = ["coding.two-sum", "coding.lru-cache", "coding.sort-colors", "coding.stable-softmax",
           "coding.generate-parentheses", "coding.min-stack"]

HE_SOLUTION = '''def running_max(numbers):
    """Return the list of running maxima of `numbers`."""
    out, best = [], None
    for x in numbers:
        best = x if best is None or x > best else best
        out.append(best)
    return out
'''
HE_TEST = '''

METADATA = {"author": "tests"}


def check(candidate):
    assert candidate([]) == []
    assert candidate([1, 3, 2, 5, 4]) == [1, 3, 3, 5, 5]
    assert candidate([-2, -3]) == [-2, -2]
    for n in range(1, 6):
        assert candidate(list(range(n, 0, -1))) == [n] * n


check(running_max)
'''
MBPP_SOLUTION = "def shared_items(a, b):\n    return tuple(set(a) & set(b))\n"
MBPP_ASSERTS = ["assert set(shared_items((3, 4, 5), (5, 7, 4))) == set((4, 5))",
                "assert set(shared_items((1, 2), (3,))) == set()",
                "assert shared_items((9,), (9, 9)) == (9,)"]


def _script_question(qid: str, entry: str, solution: str, tests: list[dict[str, Any]]) -> CodingQuestion:
    return CodingQuestion.model_validate({
        "id": qid, "title": f"Script question {entry}", "category": "coding", "topics": ["problem_solving"],
        "difficulty": "easy", "prompt": "Complete the function as its docstring says.", "minutes": 5,
        "model_answer": "the reference",
        "code": {"entry_point": entry, "signature": f"def {entry}(...):", "starter": "", "solution": solution,
                 "tests": tests, "time_limit_s": 10.0},
    })


def _imported() -> dict[str, CodingQuestion]:
    """HumanEval/0 and MBPP 2, converted by the real importer, when ../shared/data is present."""
    he, mbpp = SHARED / "humaneval" / "HumanEval.jsonl", SHARED / "mbpp" / "sanitized-mbpp.json"
    if not (he.is_file() and mbpp.is_file()):
        return {}
    from interview.bank.importers.benchmarks import build_pack

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "he.jsonl").write_text(he.read_text().splitlines()[0] + "\n")
        (base / "mbpp.json").write_text(json.dumps(json.loads(mbpp.read_text())[:1]))
        build_pack(base / "he.jsonl", base / "humaneval", "humaneval", "humaneval")
        build_pack(base / "mbpp.json", base / "mbpp", "mbpp", "mbpp")
        bank = load_roots([base / "humaneval", base / "mbpp"])
    questions = [q for q in bank if isinstance(q, CodingQuestion)]
    return {f"imported:{q.id}": q for q in questions}


def targets(time_limit: float) -> dict[str, CodingQuestion]:
    bank = load_roots([ROOT / "question_bank"])
    found: dict[str, CodingQuestion] = {name: bank.get(name) for name in BUILTIN}  # type: ignore[misc]
    found["humaneval-style"] = _script_question(
        "t.he", "running_max", HE_SOLUTION, [{"name": "check", "hidden": True, "script": HE_TEST}])
    found["mbpp-style"] = _script_question(
        "t.mbpp", "shared_items", MBPP_SOLUTION,
        [{"name": f"assert {i}", "hidden": i > 1, "script": line} for i, line in enumerate(MBPP_ASSERTS, 1)])
    found.update(_imported())
    return {name: q.model_copy(update={"code": q.code.model_copy(update={"time_limit_s": time_limit})})
            for name, q in found.items()}
