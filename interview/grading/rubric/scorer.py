"""Score a free-text answer against its question's rubric, offline and in a millisecond or two.

Per criterion: the share of its key points the answer makes (see `matching`),
with the sentences that made them as evidence.  Criteria without hand-written
key points (imported Q&A) get key points derived from the model answer.  Then
category checks (STAR for behavioural, design phases for system design), the
answer's length against the time given, and the anti-gaming caps apply.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz

from interview.bank.models import (
    AnyQuestion,
    BehaviouralQuestion,
    Criterion,
    KeyPoint,
    Misconception,
    SystemDesignQuestion,
)
from interview.grading.models import ClaimIssue, Confidence, CriterionScore, GradeResult
from interview.grading.rubric import overclaims, red_flags, semantic, signals
from interview.grading.rubric.background import background, rubric_text, text_terms
from interview.grading.rubric.lexicon import GENERIC_CONCEPTS, rivals
from interview.grading.rubric.matching import (
    ROLE_GROUP,
    AnswerIndex,
    KeyPointSpec,
    SubjectRival,
    claim_cover,
    compile_key_point,
    contradicts,
    echo_terms,
    subject_rivals,
    swaps_subject,
)
from interview.grading.rubric.signals import Flag
from interview.grading.rubric.text import DIRECTIONS, Clause, fold, split_sentences, words
from interview.words import a_or_an, plural

FOUND = 0.5  # a key point with at least this credit counts as made
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
_COUNT = re.compile(
    r"\b(?:at least|name|list|state|give|describe|explain|mention|provide)\s+(?:the\s+|any\s+)?"
    r"(\d|one|two|three|four|five|six|both)\b"
)
# Derived key points: the share of a reference answer's ideas that earns full credit (a
# reference usually says more than a complete answer needs), and the concave credit curve
# that gives the first ideas more weight than the last ones.
DERIVED_SHARE = 0.4
DERIVED_CURVE = 2.0
# Hand-written key points: a criterion's score is the share of its key points made, raised to
# this power, so the first points made count more than the last (an interviewer gives a correct
# but incomplete answer 30-70, not its bare share of the rubric).
KEY_POINT_CURVE = 0.8
# A clean technical answer (no wrong claim, on topic) to hand-written key points: its overall coverage
# is raised to this power (see `_clean_technical`).  An interviewer gives a correct answer that makes a
# third of a long rubric 30-70, not 30: the first points matter most, and what is missing is already
# missing from the score.
CLEAN_CURVE = 0.6
# Rubric dimensions that show a design phase under another name: sizing works out the requirements' scale.
_PHASE_OF_DIMENSION = {"sizing": "requirements", "scaling": "serving", "monitoring": "failure_modes"}
# A reference that offers alternatives ("Possible challenges:", "one of the following") is a
# menu: a complete answer picks from it, so full credit comes at a smaller share of its ideas.
MENU = re.compile(r"\bpossible \w+\s*:|\b(?:one|any) of the following\b|\balternatively\b")
MENU_SHARE = 0.75 * DERIVED_SHARE
# A reference's opening "No." or "Yes." is a verdict of its own, not a negation of the statement
# after it ("No. Real traffic comes in bursts" must not need "does not come in bursts").
_VERDICT = re.compile(r"(?<![\w.])(no|yes)\.(?=\s+[A-Z])", re.IGNORECASE)
# Relevance (see `relevance`) as a share of the model answer's: at or below OFF_TOPIC the answer
# earns nothing, at ON_TOPIC or above it keeps its full score.  Over the bank, an answer to
# another question reaches 0.05-0.09 (median; 0.3 at the 99th percentile), a good answer to
# this one 0.35 or more (5th percentile; behavioural stories are the lowest).
OFF_TOPIC = 0.1
ON_TOPIC = 0.4
# Key-point coverage (weighted share of criterion credit) that, on its own, shows an answer is
# on topic: none at COVERED_OFF (what another question's answer reaches through shared
# phrasings), fully at COVERED_ON (most of the rubric made).
COVERED_OFF = 0.45
COVERED_ON = 0.75
# A key point the answer reverses costs this much (of 100) on top of the credit it loses; a
# listed misconception costs its own penalty.  Each wrong claim after the first adds REPEAT_COST of
# the total again: one wrong claim among right ones may be a slip, several show the candidate does
# not know the topic (an interviewer then gives a complete-sounding answer 15-45).  Wrong claims
# cost at most WRONG_MAX in all.
CONTRADICTION_PENALTY = 10.0
AMBIGUOUS_SHARE = 0.5  # of a misconception's penalty, when its sentence also makes a key point
REPEAT_COST = 0.5
WRONG_MAX = 60.0
# A misconception is charged when a sentence makes it this fully (a stricter curve than a key
# point's: a wrong claim must be made, not merely touched on) ...
MISCONCEPTION_CURVE = (0.5, 0.85)
# ... and one claim (a clause, or two adjacent clauses of a sentence) holds this share of it, with
# its actors: a long sentence must not assemble a wrong claim from words of several right ones.
MISCONCEPTION_CLAIM = 0.6
# A sentence that holds this many of the ideas only a misconception's correction states ("running
# averages", "local optimum") is making the correction in its own words, not the wrong claim.
CORRECTIVE_IDEAS = 2
# A sentence that names a claim as an error, or quotes it, reports the claim rather than making it
# ("The mistake: selecting features on the full data set", '"A 97% chance it is better" — same error').
_REPORTED = re.compile(
    r"\b(?:the|a|common|typical|classic|leakage|same)\s+"
    r"(?:mistakes?|misconceptions?|myths?|pitfalls?|traps?)\s*(?::|—|is\b)"
    r"|\b(?:same|common|classic) error\b|\bmisconceptions?\b|\bmyths?\b|\bfallac(?:y|ies)\b"
    r"|[\"“][^\"”]{12,}[\"”]",
    re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CompiledCriterion:
    criterion: Criterion
    points: tuple[KeyPointSpec, ...]
    derived: bool
    required: int
    share: float = DERIVED_SHARE  # derived key points: the share of the reference that earns full credit


@dataclass(frozen=True, slots=True)
class CompiledMisconception:
    spec: KeyPointSpec
    correction: str
    penalty: float
    criterion: str | None
    # The correction as a claim, and the ideas (slot heads) it states that no phrasing of the wrong one does.
    fix: KeyPointSpec | None = None
    corrective: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CompiledQuestion:
    criteria: tuple[CompiledCriterion, ...]
    model_words: int
    topic: dict[str, float]  # term -> its IDF: what the question is about
    topic_mass: float
    model_relevance: float
    misconceptions: tuple[CompiledMisconception, ...] = ()
    # Every rival term with its group: the lexicon's and the question's own actors (`question_roles`).
    rival_key: frozenset[tuple[str, int]] = frozenset()
    # Per key point, its siblings that say a parallel claim of another subject (`subject_rivals`).
    subjects: dict[KeyPointSpec, tuple[SubjectRival, ...]] = field(default_factory=dict)


@lru_cache(maxsize=512)
def compile_question(question: AnyQuestion) -> CompiledQuestion:
    """Key points as matchable slots, built once per question (questions are immutable)."""
    echo = echo_terms(question.prompt)
    derived_points = derive_key_points(question.model_answer, echo)
    asked = requested_count(question.prompt)
    criteria = []
    full = MENU_SHARE if MENU.search(fold(question.model_answer)) else DERIVED_SHARE
    for criterion in question.rubric:
        if criterion.key_points:
            points = tuple(compile_key_point(k.text, k.also, echo, *_numeric(k))
                           for k in criterion.key_points)
            criteria.append(CompiledCriterion(criterion, points, False, len(points)))
        else:
            share = max(1, math.ceil(full * len(derived_points)))
            required = min(len(derived_points), asked) if asked else share
            criteria.append(CompiledCriterion(criterion, derived_points, True, max(1, required), full))
    idf = background().idf
    topic = {t: idf(question.category, t) ** 2 for t in text_terms(rubric_text(question))}
    compiled = CompiledQuestion(tuple(criteria), len(words(fold(question.model_answer))), topic,
                                sum(topic.values()), 1.0)
    model = relevance(question, compiled, text_terms(question.model_answer))
    wrong = tuple(_compile_misconception(m, echo) for m in question.misconceptions)
    rival = {**question_roles(criteria), **rivals()}
    return CompiledQuestion(compiled.criteria, compiled.model_words, topic, compiled.topic_mass, model or 1.0,
                            wrong, frozenset(rival.items()),
                            subject_rivals(tuple(c.points for c in criteria if not c.derived),
                                           frozenset(rival), compared_subjects(criteria, question.title)))


def _compile_misconception(wrong: Misconception, echo: frozenset[str]) -> CompiledMisconception:
    spec = _strict(compile_key_point(wrong.claim, wrong.also, echo))
    claimed = {slot[0] for v in spec.variants for slot, _ in v.slots}
    fix = compile_key_point(wrong.correction, (), echo)
    corrective = frozenset(slot[0] for v in fix.variants[:1] for slot, _ in v.slots  # not the topic's words
                           if slot[0] not in claimed and slot[0] not in DIRECTIONS and len(slot[0]) > 2
                           and not any(t in echo for t in slot))
    return CompiledMisconception(spec, wrong.correction, wrong.penalty, wrong.criterion, fix, corrective)


def question_roles(criteria: list[CompiledCriterion]) -> dict[str, int]:
    """Entities the question's hand-written key points keep relating: one rival group.

    An idea that heads claims in two or more key points ("the policy", "the reward model" in
    RLHF) is an actor of the question; an answer that gives one actor's role to another
    ("the reward model exploits flaws in the policy") swaps roles.
    """
    counts: dict[str, int] = {}
    for criterion in criteria:
        if criterion.derived:
            continue
        for point in criterion.points:
            heads = {slot[0] for slot, _ in point.variants[0].slots} if point.variants else set()
            for head in heads:
                counts[head] = counts.get(head, 0) + 1
    return {head: ROLE_GROUP for head, n in counts.items()
            if n >= 2 and head not in DIRECTIONS and head not in GENERIC_CONCEPTS and len(head) > 2}


def compared_subjects(criteria: list[CompiledCriterion], title: str) -> frozenset[str]:
    """The subjects the question asks to compare: ideas that open a hand-written key point and are
    named in its title ("greedy" and "beam" for "Greedy decoding versus beam search").  An answer
    that says one's claim of the other swaps them."""
    subjects = {point.variants[0].slots[0][0][0] for c in criteria if not c.derived
                for point in c.points if point.variants}
    titled = text_terms(title)
    named = frozenset(s for s in subjects if s in titled and s not in DIRECTIONS and s not in GENERIC_CONCEPTS
                      and len(s) > 2)
    return named if len(named) >= 2 else frozenset()


