"""Browse search: index build and per-query time on the built-in bank and on 10,000 questions.

The 10,000 are the built-in questions plus HumanEval and MBPP (when ../shared/data is
present, for a realistic vocabulary), repeated under new ids.  Run with `nice`:

    nice .venv/bin/python benchmarks/search_bench.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from interview.bank.index import QuestionEntry, SearchText
from interview.bank.loader import load_roots
from interview.bank.models import AnyQuestion
from interview.bank.search import SearchIndex
from interview.paths import builtin_bank_dir

QUERIES: tuple[str, ...] = (
    "drift", "lora", "layer normalisation", "covariate shift", "dirft detection", "kv cache",
    "binary search tree", "attention mask", "fine tun", "conflict with manager", "sd.rag-document-qa",
)


def measure(pool: list[AnyQuestion]) -> None:
    questions = [QuestionEntry.of(q) for q in pool]
    texts = {q.id: SearchText.of(q) for q in pool}
    start = time.perf_counter()
    index = SearchIndex(questions, texts)
    build = time.perf_counter() - start
    times = []
    for _ in range(5):
        for query in QUERIES:
            start = time.perf_counter()
            index.search(query)
            times.append(time.perf_counter() - start)
    print(f"{len(questions):>6} questions: index built in {build * 1000:7.0f} ms; query median "
          f"{statistics.median(times) * 1000:5.2f} ms, worst {max(times) * 1000:5.2f} ms "
          f"({len(times)} queries)")


def main() -> None:
    builtin = list(load_roots([builtin_bank_dir()]))
    measure(builtin)
    pool: list[AnyQuestion] = list(builtin)
    try:
        import _sets

        if _sets.available():
            pool += _sets.load_questions()
    except ImportError:
        pass
    many = [q.model_copy(update={"id": f"{q.id}-{n}"})
            for n in range(10_000 // len(pool) + 1) for q in pool][:10_000]
    measure(many)


if __name__ == "__main__":
    main()
