"""Dump the offline text scorer's full results on a fixed corpus, to prove a speed-up changed nothing.

The corpus: every free-text question's model answer, misconception examples and [[examples]]
answers in the built-in bank, every answer in tests/data/adversarial/*.toml and
tests/data/honest_answers/*.md (each scored on its own question), and 200 cross-pairs (one
question's model answer scored on another, fixed seed).  Run it before and after a change to
the scorer's speed and compare the files byte for byte:

    .venv/bin/python benchmarks/scorer_identity.py > /tmp/before.json
    ... change ...
    .venv/bin/python benchmarks/scorer_identity.py > /tmp/after.json && cmp /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import json
import random
import sys
import tomllib
from pathlib import Path
from typing import Any

from interview.bank.loader import load_roots
from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.rubric import score_answer
from interview.paths import builtin_bank_dir

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CROSS_PAIRS = 200
SEED = 11


def corpus(questions: dict[str, AnyQuestion]) -> list[tuple[str, AnyQuestion, str]]:
    """(label, question, answer) for every answer the dump scores, in a fixed order."""
    cases: list[tuple[str, AnyQuestion, str]] = []
    for qid, question in questions.items():
        cases.append((f"{qid}/model", question, question.model_answer))
        for n, wrong in enumerate(question.misconceptions):
            if wrong.example:
                cases.append((f"{qid}/misconception/{n}", question, wrong.example))
        for n, example in enumerate(question.examples):
            cases.append((f"{qid}/example/{n}/{example.kind}", question, example.answer))
    for path in sorted((DATA / "adversarial").glob("*.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        question = questions[table["question"]]
        for n, answer in enumerate(table["answers"]):
            cases.append((f"adversarial/{path.stem}/{n}/{answer['class']}", question, answer["text"]))
    for path in sorted((DATA / "honest_answers").glob("*.md")):
        cases.append((f"honest/{path.stem}", questions[path.stem], path.read_text(encoding="utf-8")))
    rng = random.Random(SEED)
    ids = sorted(questions)
    for _ in range(CROSS_PAIRS):
        source, target = rng.sample(ids, 2)
        cases.append((f"cross/{source}->{target}", questions[target], questions[source].model_answer))
    return cases


def dump(question: AnyQuestion, answer: str) -> dict[str, Any]:
    """The whole GradeResult, with criterion scores rounded to 4 places."""
    result = score_answer(question, answer).model_dump(mode="json")
    for criterion in result["criteria"]:
        criterion["score"] = round(criterion["score"], 4)
    result["score"] = round(result["score"], 4)
    return result


def main() -> int:
    bank = load_roots([builtin_bank_dir()])
    questions = {q.id: q for q in sorted(bank, key=lambda q: q.id) if not isinstance(q, CodingQuestion)}
    out = {label: dump(question, answer) for label, question, answer in corpus(questions)}
    json.dump(out, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")
    print(f"{len(out)} answers scored", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