_PERCENT = re.compile(r"(?<![\w.])(?:(\d+(?:\.\d+)?)\s*(?:–|-|to)\s*)?(\d+(?:\.\d+)?)\s*(?:%|percent\b)")


def _numeric(point: KeyPoint) -> tuple[float | None, float, str]:
    """A key point's number: its `value`, or else a percentage its text states ("about 19 percent").

    A stated percentage is the claim, so another number for it ("95 %") must not earn it; the
    implied tolerance is a tenth of the value (people round), at least half a point.
    """
    if point.value is not None:
        return point.value, point.tolerance, point.unit
    found = _PERCENT.findall(point.text)
    if len(found) == 1:
        low, high = float(found[0][0] or found[0][1]), float(found[0][1])  # "20–30 percent" is a range
        value = (low + high) / 2
        return value, (high - low) / 2 + max(0.5, value / 10), "%"
    return None, 0.0, ""


def _strict(spec: KeyPointSpec) -> KeyPointSpec:
    """A misconception's phrasings on the stricter curve (phrases of one idea stay exact)."""
    variants = tuple(v if v.curve[0] > MISCONCEPTION_CURVE[0] else replace(v, curve=MISCONCEPTION_CURVE)
                     for v in spec.variants)
    return replace(spec, variants=variants)


