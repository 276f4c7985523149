"""Store benchmark: recording cost at 100 and 20,000 attempts, and the summary at 20,000.

Prints the figures and the issue's ratios, measured in one run:
  record(20k) / record(100)       goal <= 3
  summary(20k)                    goal <= 0.3 s
  summary(20k) / json.load(rows)  goal <= 2  (the same data: every index segment and the card cache)

Run: .venv/bin/python benchmarks/store_bench.py
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from interview.bank.loader import load_roots
from interview.bank.models import AnyQuestion
from interview.grading.models import CodeReport, CriterionScore, GradeResult, LLMFeedback, TestOutcome
from interview.paths import Paths, builtin_bank_dir
from interview.progress.models import Attempt
from interview.progress.store import Store
from interview.progress.summary import build_summary

WORDS = ("model", "data", "latency", "cache", "batch", "gradient", "feature", "metric", "label", "drift",
         "retrain", "index", "token", "embedding", "recall", "precision", "shard", "queue", "replica")
NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
RECORD_SAMPLES = 40


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def realistic_attempt(rng: random.Random, question: AnyQuestion, finished: datetime) -> Attempt:
    """An attempt shaped like a real one: a ~1.5 kB answer, rubric evidence, tests for code, some LLM."""
    skill = rng.random()
    criteria = [
        CriterionScore(criterion_id=c.id, dimension=c.dimension, assesses=c.assesses, weight=c.weight,
                       score=round(min(1.0, max(0.0, rng.gauss(skill, 0.2))), 2),
                       evidence=[_text(rng, 12)], found=[_text(rng, 4)], missing=[_text(rng, 4)])
        for c in question.rubric
    ]
    code = None
    if question.category == "coding":
        tests = [TestOutcome(name=f"t{i}", hidden=i > 3, verdict="passed" if rng.random() < skill else
                             "wrong_answer", input="[1, 2, 3]", expected="6", actual="6", duration_ms=0.4)
                 for i in range(8)]
        code = CodeReport(tests=tests, visible_passed=3, visible_total=4, hidden_passed=3, hidden_total=4)
    llm = None
    if rng.random() < 0.2:
        llm = LLMFeedback(provider="anthropic", model="claude", overall=skill * 100,
                          strengths=[_text(rng, 15)], improvements=[_text(rng, 15)], cost_usd=0.002)
    score = round(100 * (sum(c.score for c in criteria) / len(criteria) if criteria else skill), 1)
    minutes = rng.uniform(0.5, 1.4) * question.minutes
    return Attempt(
        question_id=question.id, question_version=question.version, category=question.category,
        topics=list(question.topics), mode="mock" if rng.random() < 0.15 else "practice",
        answer=_text(rng, 220), hints_used=rng.choice((0, 0, 0, 1, 2)),
        result=GradeResult(question_id=question.id, category=question.category, score=score,
                           summary=_text(rng, 20), criteria=criteria, code=code, llm=llm, grader="bench"),
        time_taken_s=minutes * 60, time_limit_s=question.minutes * 60,
        started_at=finished - timedelta(minutes=minutes), finished_at=finished,
    )


def history(questions: list[AnyQuestion], count: int, seed: int = 7) -> list[Attempt]:
    """`count` attempts ending at NOW, ~18 a day: a daily user over the years, oldest first."""
    rng = random.Random(seed)
    span = timedelta(days=count / 18)
    stamps = sorted(NOW - span * rng.random() for _ in range(count))
    return [realistic_attempt(rng, rng.choice(questions), t) for t in stamps]


def median_time(action, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def record_time(home: Path, questions: list[AnyQuestion], size: int) -> tuple[float, Store]:
    store = Store.open(Paths(home))
    attempts = history(questions, size)
    for start in range(0, size, 1000):
        store.record_attempts(attempts[start:start + 1000])
    rng = random.Random(99)
    extra = iter([realistic_attempt(rng, rng.choice(questions), NOW) for _ in range(RECORD_SAMPLES)])
    return median_time(lambda: store.record_attempt(next(extra)), RECORD_SAMPLES), store


def main() -> None:
    bank = load_roots([builtin_bank_dir()])
    questions = list(bank)
    with tempfile.TemporaryDirectory() as tmp:
        small, store_small = record_time(Path(tmp) / "small", questions, 100)
        store_small.close()
        large, store = record_time(Path(tmp) / "large", questions, 20_000)
        print(f"record one attempt, 100 in store:    {small * 1000:7.2f} ms")
        print(f"record one attempt, 20,000 in store: {large * 1000:7.2f} ms")
        print(f"ratio 20k/100: {large / small:.2f}   (goal <= 3)")
        store.close()

        home = Paths(Path(tmp) / "large")
        files = [*sorted((home.store_dir / "segments").glob("index-*.json")), home.store_dir / "cards.json"]

        def fresh_summary() -> None:
            with Store.open(home, read_only=True) as reader:
                build_summary(bank, reader, NOW)

        with Store.open(home) as writer:  # cold: no card cache yet; this run fills it
            cold_start = time.perf_counter()
            build_summary(bank, writer, NOW)
            cold = time.perf_counter() - cold_start
        warm = median_time(fresh_summary, 5)
        bare = median_time(lambda: [json.loads(f.read_bytes()) for f in files], 5)
        size_mb = sum(f.stat().st_size for f in files) / 1e6
        print(f"summary at 20,000 (store opened, rows read, cards cached): {warm:.3f} s   (goal <= 0.3 s)")
        print(f"summary at 20,000 with an empty card cache (first run):     {cold:.3f} s")
        print(f"bare json.load of the same data ({len(files)} files, {size_mb:.1f} MB): {bare:.3f} s")
        print(f"ratio summary/json.load: {warm / bare:.2f}   (goal <= 2)")


if __name__ == "__main__":
    main()
