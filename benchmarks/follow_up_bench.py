"""Follow-up figures over the whole bank: choice, self-consistency of written follow-ups, speed.

1. Choice: for answers missing a criterion (the model answer's evidence for every other
   criterion, and the weak example), how often the first follow-up probes a missed
   criterion — and how often that follow-up was written rather than derived.
2. Written follow-ups: the share whose own model answer scores >= 60 on their key points
   (a follow-up its model answer cannot pass is mis-keyed), with the worst listed.
3. Speed of scoring one follow-up answer.

    .venv/bin/python benchmarks/follow_up_bench.py [--worst N]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.bank.loader import load_roots  # noqa: E402
from interview.interviewer import followups  # noqa: E402
from interview.paths import builtin_bank_dir  # noqa: E402
from tests.test_interviewer_followups import probe_cases  # noqa: E402


def main() -> None:
    worst = int(sys.argv[sys.argv.index("--worst") + 1]) if "--worst" in sys.argv else 5
    bank = load_roots([builtin_bank_dir()])
    cases = hits = written = 0
    for first, missing in probe_cases(bank):
        cases += 1
        hits += first.probes in missing
        written += first.kind == "bank"
    print(f"first follow-up probes a missed criterion: {hits}/{cases} = {hits / cases:.3f} "
          f"(written {written}, derived from the criterion {cases - written})")
    scored = []
    started = time.perf_counter()
    for question in bank:
        for index, follow_up in enumerate(question.follow_ups):
            if follow_up.scored and follow_up.model_answer:
                turn = followups._bank_turn(question, index, "")
                scored.append((followups.score(question, turn, follow_up.model_answer).score or 0.0,
                               f"{question.id}[{index}]"))
    elapsed = time.perf_counter() - started
    passing = sum(score >= 60 for score, _ in scored)
    questions = sum(1 for q in bank if any(f.scored for f in q.follow_ups))
    print(f"written follow-ups: {len(scored)} with model answers over {questions} questions; "
          f"{passing}/{len(scored)} = {passing / max(1, len(scored)):.3f} score >= 60 "
          "on their own key points")
    for score, name in sorted(scored)[:worst]:
        print(f"  {score:5.1f}  {name}")
    print(f"{1000 * elapsed / max(1, len(scored)):.1f} ms per follow-up answer scored")


if __name__ == "__main__":
    main()