def relevance(question: AnyQuestion, compiled: CompiledQuestion, terms: set[str]) -> float:
    """TF-IDF cosine between the answer's terms and the question's (prompt, criteria, key points).

    Terms count once (binary TF), weighted by IDF on both sides, so each shared term adds
    its IDF squared: generic words weigh almost nothing, and a polished answer to another
    question shares little with this one however well it is told.
    """
    idf = background().idf
    mass = sum(idf(question.category, t) ** 2 for t in terms)
    shared = sum(compiled.topic[t] for t in terms if t in compiled.topic)
    return shared / math.sqrt(mass * compiled.topic_mass) if mass and compiled.topic_mass else 0.0


def derive_key_points(reference: str, echo: frozenset[str]) -> tuple[KeyPointSpec, ...]:
    """Each statement of a reference answer (sentence, clause or list item) becomes a key point."""
    points = []
    for sentence in split_sentences(_VERDICT.sub(r"\1;", reference)):
        if sentence.rstrip().endswith(":") and len(sentence) < 60:
            continue  # a heading such as "Possible differences:"
        for part in re.split(r";\s+|\s+[-–—]\s+(?=\w)", sentence):
            part = part.strip(" .")
            spec = compile_key_point(part, (), echo) if part else None
            if spec and spec.variants and len(spec.variants[0].slots) >= 1:
                points.append(spec)
    return tuple(points)


def requested_count(prompt: str) -> int:
    """How many items the question asks for ("name the 3 classes", "at least 4 differences"), or 0."""
    match = _COUNT.search(fold(prompt))
    if not match:
        return 0
    value = match.group(1)
    return int(value) if value.isdigit() else _NUMBER_WORDS[value]


