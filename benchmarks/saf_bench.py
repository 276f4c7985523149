"""How well does the offline rubric scorer agree with human graders?

Imports the SAF short-answer set (1,476 real student answers to 18 networking
questions, each scored 0–1 by people; Filighera et al., ACL 2022, MIT licence)
as a `qa` pack, scores every answer and prints Pearson, Spearman and mean
absolute error against the human scores, answers per second on one core, and
the same agreement figures for a plain token-overlap baseline measured in the
same run, then the same figures without the literal non-answers ("no response", empty), which
any scorer gets right.  It also prints the figures for two fixed halves of the questions (A: the 1st,
3rd, 5th... in file order; B: the others), so a change tuned on one half can be checked on
the other before it is kept.  Skips cleanly when ../shared is absent.  With `--bank`, also scores
every text question of the built-in bank against the model answers and strong
examples of the other questions of its category: the share of those off-topic
answers that score above 30 (what `interview bank check` samples once per question).  With
`--embeddings`, the scorer blends in sentence-embedding similarity (the optional `embeddings`
extra; see interview/grading/rubric/semantic.py) and the model's load time is printed too.

    .venv/bin/python benchmarks/saf_bench.py [-v] [--bank] [--embeddings]
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAF = REPO.parent / "shared" / "data" / "saf" / "saf_en_training.jsonl"
_WORD = re.compile(r"[a-z0-9]+")
# Literal non-answers: the data set's placeholders for a blank submission.  Every scorer gets
# them right, so the agreement on the rest says how well it grades real answers.
NON_ANSWER = re.compile(r"^\s*((no|empty) (response|submission|answer)\.?)?\s*$", re.IGNORECASE)
_STOP = frozenset(re.findall(r"\w+", "a an and are as at be by for from has have in is it its of on or that "
                              "the this to was were will with which"))


def pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sx = math.sqrt(sum((x - mx) ** 2 for x in xs))
    sy = math.sqrt(sum((y - my) ** 2 for y in ys))
    return cov / (sx * sy) if sx and sy else 0.0


def ranks(values: list[float]) -> list[float]:
    """Average ranks, ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2
        i = j + 1
    return out


def agreement(predicted: list[float], human: list[float]) -> tuple[float, float, float]:
    mae = sum(abs(p - h) for p, h in zip(predicted, human, strict=True)) / len(human)
    return pearson(predicted, human), pearson(ranks(predicted), ranks(human)), mae


def token_overlap(reference: str, answer: str) -> float:
    """The baseline: share of the reference's content words that the answer repeats."""
    ref = {w for w in _WORD.findall(reference.lower()) if w not in _STOP}
    ans = {w for w in _WORD.findall(answer.lower()) if w not in _STOP}
    return len(ref & ans) / len(ref) if ref else 0.0


def off_topic_rates() -> None:
    """Per category: how often a polished answer to another question scores above 30."""
    from interview.bank.loader import load_roots
    from interview.grading.rubric import score_answer
    from interview.paths import builtin_bank_dir

    bank = load_roots([builtin_bank_dir()])
    for category in ("ml_theory", "system_design", "behavioural"):
        questions = [q for q in bank if q.category == category]
        others = [(q, o.model_answer, "model") for q in questions for o in questions if o.id != q.id]
        others += [(q, e.answer, "strong") for q in questions for o in questions
                   if o.id != q.id and (e := o.example("strong")) is not None]
        scores: dict[str, list[float]] = {"model": [], "strong": []}
        for question, answer, kind in others:
            scores[kind].append(score_answer(question, answer).score)
        rates = "  ".join(f"{kind} answers {sum(s > 30 for s in v) / len(v):5.1%} > 30 (max {max(v):.0f})"
                          for kind, v in scores.items() if v)
        print(f"off-topic {category:13} {len(questions):3} questions  {rates}")


def load_embeddings() -> bool:
    """Turn the extra on and load its model now, so its load time stays out of the speed figure."""
    os.environ["INTERVIEW_EMBEDDINGS"] = "1"
    from interview.grading.rubric import semantic

    start = time.perf_counter()
    if not semantic.active():
        print("skipped: --embeddings needs the extra: pip install 'interview[embeddings]'")
        return False
    print(f"embeddings           model loaded in {time.perf_counter() - start:.1f} s")
    return True


