"""Choose the interviewer's follow-up questions and score the answers to them.

Choice mirrors a good interviewer: first dig into the weakest criterion the answer
missed (a follow-up written for it, else one derived from the criterion itself), then
go deeper on a strong one.  Coding questions get spoken follow-ups — the complexity
(checked against the growth the grader measured), edge cases, a stream — besides any
the question defines.

A follow-up answer is scored by the public rubric scorer, on a small synthetic question
whose one criterion holds the follow-up's key points; it counts toward the probed
criterion's dimension (else `depth`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview.bank.models import (
    AnyQuestion,
    CodingQuestion,
    Criterion,
    FollowUp,
    KeyPoint,
    Misconception,
    MLTheoryQuestion,
)
from interview.grading.models import CodeReport, CriterionScore, GradeResult
from interview.interviewer.models import DEPTH, FollowUpTurn

MISSING_BELOW = 0.5  # a criterion scoring below this was missed
MET_FROM = 0.75  # at or above this it was met, and worth going deeper on
DEFAULT_COUNT = 2
MAX_COUNT = 3


@dataclass(frozen=True)
class Spoken:
    """A follow-up every coding question can take, with generic key points."""

    name: str
    text: str
    dimension: str
    key_points: tuple[KeyPoint, ...]


SPOKEN: dict[str, Spoken] = {s.name: s for s in (
    Spoken("complexity", "What is the time and space complexity of your solution, and why?",
           "efficiency", ()),
    Spoken("edge-cases", "Which edge cases would you test, and what does your code do on each?",
           "edge_cases", (
        KeyPoint(text="an empty input", also=("empty list", "empty string", "no elements", "zero elements")),
        KeyPoint(text="a single element", also=("one element", "length one", "single item")),
        KeyPoint(text="duplicates or repeated values", also=("repeated elements", "duplicate values")),
        KeyPoint(text="extreme values such as negative numbers or very large inputs",
                 also=("negative numbers", "very large input", "large values", "overflow", "zero")),
    )),
    Spoken("stream", "How would you handle the input arriving as a stream too large to fit in memory?",
           "efficiency", (
        KeyPoint(text="process the input one item at a time in a single pass",
                 also=("single pass", "one pass", "iterate over the stream",
                       "process each item as it arrives")),
        KeyPoint(text="keep only a bounded summary state in memory",
                 also=("constant memory", "bounded memory", "keep only a window", "keep a running count",
                       "keep a heap of size k", "fixed size buffer")),
        KeyPoint(text="accept an approximate answer or spill to disk when exact state does not fit",
                 also=("approximate", "sketch", "sampling", "external sort", "spill to disk", "chunks")),
    )),
)}


# ------------------------------------------------------------------ choice


def missing_criteria(result: GradeResult) -> list[CriterionScore]:
    """Criteria the answer missed, weakest (then heaviest) first."""
    return sorted((c for c in result.criteria if c.score < MISSING_BELOW), key=lambda c: (c.score, -c.weight))


def partial_criteria(result: GradeResult) -> list[CriterionScore]:
    """Criteria the answer covered in part (neither missed nor met), weakest (then heaviest) first."""
    return sorted((c for c in result.criteria if MISSING_BELOW <= c.score < MET_FROM),
                  key=lambda c: (c.score, -c.weight))


def met_criteria(result: GradeResult) -> list[CriterionScore]:
    return sorted((c for c in result.criteria if c.score >= MET_FROM), key=lambda c: (-c.score, -c.weight))


def _bank_turn(question: AnyQuestion, index: int, why: str) -> FollowUpTurn:
    follow_up = question.follow_ups[index]
    return FollowUpTurn(
        text=follow_up.text, ref=f"bank:{index}", kind="bank", probes=follow_up.probes,
        dimension=follow_up_dimension(question, follow_up), why=why,
        key_points=[k.text for k in follow_up.key_points], scored=follow_up.scored,
    )


def _derived_turn(criterion: Criterion) -> FollowUpTurn:
    """A follow-up made from a missed criterion itself: a second chance at its key points."""
    return FollowUpTurn(
        text=derived_text(criterion.assesses),
        ref=f"derived:{criterion.id}", kind="derived", probes=criterion.id, dimension=criterion.dimension,
        why=f"your answer missed '{criterion.assesses}'", key_points=[k.text for k in criterion.key_points],
    )


def derived_text(assesses: str) -> str:
    """A question from a criterion's description: "Explains the trade-off" -> "how would you explain it?"."""
    words = assesses.strip().rstrip(".").split(" ", 1)
    verb, rest = words[0].lower(), (words[1] if len(words) > 1 else "")
    if verb in _IRREGULAR:
        verb = _IRREGULAR[verb]
    elif verb.endswith("ies"):
        verb = verb[:-3] + "y"
    elif verb.endswith(("ches", "shes", "sses", "xes")):
        verb = verb[:-2]
    elif verb.endswith("s") and not verb.endswith("ss") and rest:
        verb = verb[:-1]
    else:
        topic = assesses[0].lower() + assesses[1:].rstrip(".")
        return f"Let's come back to something you did not cover: {topic}. How would you handle that here?"
    return f"Let's come back to something you did not cover: how would you {verb} {rest}?"