def score_answer(question: AnyQuestion, answer: str) -> GradeResult:
    """Grade a text answer on the question's rubric; see the module docstring for how."""
    compiled = compile_question(question)
    flag = signals.non_answer(answer)
    if flag is not None:
        return _result(question, [_blank(c, flag) for c in compiled.criteria], 0.0, [flag],
                       f"Score 0: {flag.message}.")
    index = AnswerIndex(answer, own_actions=isinstance(question, BehaviouralQuestion))
    flags: list[Flag] = []
    copy = _copy_of_question(index, question.prompt, answer)
    if copy:
        flags.append(copy)
    wrong = _misconceptions(compiled, index)
    reversed_points = _contradictions(compiled, index)
    conduct = _conduct(question, answer)
    confessed = {issue.sentence for issue in conduct}  # a story's bad conduct earns no key point
    index.set_aside(set(reversed_points.values()) | {k for _, k, ambiguous in wrong if not ambiguous}
                    | {k for k, (i, _, _) in enumerate(index.clauses)
                       if index.sentences[i].text in confessed})
    criteria = [_score_criterion(c, index, reversed_points) for c in compiled.criteria]
    contradictions = [ClaimIssue(kind="contradiction", sentence=index.sentences[index.clauses[k][0]].text,
                                 claim=point.text, penalty=CONTRADICTION_PENALTY, criterion_id=cid)
                      for (cid, point), k in reversed_points.items()]
    misconceptions = [ClaimIssue(kind="misconception", sentence=index.sentences[index.clauses[k][0]].text,
                                 claim=m.spec.text, correction=m.correction,
                                 penalty=m.penalty * (AMBIGUOUS_SHARE if ambiguous else 1.0),
                                 criterion_id=m.criterion) for m, k, ambiguous in wrong]
    unbacked = _overclaims(question, index, {i.sentence for i in [*contradictions, *misconceptions]})
    on_topic = _on_topic(question, compiled, index, flags, _coverage(criteria))
    star = signals.star(answer) if isinstance(question, BehaviouralQuestion) and question.star else None
    if star is not None:
        criteria = [_lift_with_star(c, star) for c in criteria]
    total_weight = sum(c.weight for c in criteria)
    overall = sum(c.score * c.weight for c in criteria) / total_weight
    if _clean_technical(question, compiled, wrong, reversed_points):
        overall **= 1 - (1 - CLEAN_CURVE) * on_topic  # as far as the answer is on topic: no cliff at 1
    notes: list[str] = []
    if star is not None:
        overall *= 0.75 + 0.25 * star.score
        if star.missing():
            notes.append("STAR: add " + ", ".join(star.missing()))
    if isinstance(question, SystemDesignQuestion):
        covered = _phases_shown(signals.phases_covered(answer, question.phases), criteria)
        if covered:
            overall *= 0.8 + 0.2 * sum(covered.values()) / len(covered)
            skipped = [p.replace("_", " ") for p, ok in covered.items() if not ok]
            if skipped:
                notes.append("phases not addressed: " + ", ".join(skipped))
    made = any(c.found for c in criteria)
    overall *= _length_factor(question, compiled, index, flags, made) * on_topic
    salad = signals.keyword_salad(answer, question.prompt)
    if salad:
        flags.append(salad)
    score = 100 * overall
    issues = [*misconceptions, *contradictions, *unbacked]
    sure = len(issues) - sum(ambiguous for _, _, ambiguous in wrong)  # an ambiguous one may be no error
    cost = min(WRONG_MAX, sum(i.penalty for i in issues) * (1 + REPEAT_COST * max(0, sure - 1)))
    if cost:
        score -= cost
        notes.append(f"wrong claims cost {cost:.0f} points")
        notes.extend(_wrong_claim_note(issue) for issue in issues[:3])
    if conduct:
        score -= min(red_flags.RED_FLAG_MAX, sum(i.penalty for i in conduct))
        shown = f"the story shows {conduct[0].claim}: “{_short(conduct[0].sentence, 90)}”"
        flags.append(Flag("red-flag", shown, red_flags.RED_FLAG_CAP))
        notes.extend(f"red flag: “{_short(i.sentence, 90)}” — {i.claim}" for i in conduct[1:3])
    for f in flags:
        score = min(score, f.cap)
    confidence, reason = _confidence(criteria, flags, [*misconceptions, *conduct, *unbacked], contradictions,
                                     on_topic)
    summary = _summary(criteria, score, flags, notes)
    if confidence == "low":
        summary += f" Low confidence: {reason}."
    result = _result(question, criteria, score, flags, summary)
    return result.model_copy(update={"misconceptions": misconceptions, "contradictions": contradictions,
                                     "overclaims": unbacked, "red_flags": conduct, "confidence": confidence,
                                     "confidence_reason": reason})


def _conduct(question: AnyQuestion, answer: str) -> list[ClaimIssue]:
    """Bad conduct a behavioural story confesses, each sentence quoted (see `red_flags`)."""
    if not isinstance(question, BehaviouralQuestion):
        return []
    return [ClaimIssue(kind="conduct", sentence=flag.sentence, claim=flag.message,
                       penalty=red_flags.RED_FLAG_PENALTY) for flag in red_flags.red_flags(answer)]


def _overclaims(question: AnyQuestion, index: AnswerIndex, charged: set[str]) -> list[ClaimIssue]:
    """Categorical claims the question's reference does not back, in sentences not already charged."""
    return [ClaimIssue(kind="overclaim", sentence=o.sentence, claim=o.claim,
                       penalty=overclaims.OVERCLAIM_PENALTY)
            for o in overclaims.overclaims(question, [s.text for s in index.sentences])
            if o.sentence not in charged]