def main() -> int:
    if "--embeddings" in sys.argv and not load_embeddings():
        return 0
    if "--bank" in sys.argv:
        off_topic_rates()
    if not SAF.is_file():
        print(f"skipped: {SAF} not found (the SAF set lives in ../shared, outside the project)")
        return 0
    from interview.bank.importers.qa import build_pack
    from interview.bank.loader import load_roots
    from interview.grading.rubric import score_answer

    rows = [json.loads(line) for line in SAF.read_text("utf-8").splitlines() if line.strip()]
    saf_ids = list(dict.fromkeys(r["question_id"] for r in rows))
    first = {r["question_id"]: r for r in reversed(rows)}
    with tempfile.TemporaryDirectory() as tmp:
        table = Path(tmp) / "saf.jsonl"
        table.write_text("\n".join(json.dumps({
            "question": first[q]["question"], "reference_answer": first[q]["reference_answer"],
            "category": "ml_theory", "topics": "problem_solving", "difficulty": "medium",
        }) for q in saf_ids), "utf-8")
        build_pack(table, Path(tmp) / "saf", "saf", "qa")
        bank = load_roots([Path(tmp) / "saf"])
    if bank.problems:
        print(f"import failed: {bank.problems[0]}")
        return 1
    by_prompt = {" ".join(q.prompt.split()): q for q in bank}
    question_of = {q: by_prompt[" ".join(first[q]["question"].split())] for q in saf_ids}

    human = [float(r["score"]) for r in rows]
    start = time.perf_counter()
    results = [score_answer(question_of[r["question_id"]], r["answer"]) for r in rows]
    elapsed = time.perf_counter() - start
    predicted = [r.score / 100 for r in results]
    baseline = [token_overlap(r["reference_answer"], r["answer"]) for r in rows]

    p, s, mae = agreement(predicted, human)
    bp, bs, bmae = agreement(baseline, human)
    print(f"SAF (Filighera et al., ACL 2022; MIT): {len(rows)} answers to {len(saf_ids)} questions")
    print(f"rubric scorer        Pearson {p:.3f}  Spearman {s:.3f}  MAE {mae:.3f}")
    print(f"token-overlap base   Pearson {bp:.3f}  Spearman {bs:.3f}  MAE {bmae:.3f}")
    real = [i for i, r in enumerate(rows) if not NON_ANSWER.match(r["answer"])]
    rp, rs, rmae = agreement([predicted[i] for i in real], [human[i] for i in real])
    rbp, _, _ = agreement([baseline[i] for i in real], [human[i] for i in real])
    print(f"  without non-answers Pearson {rp:.3f}  Spearman {rs:.3f}  MAE {rmae:.3f}  "
          f"({len(rows) - len(real)} 'no response'/empty removed; token overlap {rbp:.3f})")
    for half, ids in (("A", saf_ids[0::2]), ("B", saf_ids[1::2])):
        idx = [i for i, r in enumerate(rows) if r["question_id"] in ids]
        hp, hs, hmae = agreement([predicted[i] for i in idx], [human[i] for i in idx])
        print(f"  half {half} ({len(ids)} q)      Pearson {hp:.3f}  Spearman {hs:.3f}  MAE {hmae:.3f}")
    print(f"speed                {len(rows) / elapsed:,.0f} answers/s "
          f"(one core, {elapsed * 1000:.0f} ms in all)")
    if "-v" in sys.argv:
        for q in saf_ids:
            idx = [i for i, r in enumerate(rows) if r["question_id"] == q]
            qp = pearson([predicted[i] for i in idx], [human[i] for i in idx])
            mean_p = sum(predicted[i] for i in idx) / len(idx)
            mean_h = sum(human[i] for i in idx) / len(idx)
            print(f"  {q:14} r={qp:+.2f}  mean predicted {mean_p:.2f}  human {mean_h:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