_IRREGULAR = {"does": "do", "is": "be", "has": "have", "goes": "go"}


def _spoken_turn(name: str) -> FollowUpTurn:
    spoken = SPOKEN[name]
    return FollowUpTurn(text=spoken.text, ref=f"spoken:{name}", kind="spoken", dimension=spoken.dimension,
                        why="interviewers usually ask it after code",
                        key_points=[k.text for k in spoken.key_points])


def follow_up_dimension(question: AnyQuestion, follow_up: FollowUp) -> str:
    if follow_up.dimension:
        return follow_up.dimension
    criterion = next((c for c in question.rubric if c.id == follow_up.probes), None)
    return criterion.dimension if criterion is not None else DEPTH


def _label(question: AnyQuestion, criterion_id: str | None) -> str:
    criterion = next((c for c in question.rubric if c.id == criterion_id), None)
    return criterion.assesses if criterion is not None else criterion_id or "this"


def choose(question: AnyQuestion, result: GradeResult, count: int = DEFAULT_COUNT) -> list[FollowUpTurn]:
    """Up to `count` (1-3) follow-ups: probe the weakest missed criterion, then go deeper on a strong one."""
    count = max(1, min(MAX_COUNT, count))
    scores = {c.criterion_id: c.score for c in result.criteria}
    missed = [c.criterion_id for c in missing_criteria(result)]
    met = {c.criterion_id for c in met_criteria(result)}
    follow_ups = list(enumerate(question.follow_ups))
    chosen: list[FollowUpTurn] = []
    used: set[int] = set()

    def take(index: int, why: str) -> None:
        used.add(index)
        chosen.append(_bank_turn(question, index, why))

    # 1. The weakest criterion not met: a follow-up written for it, else (if it was missed outright)
    #    one derived from it.  A half-covered criterion is probed too: it is what the answer lacked.
    for criterion_id in missed + [c.criterion_id for c in partial_criteria(result)]:
        written = [i for i, f in follow_ups if f.probes == criterion_id and f.when != "met" and f.scored]
        criterion = next((c for c in question.rubric if c.id == criterion_id), None)
        if written:
            verb = "missed" if criterion_id in missed else "only partly covered"
            take(written[0], f"your answer {verb} '{_label(question, criterion_id)}'")
            break
        if criterion_id in missed and criterion is not None and criterion.key_points:
            chosen.append(_derived_turn(criterion))
            break
    # An SQL answer has no measured growth and reads no stream: its written follow-ups ask about plans.
    python = isinstance(question, CodingQuestion) and question.code.language == "python"
    if python and len(chosen) < count:
        chosen.append(_spoken_turn("complexity"))
    # 2. Deeper on a strong criterion.
    deeper = sorted((i for i, f in follow_ups if i not in used and f.scored and f.probes in met
                     and f.when != "missing"),
                    key=lambda i: -scores.get(question.follow_ups[i].probes or "", 0))
    if deeper and len(chosen) < count:
        strong = _label(question, question.follow_ups[deeper[0]].probes)
        take(deeper[0], f"you did well on '{strong}'; it goes deeper")
    # 3. Anything else that applies, scored first, in the order the question lists them.
    rest = [i for i, f in follow_ups if i not in used and _applies(f, scores)]
    rest.sort(key=lambda i: not question.follow_ups[i].scored)
    for index in rest:
        if len(chosen) >= count:
            break
        take(index, "")
    if isinstance(question, CodingQuestion):
        for name in ("edge-cases", "stream") if python else ("edge-cases",):
            if len(chosen) < count:
                chosen.append(_spoken_turn(name))
    return chosen[:count]


def _applies(follow_up: FollowUp, scores: dict[str, float]) -> bool:
    if follow_up.probes is None or follow_up.when == "always":
        return True
    score = scores.get(follow_up.probes)
    if score is None:
        return True
    return score < MET_FROM if follow_up.when == "missing" else score >= MET_FROM


# ----------------------------------------------------------------- scoring