def _wrong_claim_note(issue: ClaimIssue) -> str:
    """One line that quotes the sentence and says what is wrong with it."""
    quote = f"“{_short(issue.sentence, 90)}”"
    if issue.kind == "misconception":
        return f"wrong: {quote} — {issue.correction.rstrip('.')}"
    if issue.kind == "overclaim":
        return f"unbacked absolute: {quote} — the model answer makes no such claim; say when it holds"
    return f"{quote} says the opposite of '{_short(issue.claim)}'"


def _contradictions(compiled: CompiledQuestion, index: AnswerIndex
                    ) -> dict[tuple[str, KeyPointSpec], int]:
    """Key points some claim clause reverses: (criterion id, key point) → the first such clause.

    Only hand-written key points: one derived from a reference answer is a fragment of its
    prose, too loose a claim to say what reverses it (on SAF, 16 of 16 answers it flagged were
    graded right by people).
    """
    found: dict[tuple[str, KeyPointSpec], int] = {}
    for criterion in compiled.criteria:
        if criterion.derived:
            continue
        for point in criterion.points:
            candidates = index.candidates(point, compiled.rival_key)
            for k in candidates:
                _, clause, masks = index.clauses[k]
                if contradicts(point, clause, masks, compiled.rival_key):
                    found[(criterion.criterion.id, point)] = k
                    break
            else:
                # A subject with its properties split at "and" ("small k means high bias and low
                # variance") is one claim in two clauses: the second a bare directed property.
                for k in candidates:
                    if _bare_property(index, k + 1) \
                            and contradicts(point, *_merged(index.clauses[k], index.clauses[k + 1]),
                                            compiled.rival_key):
                        found[(criterion.criterion.id, point)] = k
                        break
            siblings = compiled.subjects.get(point)
            if siblings and (criterion.criterion.id, point) not in found:
                # only clauses that name another subject can give it this key point's claim
                named = sorted({k for r in siblings for t in r.theirs[0]
                                for k in index.clause_postings.get(t, ())})
                swap = next((k for k in named if swaps_subject(siblings, *index.clauses[k][1:])), None)
                if swap is not None:
                    found[(criterion.criterion.id, point)] = swap
    return found


def _misconceptions(compiled: CompiledQuestion, index: AnswerIndex
                    ) -> list[tuple[CompiledMisconception, int, bool]]:
    """Listed wrong claims the answer makes, each with the first clause that makes it, and whether
    that clause's sentence also makes a key point (ambiguous: see `_right_sentences`).

    A claim that touches the wrong claim but reverses it ("high bias does not mean
    overfitting", "high bias means underfitting") is not charged; nor is one whose words for it
    are spread over several claims (see MISCONCEPTION_CLAIM).  A reversal rebuts only its own
    claim: "ridge is a Laplace prior, and the lasso a Gaussian one" is charged for its first half.
    """
    rival = dict(compiled.rival_key)
    out: list[tuple[CompiledMisconception, int, bool]] = []
    if not compiled.misconceptions:
        return out
    right = _right_sentences(compiled, index)
    for wrong in compiled.misconceptions:
        match = index.match(wrong.spec)
        if match.credit < FOUND:
            continue
        window = [(k, clause, masks) for k, (i, clause, masks) in enumerate(index.clauses)
                  if i in match.sentences]
        reversing = {k for k, clause, masks in window
                     if contradicts(wrong.spec, clause, masks, compiled.rival_key)}
        claims = [[w] for w in window] + [[a, b] for a, b in pairwise(window)
                                          if index.clauses[a[0]][0] == index.clauses[b[0]][0]]
        claims = [claim for claim in claims if not any(k in reversing for k, _, _ in claim)
                  and not (len(claim) == 2 and _reverses_together(wrong, claim, compiled))
                  and not _REPORTED.search(index.sentences[index.clauses[claim[0][0]][0]].text)]
        if not claims:
            continue
        said: dict[int, set[str]] = {}  # each matched sentence's terms: who else it names
        for k, _, masks in window:
            said.setdefault(index.clauses[k][0], set()).update(masks)
        found = [v for v in wrong.spec.variants  # only phrasings the sentences make count below
                 if len(wrong.spec.variants) == 1
                 or index.match(replace(wrong.spec, variants=(v,))).credit >= FOUND]
        made = [(max(claim_cover(v, [m for _, _, m in claim], said[index.clauses[claim[0][0]][0]], rival)
                     for v in found), claim) for claim in claims]
        cover, claim = max(made, key=lambda m: m[0])
        if cover < MISCONCEPTION_CLAIM:
            continue
        i = index.clauses[claim[0][0]][0]
        heads = [slot[0] for slot, _ in index.sentences[i].slots]
        if _corrects(wrong, said[i], heads):
            continue
        out.append((wrong, claim[0][0], i in right and _ambiguous(wrong.spec, right[i], heads)))
    return out


