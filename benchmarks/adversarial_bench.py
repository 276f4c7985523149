"""Does the offline text scorer grade claims, or vocabulary?  (issue 11)

Scores the adversarial suite in tests/data/adversarial — for 42 free-text questions of the built-in
bank, eight answers each: a correct paraphrase without the rubric's wording, swapped roles or
definitions, negated claims, every key point buried among wrong claims, keyword salad with symbols and
stop-words, terse bullets, restate-then-answer, and a correct partial answer — against bands an
interviewer wrote before any scorer run.  The bands are frozen: change the method, never the bands.

Prints, per class and per category, how many answers land in their band and their mean score, and how
often paraphrase > partial > salad holds on a question.  `--verbose` lists every answer out of band
and every question whose ordering fails.

`--heldout` scores tests/data/adversarial_heldout instead: the same eight classes on questions the main
suite does not use, banded before any scorer run and never used to tune the method.  It checks that a
change improves the method rather than its fit to the main suite's bands.

`--recall` scores tests/data/adversarial_recall: only right answers in the candidate's own words
(paraphrase, partial, terse, and short honest STAR stories) on 16 more questions, banded before any
scorer run and never used to tune the method.  It checks that right answers earn on questions the
method was not fitted to; a question there need not have every class.

`--claims` scores tests/data/adversarial_claims: only the precision classes (swapped, buried) on further
questions neither other set uses, banded before any scorer run.  It checks that wrong claims cost on
answers the method was never tuned on.

    .venv/bin/python benchmarks/adversarial_bench.py [--verbose] [--heldout | --recall | --claims]
"""

from __future__ import annotations

import itertools
import sys
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "adversarial"
HELDOUT = REPO / "tests" / "data" / "adversarial_heldout"
RECALL = REPO / "tests" / "data" / "adversarial_recall"
CLASSES = ("paraphrase", "swapped", "negated", "buried", "salad", "terse", "restate", "partial")
# The recall set: right answers only, "story" a short honest STAR answer to a behavioural question.
RECALL_CLASSES = ("paraphrase", "partial", "terse", "story")
CLAIMS = REPO / "tests" / "data" / "adversarial_claims"
# The claims set: the precision classes only.
PRECISION = ("swapped", "buried")
CATEGORIES = ("ml_theory", "system_design", "behavioural")
# strong > partial > salad, by class, on every question.
ORDER = ("paraphrase", "partial", "salad")


@dataclass(frozen=True)
class Case:
    """One adversarial answer with the band an interviewer gave it before the scorer saw it."""

    question_id: str
    kind: str
    low: int
    high: int
    text: str
    source: str


@dataclass(frozen=True)
class Scored:
    case: Case
    category: str
    score: float

    @property
    def in_band(self) -> bool:
        return self.case.low <= self.score <= self.case.high


def _fail(path: Path, field: str, value: object, fix: str) -> ValueError:
    return ValueError(f"{path.name}: {field} = {value!r}: {fix}")


def _band(path: Path, index: int, band: object) -> tuple[int, int]:
    if (isinstance(band, list) and len(band) == 2 and all(type(b) is int for b in band)
            and 0 <= band[0] <= band[1] <= 100):
        return band[0], band[1]
    raise _fail(path, f"answers[{index}].band", band, "write [low, high] with 0 <= low <= high <= 100")


def load_file(path: Path, classes: tuple[str, ...] = CLASSES) -> list[Case]:
    """The answers of one question file, each checked; a bad file raises one clear line.

    With the adversarial classes (the default) the file gives one answer of each; with others (the
    recall set) any of them, in any number."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path.name}: not valid TOML ({error}); fix the syntax") from None
    qid = data.get("question")
    if qid != path.stem:
        raise _fail(path, "question", qid, f"must equal the file name, {path.stem!r}")
    cases = []
    for i, answer in enumerate(data.get("answers", [])):
        kind, text = answer.get("class"), answer.get("text")
        if kind not in classes:
            raise _fail(path, f"answers[{i}].class", kind, f"use one of {', '.join(classes)}")
        if not isinstance(text, str) or not text.strip():
            raise _fail(path, f"answers[{i}].text", text, "write the answer's text")
        low, high = _band(path, i, answer.get("band"))
        cases.append(Case(qid, kind, low, high, text.strip(), path.name))
    kinds = sorted(c.kind for c in cases)
    if classes is CLASSES and kinds != sorted(CLASSES):
        raise _fail(path, "answers.class", kinds, f"give one answer of each class: {', '.join(CLASSES)}")
    return cases


def load_cases(directory: Path = DATA, classes: tuple[str, ...] = CLASSES) -> list[Case]:
    if not any(directory.glob("*.toml")):
        raise ValueError(f"{directory}: no question files (*.toml); check the path")
    return [case for path in sorted(directory.glob("*.toml")) for case in load_file(path, classes)]


def score_cases(cases: Iterable[Case]) -> list[Scored]:
    """Score every answer with the offline scorer's public entry point, on the built-in bank."""
    from interview.bank.loader import load_roots
    from interview.grading.rubric import score_answer
    from interview.paths import builtin_bank_dir

    bank = {q.id: q for q in load_roots([builtin_bank_dir()])}
    cases = list(cases)
    missing = sorted({c.source for c in cases if c.question_id not in bank})
    if missing:
        raise ValueError(f"{missing[0]}: no question with this id in the built-in bank; fix the name")
    return [Scored(c, bank[c.question_id].category, score_answer(bank[c.question_id], c.text).score)
            for c in cases]


