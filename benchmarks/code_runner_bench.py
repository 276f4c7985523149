"""Speed of the code runner, as ratios measured in one run (not a timed test).

1. Grading one submission with 20 data test cases vs starting a bare
   `python -I -c pass` child (goal: at most 1.5x), and the sandbox launcher's own
   start-up (paid once per app process, on the first grade).
2. Grading all 591 HumanEval + MBPP canonical solutions vs running each with a
   minimal loop of plain `subprocess.run` calls (goal: under 2x); skipped
   cleanly when ../shared/data is absent.

    .venv/bin/python benchmarks/code_runner_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _sets import ATTRIBUTION, available, load_questions

from interview.bank.models import CodingQuestion
from interview.grading.code import grade_code

TWENTY = CodingQuestion.model_validate({
    "id": "bench.twenty", "title": "Twenty data tests", "category": "coding", "topics": ["problem_solving"],
    "difficulty": "easy", "prompt": "Return the indices of the two numbers that sum to target.",
    "minutes": 5, "model_answer": "a dictionary of seen values",
    "code": {"entry_point": "two_sum", "signature": "def two_sum(nums, target):", "starter": "",
             "solution": "", "tests": [{"name": f"t{i}", "args": [list(range(i + 2)), 2 * i + 1],
                                        "expected": [i, i + 1], "hidden": i % 2 == 1} for i in range(20)]},
})
ANSWER = """
def two_sum(nums, target):
    seen = {}
    for j, value in enumerate(nums):
        if target - value in seen:
            return [seen[target - value], j]
        seen[value] = j
"""


def _median_time(action: Callable[[], object], repeat: int) -> float:
    action()  # warm caches (bytecode, page cache)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench_twenty(repeat: int) -> None:
    from interview.grading.code.sandbox import Launcher

    starts = []
    for _ in range(5):
        launcher = Launcher()
        starts.append(launcher.startup_s)
        launcher.sock.close()
        launcher.proc.wait()
    print(f"launcher start-up (once per app):   {statistics.median(starts) * 1000:7.1f} ms (median of 5); "
          f"isolation {launcher.isolation}")
    result = grade_code(TWENTY, ANSWER, measure_complexity=False)
    assert result.code is not None and result.code.visible_passed + result.code.hidden_passed == 20
    bare = _median_time(lambda: subprocess.run([sys.executable, "-I", "-c", "pass"], check=True), repeat)
    graded = _median_time(lambda: grade_code(TWENTY, ANSWER, measure_complexity=False), repeat)
    print(f"bare `python -I -c pass` child:      {bare * 1000:7.1f} ms (median of {repeat})")
    print(f"grade 20 data tests (one child):     {graded * 1000:7.1f} ms (launcher already running)")
    print(f"RATIO grade-20-tests / bare child:   {graded / bare:7.2f}x  (goal <= 1.5x)")


def _plain_program(question: CodingQuestion) -> str:
    scripts = "\n".join(t.script or "" for t in question.code.tests)
    return f"{question.code.solution}\n{scripts}\n"


def bench_sets() -> None:
    questions = load_questions()
    started = time.perf_counter()
    for q in questions:
        subprocess.run([sys.executable, "-I", "-c", _plain_program(q)], check=True,
                       capture_output=True, timeout=60)
    plain = time.perf_counter() - started
    started = time.perf_counter()
    passed = sum(grade_code(q, q.code.solution, measure_complexity=False).score == 100 for q in questions)
    graded = time.perf_counter() - started
    print(f"{len(questions)} canonical solutions, plain subprocess.run loop: {plain:6.1f} s")
    print(f"{len(questions)} canonical solutions, graded one by one:        {graded:6.1f} s "
          f"({passed}/{len(questions)} passed)")
    print(f"RATIO graded / plain loop:                        {graded / plain:6.2f}x  (goal < 2x)")
    print(f"data: {ATTRIBUTION}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    options = parser.parse_args()
    bench_twenty(options.repeat)
    if available():
        bench_sets()
    else:
        print("skipped the HumanEval + MBPP part: ../shared/data is absent")