def _corrects(wrong: CompiledMisconception, terms: set[str], heads: list[str]) -> bool:
    """Does the sentence state the misconception's correction in its own words ("B starts at zero, A
    random" for "both LoRA matrices are initialised randomly")?  It must hold CORRECTIVE_IDEAS of the
    ideas only the correction states, and follow the correction's order of ideas at least as closely
    as the wrong claim's (a swap uses the correction's words in the wrong places)."""
    if wrong.fix is None or len(wrong.corrective & terms) < CORRECTIVE_IDEAS:
        return False
    return _in_order(wrong.fix, heads, share=False) >= _in_order(wrong.spec, heads, share=False)


def _clean_technical(question: AnyQuestion, compiled: CompiledQuestion,
                     wrong: list[tuple[CompiledMisconception, int, bool]],
                     reversed_points: dict[tuple[str, KeyPointSpec], int]) -> bool:
    """Does the gentler CLEAN_CURVE apply (in full when the answer is fully on topic): a technical answer
    with no wrong claim?  An answer in its own words shares fewer of the rubric's terms, so its on-topic
    factor is often a little under 1: then losing the curve altogether cut a right paraphrase by a third.

    Not behavioural: generic competency key points ("told my manager") are met by stories told for
    other questions, which the curve would lift past 50; not derived key points (SAF's calibration).
    """
    return (not isinstance(question, BehaviouralQuestion) and not wrong and not reversed_points
            and not any(c.derived for c in compiled.criteria))


def _phases_shown(covered: dict[str, bool], criteria: list[CriterionScore]) -> dict[str, bool]:
    """Design phases the answer addresses: by their cue words, or by a key point made in a criterion of
    that phase's dimension.  An answer in its own words ("an alarm fires when refusals double") shows
    the phase without its heading words ("monitoring", "failure"), and an interviewer counts it."""
    for criterion in criteria:
        phase = _PHASE_OF_DIMENSION.get(criterion.dimension, criterion.dimension)
        if criterion.found and phase in covered:
            covered[phase] = True
    return covered


def _right_sentences(compiled: CompiledQuestion, index: AnswerIndex) -> dict[int, list[KeyPointSpec]]:
    """Sentences that make one of the question's hand-written key points, with its polarity, and those
    key points.

    A misconception is often a key point's words in another arrangement, which a bag of words cannot
    tell from the right one: see `_ambiguous`.
    """
    right: dict[int, list[KeyPointSpec]] = {}
    for criterion in compiled.criteria:
        if criterion.derived:
            continue
        for point in criterion.points:
            match = index.match(point)
            if match.credit >= FOUND:
                for i in match.sentences:
                    right.setdefault(i, []).append(point)
    return right


def _ambiguous(wrong: KeyPointSpec, points: list[KeyPointSpec], sentence: list[str]) -> bool:
    """Does the sentence follow a key point's order of ideas at least as closely as the wrong claim's?

    Then it may well be the right claim ("L1 adds the absolute weights, L2 the squared ones" against
    the misconception "L1 penalises the squared weights and L2 the absolute"): it keeps its key point
    and is charged half.  Charged in full, a fifth of the bank's strong examples lost points for the
    point they got right.
    """
    return any(_in_order(p, sentence) >= _in_order(wrong, sentence) for p in points)


def _in_order(spec: KeyPointSpec, sentence: list[str], share: bool = True) -> float:
    """How many of a phrasing's ideas the sentence states in the same order (longest common
    subsequence), as a share of the phrasing's ideas unless `share` is false."""
    heads = [slot[0] for slot, _ in spec.variants[0].slots] if spec.variants else []
    if not heads or not sentence:
        return 0.0
    row = [0] * (len(sentence) + 1)
    for head in heads:
        previous = 0
        for j, term in enumerate(sentence, 1):
            current = row[j]
            row[j] = previous + 1 if head == term else max(row[j], row[j - 1])
            previous = current
    return row[-1] / len(heads) if share else float(row[-1])


def _reverses_together(wrong: CompiledMisconception, claim: list[tuple[int, Clause, dict[str, int]]],
                       compiled: CompiledQuestion) -> bool:
    """Two clauses read as one claim reverse the wrong claim: "to cut variance I'd get more data,
    add regularisation" directs variance down, against "regularisation increases variance"."""
    first, second = claim
    return contradicts(wrong.spec, *_merged(first, second), compiled.rival_key)


def _bare_property(index: AnswerIndex, k: int) -> bool:
    """Is clause k a directed property with no subject of its own ("… and low variance"), continuing
    the clause before it in the same sentence?"""
    if k <= 0 or k >= len(index.clauses) or index.clauses[k][0] != index.clauses[k - 1][0]:
        return False
    clause = index.clauses[k][1]
    return len(clause.slots) <= 2 and bool(clause.directed)