def in_band_rate(results: Sequence[Scored]) -> float:
    return sum(r.in_band for r in results) / len(results) if results else 0.0


def ordering(results: Iterable[Scored]) -> dict[str, bool]:
    """Per question: does paraphrase > partial > salad hold (of the classes it has, at least two)?"""
    scores: dict[str, dict[str, float]] = {}
    for r in results:
        scores.setdefault(r.case.question_id, {})[r.case.kind] = r.score
    ranked = {qid: [s[k] for k in ORDER if k in s] for qid, s in scores.items()}
    return {qid: all(a > b for a, b in itertools.pairwise(r)) for qid, r in ranked.items() if len(r) > 1}


def _row(label: str, results: Sequence[Scored], order: dict[str, bool] | None = None) -> str:
    mean = sum(r.score for r in results) / len(results) if results else 0.0
    line = f"{label:15} {len(results):4}  {in_band_rate(results):7.1%}  {mean:6.1f}"
    if order is not None:
        line += f"  {sum(order.values()) / len(order):7.1%} of {len(order)}" if order else "      -"
    return line


def report(results: Sequence[Scored], verbose: bool = False, classes: tuple[str, ...] = CLASSES) -> list[str]:
    order = ordering(results)
    lines = [f"{'class':15} {'n':>4}  {'in band':>7}  {'mean':>6}", "-" * 38]
    lines += [_row(kind, [r for r in results if r.case.kind == kind]) for kind in classes]
    lines += [_row("all", results), "",
              f"{'category':15} {'n':>4}  {'in band':>7}  {'mean':>6}  {'order ok':>7}", "-" * 52]
    for category in CATEGORIES:
        subset = [r for r in results if r.category == category]
        ids = {r.case.question_id for r in subset}
        lines.append(_row(category, subset, {q: ok for q, ok in order.items() if q in ids}))
    lines.append(_row("all", results, order))
    lines += ["", "in band by category and class:", f"{'':15}" + "".join(f"{k[:8]:>9}" for k in classes)]
    for category in CATEGORIES:
        subsets = [[r for r in results if r.category == category and r.case.kind == k] for k in classes]
        lines.append(f"{category:15}" + "".join(f"{in_band_rate(s):9.0%}" if s else f"{'-':>9}"
                                                for s in subsets))
    if verbose:
        lines += ["", "out of band:"]
        lines += [f"  {r.case.question_id:38} {r.case.kind:10} {r.score:5.1f} "
                  f"not in [{r.case.low}, {r.case.high}]" for r in results if not r.in_band]
        by_q = {(r.case.question_id, r.case.kind): r.score for r in results}
        lines += ["", "ordering fails (paraphrase > partial > salad):"]
        lines += [f"  {q:38} " + "  ".join(f"{k} {by_q[q, k]:5.1f}" for k in ORDER if (q, k) in by_q)
                  for q, ok in order.items() if not ok]
    return lines


def main() -> int:
    if "--recall" in sys.argv:
        name, classes, cases = "recall set", RECALL_CLASSES, load_cases(RECALL, RECALL_CLASSES)
    elif "--claims" in sys.argv:
        name, classes, cases = "claims set", PRECISION, load_cases(CLAIMS, PRECISION)
    elif "--heldout" in sys.argv:
        name, classes, cases = "held-out set", CLASSES, load_cases(HELDOUT)
    else:
        name, classes, cases = "adversarial suite", CLASSES, load_cases(DATA)
    start = time.perf_counter()
    results = score_cases(cases)
    elapsed = time.perf_counter() - start
    questions = len({c.question_id for c in cases})
    print(f"{name}: {len(cases)} answers to {questions} questions, scored in {elapsed:.2f} s")
    print("\n".join(report(results, verbose="--verbose" in sys.argv or "-v" in sys.argv, classes=classes)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
