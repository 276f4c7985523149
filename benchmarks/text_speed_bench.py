"""How fast is the offline text scorer on answers of bank length?

Scores every free-text question of the built-in bank against its own model answer, strong
example and an answer of about 1,600 characters built from them (issue 11's target: >= 500
answers/s on one core, in-process), after one warm-up pass so that the per-question rubric
compilation (cached, once per question per process) is measured separately.

    .venv/bin/python benchmarks/text_speed_bench.py [--profile]
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time

from interview.bank.loader import load_roots
from interview.bank.models import AnyQuestion, CodingQuestion
from interview.grading.rubric import score_answer
from interview.grading.rubric.scorer import compile_question
from interview.paths import builtin_bank_dir

TARGET_CHARS = 1600


def answers(question: AnyQuestion) -> list[str]:
    """The model answer, the strong example, and the model answer cut or repeated to ~1,600 chars."""
    texts = [question.model_answer]
    strong = question.example("strong")
    if strong is not None:
        texts.append(strong.answer)
    body = question.model_answer
    while len(body) < TARGET_CHARS:
        body += "\n" + question.model_answer
    texts.append(body[:TARGET_CHARS].rsplit(" ", 1)[0])
    return texts


def main() -> int:
    bank = load_roots([builtin_bank_dir()])
    questions = [q for q in bank if not isinstance(q, CodingQuestion)]
    start = time.process_time()
    for question in questions:
        compile_question(question)
    compiled_ms = (time.process_time() - start) * 1000 / len(questions)
    cases = [(q, text) for q in questions for text in answers(q)]
    long_cases = [(q, t) for q, t in cases if len(t) >= 0.9 * TARGET_CHARS]
    for question, text in cases[:50]:
        score_answer(question, text)  # warm the stem and fold caches as a running app has them
    profiler = cProfile.Profile() if "--profile" in sys.argv else None
    if profiler:
        profiler.enable()
    start = time.process_time()  # CPU time: the figure holds on a machine busy with other work
    for question, text in long_cases:
        score_answer(question, text)
    elapsed = time.process_time() - start
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    mean_chars = sum(len(t) for _, t in long_cases) / len(long_cases)
    print(f"text scorer: {len(long_cases)} answers of {mean_chars:,.0f} characters on average "
          f"({len(questions)} questions)")
    print(f"speed        {len(long_cases) / elapsed:,.0f} answers/s "
          "(one core, CPU time, in-process; target 500)")
    print(f"compile      {compiled_ms:.1f} ms per question, once per process")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