def _merged(first: tuple[int, Clause, dict[str, int]], second: tuple[int, Clause, dict[str, int]]
            ) -> tuple[Clause, dict[str, int]]:
    """Two adjacent clauses of a sentence read as one claim, with their terms' polarities."""
    (_, one, one_masks), (_, two, two_masks) = first, second
    merged = Clause(slots=[*one.slots, *two.slots], directed={**two.directed, **one.directed},
                    negation=one.negation or two.negation, numbers=one.numbers + two.numbers)
    masks = dict(one_masks)
    for term, mask in two_masks.items():
        masks[term] = masks.get(term, 0) | mask
    return merged, masks


def _confidence(criteria: list[CriterionScore], flags: list[Flag], wrong: list[ClaimIssue],
                reversed_points: list[ClaimIssue], on_topic: float) -> tuple[Confidence, str]:
    """How far to trust the offline score: low when claims conflict or an on-topic answer matches little."""
    made = sum(len(c.found) for c in criteria)
    if (wrong or reversed_points) and made:
        return "low", ("the answer makes right and wrong claims side by side; a person (or the LLM "
                       "feedback, if set up) should judge how they weigh")
    coverage = _coverage(criteria)
    if on_topic >= 0.5 and coverage < 0.35 and not any(f.cap < 100 for f in flags):
        return "low", ("the answer is on topic but matches few key points: it may make them in words "
                       "the offline scorer does not know; mark what you covered, or ask for LLM feedback")
    if any(f.cap < 100 for f in flags) or 0.35 <= coverage < 0.6:
        return "medium", "some key points were only partly matched"
    return "high", ""


def _score_criterion(compiled: CompiledCriterion, index: AnswerIndex,
                     reversed_points: dict[tuple[str, KeyPointSpec], int]) -> CriterionScore:
    criterion = compiled.criterion
    matches = [(point, index.match(point)) for point in compiled.points]
    reversed_here = {p for p, _ in matches if (criterion.id, p) in reversed_points}
    # A key point the answer both makes and reverses earns half: the interviewer cannot tell which
    # the candidate believes.
    matches = [(p, replace(m, credit=m.credit / 2, contradicted=True) if p in reversed_here else m)
               for p, m in matches]
    credits = [m.credit for _, m in matches]
    if compiled.derived:
        recall = _recall(index, compiled.points) * (1 - len(reversed_here) / max(1, len(compiled.points)))
        if semantic.active():
            recall = (1 - semantic.WEIGHT) * recall + semantic.WEIGHT * _soft_recall(index, compiled.points)
        score = 1 - (1 - min(1.0, recall / compiled.share)) ** DERIVED_CURVE
    else:
        score = (sum(credits) / len(credits)) ** KEY_POINT_CURVE
    found = [p.text for p, m in matches if m.credit >= FOUND]
    missing = [p.text + (" (your answer says the opposite)" if m.contradicted else "")
               for p, m in matches if m.credit < FOUND]
    if compiled.derived and len(found) >= compiled.required:
        missing = []  # the answer made as many points as the question asks for
    used = sorted({i for _, m in matches if m.credit >= FOUND for i in m.sentences})
    evidence = [index.sentences[i].text for i in used]
    return CriterionScore(
        criterion_id=criterion.id, dimension=criterion.dimension, assesses=criterion.assesses,
        weight=criterion.weight, score=round(min(1.0, score), 4), evidence=evidence,
        found=found, missing=missing, verdict=_verdict(criterion, found, missing, score),
    )


def _recall(index: AnswerIndex, points: tuple[KeyPointSpec, ...]) -> float:
    """Weighted share of the reference's ideas that appear anywhere in the answer."""
    got = total = 0.0
    seen: set[str] = set()
    for point in points:
        variant = point.variants[0]
        for (slot, negated), weight in zip(variant.slots, variant.weights, strict=True):
            if slot[0] in seen:
                continue
            seen.add(slot[0])
            total += weight
            got += weight * index.present(slot, negated)
    return got / total if total else 0.0


def _soft_recall(index: AnswerIndex, points: tuple[KeyPointSpec, ...]) -> float:
    """`_recall` by meaning: each reference statement as made as its closest answer sentence."""
    return semantic.soft_recall(tuple(p.text for p in points), [s.text for s in index.sentences])


def _lift_with_star(score: CriterionScore, star: signals.Star) -> CriterionScore:
    """STAR criteria also earn credit for the structure itself, at most halfway to full."""
    structure = signals.STAR_DIMENSIONS.get(score.dimension)
    if structure is None:
        return score
    lifted = score.score + 0.5 * max(0.0, structure(star) - score.score)
    return score.model_copy(update={"score": round(lifted, 4)})


def _copy_of_question(index: AnswerIndex, prompt: str, answer: str) -> Flag | None:
    """Nothing but the question's own words, or the question pasted back with a word or two."""
    echo = echo_terms(prompt)
    slots = [slot for s in index.sentences for slot, _ in s.slots]
    if len(slots) < 3:
        return None
    novel = sum(not any(t in echo for t in slot) for slot in slots)
    pasted = novel / len(slots) < 0.25 and fuzz.partial_ratio(fold(answer), fold(prompt)) >= 90
    if novel == 0 or pasted:
        return Flag("copy-of-question", "the answer repeats the question instead of answering it", 5)
    return None


