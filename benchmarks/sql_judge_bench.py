"""The SQL judge on the built-in SQL questions: how long a grade takes, and what it catches.

1. Each question's reference query, graded on every test (visible and hidden data sets):
   wall time per grade, median of `--repeat` runs, next to a one-test Python grade measured
   in the same run (the fork-per-child cost both pay).
2. The typical wrong answers in tests/data/sql_wrong_answers.toml: how many fail a test
   (goal: all), and each one's score.

    .venv/bin/python benchmarks/sql_judge_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tomllib
from pathlib import Path

from interview.bank.loader import load_roots
from interview.bank.models import CodingQuestion
from interview.grading.code import grade_code
from interview.paths import builtin_bank_dir

WRONG = Path(__file__).resolve().parents[1] / "tests" / "data" / "sql_wrong_answers.toml"
PYTHON = CodingQuestion.model_validate({
    "id": "bench.py", "title": "one Python test", "category": "coding", "topics": ["problem_solving"],
    "difficulty": "easy", "prompt": "Double a number.", "minutes": 1, "model_answer": "x * 2",
    "code": {"entry_point": "f", "signature": "def f(x):", "starter": "",
             "solution": "def f(x):\n    return 2 * x\n", "tests": [{"args": [1], "expected": 2}]},
})


def timed(question: CodingQuestion, answer: str, repeat: int) -> tuple[float, float]:
    """(median seconds per grade, score of the last grade)."""
    times, score = [], 0.0
    for _ in range(repeat):
        started = time.perf_counter()
        score = grade_code(question, answer).score
        times.append(time.perf_counter() - started)
    return statistics.median(times), score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    bank = load_roots([builtin_bank_dir()])
    questions = [q for q in bank if isinstance(q, CodingQuestion) and q.code.language == "sql"]
    grade_code(PYTHON, PYTHON.code.solution)  # the launcher starts once, outside the figures
    python_s, _ = timed(PYTHON, PYTHON.code.solution, args.repeat)
    print(f"{len(questions)} SQL questions; one-test Python grade: {python_s * 1000:.0f} ms")
    for question in sorted(questions, key=lambda q: q.id):
        seconds, score = timed(question, question.code.solution, args.repeat)
        print(f"  {question.id:42} {len(question.code.tests):2} tests  {seconds * 1000:5.0f} ms  "
              f"({seconds / python_s:.1f}x)  reference scores {score:.0f}")
    wrong = tomllib.loads(WRONG.read_text())["wrong"]
    caught = 0
    for item in wrong:
        result = grade_code(bank.get(item["question"]), item["query"])  # type: ignore[arg-type]
        caught += result.score < 100
        print(f"  {'caught' if result.score < 100 else 'MISSED'} {result.score:3.0f}  "
              f"{item['question']}: {item['mistake']}")
    print(f"typical wrong answers caught: {caught}/{len(wrong)}")


if __name__ == "__main__":
    main()