def key_points_of(question: AnyQuestion, turn: FollowUpTurn) -> tuple[KeyPoint, ...]:
    """The key points a follow-up answer is scored on, found again from its `ref`."""
    kind, _, name = turn.ref.partition(":")
    if kind == "bank" and name.isdigit() and int(name) < len(question.follow_ups):
        return question.follow_ups[int(name)].key_points
    if kind == "derived":
        criterion = next((c for c in question.rubric if c.id == name), None)
        return criterion.key_points if criterion is not None else ()
    if kind == "spoken" and name in SPOKEN:
        return SPOKEN[name].key_points
    return tuple(KeyPoint(text=t) for t in turn.key_points)


def _model_answer(question: AnyQuestion, turn: FollowUpTurn, points: tuple[KeyPoint, ...]) -> str:
    kind, _, name = turn.ref.partition(":")
    if kind == "bank" and name.isdigit() and int(name) < len(question.follow_ups):
        written = question.follow_ups[int(name)].model_answer
        if written:
            return written
    return ". ".join(p.text[0].upper() + p.text[1:] for p in points) + "."


def synthetic_question(question: AnyQuestion, turn: FollowUpTurn) -> MLTheoryQuestion | None:
    """The follow-up as a one-criterion question the rubric scorer can grade, or None if unscored."""
    points = key_points_of(question, turn)
    if not points:
        return None
    misconceptions: tuple[Misconception, ...] = ()
    kind, _, name = turn.ref.partition(":")
    if kind == "bank" and name.isdigit() and int(name) < len(question.follow_ups):
        misconceptions = question.follow_ups[int(name)].misconceptions
    criterion = Criterion(id="follow-up", assesses=turn.text[:200], dimension=turn.dimension,
                          key_points=points)
    return MLTheoryQuestion(
        id=f"{question.id}.follow-up.{turn.ref.replace(':', '-')}"[:120], title=question.title[:120],
        category="ml_theory", topics=question.topics, difficulty=question.difficulty, prompt=turn.text,
        minutes=2, model_answer=_model_answer(question, turn, points), rubric=(criterion,),
        misconceptions=misconceptions,
    )


def score(question: AnyQuestion, turn: FollowUpTurn, answer: str,
          code: CodeReport | None = None) -> FollowUpTurn:
    """The turn with the answer and its score; the complexity follow-up is checked against `code`."""
    turn = turn.model_copy(update={"answer": answer, "answered": bool(answer.strip())})
    if turn.ref == "spoken:complexity":
        return score_complexity(turn, answer, code)
    synthetic = synthetic_question(question, turn)
    if synthetic is None:
        return turn.model_copy(update={"scored": False,
                                       "verdict": "not scored: this follow-up has no key points"})
    from interview.grading.rubric import score_answer

    result = score_answer(synthetic, answer)
    criterion = result.criteria[0]
    score, verdict = result.score, result.summary
    if turn.kind == "derived" and pasted(answer, [p.text for p in key_points_of(question, turn)]):
        score = min(score, PASTED_CAP)
        verdict = (f"Capped at {PASTED_CAP:.0f}: the answer repeats the missing points Feedback listed; "
                   "explain them in your own words, with the why")
    elif copied(answer, question.model_answer):
        score = min(score, PASTED_CAP)
        verdict = (f"Capped at {PASTED_CAP:.0f}: the answer is copied from the model answer; say it in your "
                   "own words, as you would out loud")
    return turn.model_copy(update={
        "scored": True, "score": score, "found": criterion.found, "missing": criterion.missing,
        "evidence": criterion.evidence, "verdict": verdict, "grader": result.grader,
    })


PASTED_CAP = 30.0
_WORD = re.compile(r"[a-z0-9]+")


def copied(answer: str, reference: str, size: int = 6) -> bool:
    """Half or more of the answer's word 6-grams appear in the reference (it was shown on screen)."""
    said = _WORD.findall(answer.lower())
    if len(said) < size:
        return False
    ref = _WORD.findall(reference.lower())
    known = {tuple(ref[i:i + size]) for i in range(len(ref) - size + 1)}
    grams = [tuple(said[i:i + size]) for i in range(len(said) - size + 1)]
    return sum(g in known for g in grams) / len(grams) >= 0.5


def pasted(answer: str, points: list[str]) -> bool:
    """The answer is little more than the key points' own words (which Feedback showed as missing)."""
    said = _WORD.findall(answer.lower())
    if not said:
        return False
    shown = set(_WORD.findall(" ".join(points).lower()))
    return sum(w in shown for w in said) / len(said) >= 0.85