def _coverage(criteria: list[CriterionScore]) -> float:
    """The weighted share of the rubric's key-point credit the answer earned by itself."""
    total = sum(c.weight for c in criteria)
    return sum(c.score * c.weight for c in criteria) / total if total else 0.0


def _on_topic(question: AnyQuestion, compiled: CompiledQuestion, index: AnswerIndex,
              flags: list[Flag], coverage: float) -> float:
    """How far the answer is about this question (1 = as much as the model answer), as a factor.

    Only hand-written key points can be met by generic phrasings ("I learned"); key points
    derived from a reference answer are its own distinctive words, so they need no gate.
    """
    if all(c.derived for c in compiled.criteria):
        return 1.0
    terms = {slot[0] for s in index.sentences for slot, _ in s.slots}
    share = relevance(question, compiled, terms) / compiled.model_relevance
    factor = min(1.0, max(0.0, (share - OFF_TOPIC) / (ON_TOPIC - OFF_TOPIC)))
    # Key points made are evidence of relevance in their own right: an honest answer that
    # makes most of them is about this question even when its story uses other words.
    factor = max(factor, min(1.0, max(0.0, (coverage - COVERED_OFF) / (COVERED_ON - COVERED_OFF))))
    if factor < 0.5:
        flags.append(Flag("off-topic", "the answer shares few of this question's distinctive terms: it seems "
                          "to answer a different question", 100))
    return factor


def _length_factor(question: AnyQuestion, compiled: CompiledQuestion, index: AnswerIndex,
                   flags: list[Flag], made: bool) -> float:
    """A short answer is cut only when it makes no key point: its coverage already counts what is missing."""
    expected = signals.expected_words(question.minutes, compiled.model_words)
    if index.words < 0.3 * expected:
        length = a_or_an(f"{question.minutes}-minute")
        flags.append(Flag("too-short", f"{plural(index.words, 'word')} is short for {length} question "
                          f"(aim for about {expected})", 100))
        return 1.0 if made else max(0.6, index.words / (0.3 * expected))
    if index.words > 4 * question.minutes * 40:
        flags.append(Flag("too-long", f"{plural(index.words, 'word')} is more than "
                          f"{plural(question.minutes, 'minute')} allow; lead with the key points", 100))
    return 1.0


def _verdict(criterion: Criterion, found: list[str], missing: list[str], score: float) -> str:
    """One line a person can act on: what they made, and what to add next."""
    if not missing:
        return f"Covered: {_join(found)}." if found else "Covered."
    if not found:
        hint = f" — {criterion.strong}" if criterion.strong else ""
        return f"Not yet: add {_join(missing)}{hint}"[:300]
    return f"You covered {_join(found)} but not {_join(missing)}."[:300]


def _join(items: list[str], limit: int = 3) -> str:
    shown = [f"'{_short(i)}'" for i in items[:limit]]
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    if len(shown) > 1 and not more:
        return ", ".join(shown[:-1]) + " and " + shown[-1]
    return ", ".join(shown) + more


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _lower_first(text: str) -> str:
    """'Weighs the options' reads 'weighs the options' mid-sentence; 'RAG design' stays as it is."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _summary(criteria: list[CriterionScore], score: float, flags: list[Flag], notes: list[str]) -> str:
    capped = [f for f in flags if f.cap < 100]
    if capped:
        return f"Capped at {capped[0].cap:.0f}: {capped[0].message}."
    made = sum(len(c.found) for c in criteria)
    total = made + sum(len(c.missing) for c in criteria)
    weakest = min(criteria, key=lambda c: c.score)
    parts = [f"Made {made} of {total} key points"]
    if weakest.score < 0.75 and len(criteria) > 1:  # one criterion (a follow-up): nothing to compare
        parts.append(f"weakest: {_lower_first(weakest.assesses.rstrip('.?!'))}")
    parts.extend(notes)
    parts.extend(f.message for f in flags)
    return "; ".join(parts) + "."


def _blank(compiled: CompiledCriterion, flag: Flag) -> CriterionScore:
    criterion = compiled.criterion
    return CriterionScore(
        criterion_id=criterion.id, dimension=criterion.dimension, assesses=criterion.assesses,
        weight=criterion.weight, score=0.0, missing=[p.text for p in compiled.points],
        verdict=f"Nothing to score: {flag.message}.",
    )


def _result(question: AnyQuestion, criteria: list[CriterionScore], score: float, flags: list[Flag],
            summary: str) -> GradeResult:
    return GradeResult(
        question_id=question.id, question_version=question.version, category=question.category,
        score=round(max(0.0, min(100.0, score)), 1), summary=summary, criteria=criteria,
        flags=[str(f) for f in flags], grader="rubric + embeddings" if semantic.active() else "rubric",
    )
