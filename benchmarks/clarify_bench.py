"""How well the offline clarify matcher reveals the facts a clarifying question asks for.

Reads the frozen set in tests/data/clarify/questions.toml (questions written before the
matcher, with the fact ids they ask for; `facts = []` asks for nothing known) and prints
precision and recall of revealed facts, overall and on each half of the questions (the
first half of the system-design questions was looked at while building the lexicon, the
second half not), plus the share of "nothing known" questions answered "up to you", and how
a fact asked for again in other words is answered (a reminder, never a second reveal).

It also checks the LLM interviewer's fact check (`interview.interviewer.llm.fact_checked`)
on scripted model replies to the same questions: a faithful reply (the facts asked for,
verbatim) must pass, and replies that change a number, add one, or assume one where
no fact applies must be refused.

    .venv/bin/python benchmarks/clarify_bench.py [--misses]
"""

from __future__ import annotations

import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.bank.loader import load_roots  # noqa: E402
from interview.bank.models import SystemDesignQuestion  # noqa: E402
from interview.interviewer import clarify  # noqa: E402
from interview.paths import builtin_bank_dir  # noqa: E402

SET = ROOT / "tests" / "data" / "clarify" / "questions.toml"


def load_cases() -> list[dict[str, object]]:
    return tomllib.loads(SET.read_text("utf-8"))["case"]


def evaluate(cases: list[dict[str, object]], show: bool = False) -> dict[str, float]:
    bank = load_roots([builtin_bank_dir()])
    clarify.use_bank_facts(bank)
    tp = fp = fn = 0
    quiet = none = 0
    for case in cases:
        question = bank.get(str(case["q"]))
        assert isinstance(question, SystemDesignQuestion)
        expected = set(case["facts"])  # type: ignore[arg-type]
        got = set(clarify.ask(question, str(case["ask"])).fact_ids)
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
        if not expected:
            none += 1
            quiet += not got
        if show and got != expected:
            print(f"  {case['q']}: {case['ask']!r} expected {sorted(expected)} got {sorted(got)}")
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "up_to_you": quiet / none if none else 1.0, "cases": len(cases)}


def repeats(cases: list[dict[str, object]]) -> tuple[int, int, int]:
    """(reminded, revealed again, repeats): every pair of differently worded questions on one
    system-design question that ask for a common fact the matcher finds in both, the second
    asked after the first."""
    bank = load_roots([builtin_bank_dir()])
    clarify.use_bank_facts(bank)
    reminded = again = total = 0
    for a in cases:
        for b in cases:
            if a is b or a["q"] != b["q"] or a["ask"] == b["ask"]:
                continue
            question = bank.get(str(a["q"]))
            assert isinstance(question, SystemDesignQuestion)
            first = clarify.ask(question, str(a["ask"]))
            second = clarify.ask(question, str(b["ask"]), [first])
            # Facts both questions asked for and the matcher found twice (a miss is recall's business).
            asked_again = (set(first.fact_ids) & set(b["facts"])  # type: ignore[arg-type]
                           & {*second.fact_ids, *second.repeated})
            if not asked_again:
                continue
            total += 1
            reminded += asked_again <= set(second.repeated) and (
                bool(second.fact_ids) or second.reply.startswith(clarify.AS_I_SAID))
            again += bool(asked_again & set(second.fact_ids))
    return reminded, again, total


def fact_check(cases: list[dict[str, object]]) -> dict[str, tuple[int, int]]:
    """(refused, replies) per kind of scripted model reply; only 'faithful' should pass."""
    import re

    from interview.interviewer import llm

    bank = load_roots([builtin_bank_dir()])
    counts = {"faithful": [0, 0], "changed number": [0, 0], "added number": [0, 0], "assumed number": [0, 0]}

    def refused(question: SystemDesignQuestion, ids: list[str], text: str) -> bool:
        try:
            llm.fact_checked(question, "?", llm.ClarifyReply(fact_ids=ids, reply=text))
        except llm.FactCheckFailed:
            return True
        return False

    for case in cases:
        question = bank.get(str(case["q"]))
        assert isinstance(question, SystemDesignQuestion)
        ids = [str(i) for i in case["facts"]]  # type: ignore[attr-defined]
        told = " ".join(f.answer for f in question.facts if f.id in ids)
        replies = {"assumed number": ([], "Assume about 4,000 requests per second at peak.")}
        if ids:
            replies = {"faithful": (ids, told), "added number": (ids, told + " There are 37 regions.")}
            first = re.search(r"(?<![\w.])\d[\d,.]*", told)  # a number, not part of a name (H100)
            if first:
                doubled = str(2 * float(first.group().replace(",", "").rstrip(".")))
                replies["changed number"] = (ids, told[:first.start()] + doubled + told[first.end():])
        for kind, (reply_ids, text) in replies.items():
            counts[kind][0] += refused(question, reply_ids, text)
            counts[kind][1] += 1
    return {kind: (r, n) for kind, (r, n) in counts.items()}


def main() -> None:
    cases = load_cases()
    ids = sorted({str(c["q"]) for c in cases}, key=lambda i: [str(c["q"]) for c in cases].index(i))
    first = set(ids[: len(ids) // 2])
    started = time.perf_counter()
    overall = evaluate(cases, show="--misses" in sys.argv)
    elapsed = time.perf_counter() - started
    print(f"clarify matcher over {len(ids)} system-design questions ({overall['cases']:.0f} questions asked)")
    for label, subset in (("all", cases), ("first half", [c for c in cases if c["q"] in first]),
                          ("second half", [c for c in cases if c["q"] not in first])):
        figures = overall if label == "all" else evaluate(subset)
        print(f"  {label:<12} precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  "
              f"'up to you' on unknowns {figures['up_to_you']:.3f}  ({figures['cases']:.0f} cases)")
    print(f"  {1000 * elapsed / overall['cases']:.2f} ms per question (including the bank load)")
    reminded, again, total = repeats(cases)
    print(f"repeats (a fact asked for again in other words): {reminded}/{total} told as a reminder "
          f"(\"As I said, ...\"), {again} revealed as new a second time")
    print("LLM fact check on scripted replies (refused / replies; only 'faithful' should pass)")
    for kind, (refused, replies) in fact_check(cases).items():
        print(f"  {kind:<15} {refused:>3} / {replies:<3} refused")


if __name__ == "__main__":
    main()