# -------------------------------------------------------------- complexity

_CLASS_WORDS = (
    (r"\bconstant\b", "O(1)"), (r"\blogarithmic\b", "O(log n)"),
    (r"\blinearithmic\b|\blog[- ]linear\b", "O(n log n)"), (r"\blinear\b", "O(n)"),
    (r"\bquadratic\b", "O(n^2)"), (r"\bcubic\b", "O(n^3)"), (r"\bexponential\b", "O(2^n)"),
)
_BIG_O = re.compile(r"\b(?:big[- ]?)?o\s*\(\s*([^()]*(?:\([^()]*\)[^()]*)*)\)", re.IGNORECASE)


def normalise_class(inner: str) -> str | None:
    """'n log n', 'nlogn', 'n*log(n)', 'n²', 'n**2' ... to the grader's class names."""
    text = inner.lower().replace(" ", "").replace("*", "").replace("²", "^2").replace("³", "^3")
    text = re.sub(r"log\((\w)\)", r"log\1", text).replace("^^", "^")
    text = re.sub(r"(\w)\^?2$", r"\1^2", text) if re.fullmatch(r"n\^?2|n2", text) else text
    table = {"1": "O(1)", "logn": "O(log n)", "n": "O(n)", "nlogn": "O(n log n)", "n^2": "O(n^2)",
             "n^3": "O(n^3)", "2^n": "O(2^n)", "n3": "O(n^3)", "n^{2}": "O(n^2)"}
    return table.get(text)


def claimed_classes(answer: str) -> tuple[list[str], str | None]:
    """(time classes, space class) the answer states; a clause about memory is the space claim.

    More than one time class is a hedge ("O(n) or maybe O(n^2)"), which earns little.
    """
    times: list[str] = []
    space = None
    for clause in re.split(r"(?<=[.;!?])\s+|\n+|,|;|\band\b|\bwhile\b|\bbut\b", answer):
        folded = clause.lower()
        classes = [normalise_class(m.group(1)) for m in _BIG_O.finditer(clause)]
        classes += [name for pattern, name in _CLASS_WORDS if re.search(pattern, folded)]
        found = [c for c in classes if c]
        if not found:
            continue
        if re.search(r"\b(space|memory|auxiliary|storage)\b", folded):
            space = space or found[0]
        else:
            times += [c for c in found if c not in times]
    return times, space


def score_complexity(turn: FollowUpTurn, answer: str, code: CodeReport | None) -> FollowUpTurn:
    """Credit for a stated time complexity that matches the growth measured on the candidate's code."""
    from interview.grading.code.complexity import TWINS

    times, space = claimed_classes(answer)
    time = times[0] if len(times) == 1 else None
    report = code.complexity if code is not None else None
    measured = report.measured if report is not None else None
    target = report.target if report is not None else None
    found: list[str] = []
    missing: list[str] = []
    if len(times) > 1:
        credit = 0.0
        verdict = f"You named {', '.join(times)}: commit to one time complexity and say why."
        missing.append("one time complexity, stated with its reason")
    elif time is None:
        credit, verdict = 0.0, "No time complexity stated: say it in big-O, e.g. 'O(n) time'."
        missing.append("the time complexity in big-O")
    elif measured is not None:
        if time == measured:
            credit, verdict = 1.0, f"You said {time}; the measured growth of your code is {measured}."
        elif TWINS.get(time) == measured:
            credit = 0.8
            verdict = f"You said {time}; measured {measured} — the two are hard to tell apart at these sizes."
        else:
            credit = 0.0
            verdict = (f"You said {time}, but your code measured {measured}: "
                       "check the loops and library calls.")
        (found if credit >= 0.5 else missing).append(f"time complexity matches the measured {measured}")
    elif target is not None:
        credit = 0.7 if time == target else 0.2
        verdict = (f"You said {time}; growth was not measured, and the question's target is {target}"
                   + ("." if time == target else ": explain why yours differs."))
        (found if credit >= 0.5 else missing).append(f"time complexity ({target} expected)")
    else:
        credit, verdict = 0.6, f"You said {time}; nothing was measured to check it against."
        found.append(f"states the time complexity ({time})")
    if space is not None:
        found.append(f"states the space complexity ({space})")
    else:
        missing.append("the extra space the solution uses")
    total = 0.8 * credit + (0.2 if space is not None else 0.0)
    return turn.model_copy(update={
        "scored": True, "score": round(100 * total, 1), "found": found, "missing": missing,
        "evidence": [answer.strip()[:200]] if time else [], "verdict": verdict, "grader": "complexity check",
    })
