"""Categorical claims the question's reference does not back: a wrong claim no misconception lists.

An interviewer who hears "X is always ...", "Y completely fixes it" or "Z is irrelevant" checks the
absolute against what they know.  Offline, what the scorer knows is the question's reference: its
model answer, key points, accepted phrasings, misconception corrections, strong example and
follow-ups.  A categorical claim about the question's topic that no reference statement backs is
charged a small penalty: a correct answer rarely needs an absolute the reference does not make,
while buried wrong claims are often overclaims ("immune to peeking", "fixes the problem
completely").  One costs little (it may be a careless word); several, through the scorer's repeat
cost, show the candidate does not know where the topic's limits are.

Behavioural stories are exempt: their absolutes are about conduct ("I never blamed him"), which
`red_flags` judges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from interview.bank.models import AnyQuestion, BehaviouralQuestion
from interview.grading.rubric.background import rubric_text, text_terms
from interview.grading.rubric.lexicon import GENERIC_CONCEPTS, lexicon
from interview.grading.rubric.text import DIRECTIONS, analyse, clause_texts, fold, split_sentences

OVERCLAIM_PENALTY = 8.0
# A reference statement backs a claim when it holds this share of the claim's ideas.
BACKED = 0.6
# A claim is about the question when it states at least this many of the rubric's ideas.
ON_TOPIC_IDEAS = 2
# Universal adverbs and guarantees: the claim holds in every case.
_ABSOLUTE = re.compile(
    r"(?<![\w-])(?:always|never|completely|entirely|fully|totally|strictly|solely|guarantee[sd]"
    r"|in (?:every|all) (?:case|cases|setting|settings|situation|situations))(?![\w-])")
# Dismissals stated as a verdict ("is irrelevant", "are immune"), not adjectives of a noun
# ("harmless posts").
_DISMISSAL = re.compile(
    r"\b(?:is|are|be|been|becomes?|stays?|remains?)\s+(?:\w+\s+)?"
    r"(?:irrelevant|redundant|harmless|useless|pointless|unnecessary|impossible|immune|overkill)\b")
# Any word an absolute or a dismissal needs, in any case: a cheap first test.
_ANY_MARKER = re.compile(
    r"always|never|complete|entire|fully|total|strict|solely|guarantee|in (?:every|all) "
    r"|irrelevant|redundant|harmless|useless|pointless|unnecessary|impossible|immune|overkill",
    re.IGNORECASE)
# Words that hedge or question the absolute right before it ("not always", "almost never",
# "whether it always converges"), or right after it ("never quite").
_HEDGE_BEFORE = re.compile(
    r"\b(?:not|n't|almost|nearly|hardly|virtually|practically|rarely|whether|if|nor|never)\s+(?:\w+\s+)?$")
_HEDGE_AFTER = re.compile(r"^\s*(?:quite|entirely|completely|fully)\b")
# A goal a design is built to meet ("so the model never sees the future", "to make sure no request is
# ever dropped"), not a claim about how things are.
_PURPOSE = re.compile(
    r"\b(?:so|so that|ensure|ensures|make sure|makes sure|to guarantee)(?:\s+[\w'-]+){0,3}\s*$")
# A sentence that asks, or reports a claim as someone else's error, makes no claim of its own.
_NOT_OWN = re.compile(r"\?\s*$|\b(?:mistake|misconception|myth|pitfall|fallacy|wrongly|claim that)\b")


@dataclass(frozen=True, slots=True)
class Overclaim:
    """A categorical claim no reference statement backs, with its sentence to quote."""

    sentence: str
    claim: str  # the clause that makes it


@dataclass(frozen=True, slots=True)
class Reference:
    statements: tuple[frozenset[str], ...]  # each reference statement's ideas
    topic: frozenset[str]  # every idea of the rubric


def _ideas(text: str) -> frozenset[str]:
    """The content ideas of a text: slot heads that are not direction words or generic concepts."""
    return frozenset(slot[0] for slot, _ in analyse(text, lexicon()).slots
                     if slot[0] not in DIRECTIONS and slot[0] not in GENERIC_CONCEPTS and len(slot[0]) > 2)


@lru_cache(maxsize=512)
def reference(question: AnyQuestion) -> Reference:
    """What the question's author states as true, one statement at a time (built once per question)."""
    texts = split_sentences(question.model_answer)
    texts += [t for c in question.rubric for k in c.key_points for t in (k.text, *k.also)]
    texts += [sentence for m in question.misconceptions for sentence in split_sentences(m.correction)]
    texts += [s for e in question.examples if e.kind == "strong" for s in split_sentences(e.answer)]
    for follow_up in question.follow_ups:
        texts += split_sentences(follow_up.model_answer)
        texts += [t for k in follow_up.key_points for t in (k.text, *k.also)]
    statements = tuple(ideas for ideas in map(_ideas, texts) if ideas)
    return Reference(statements, frozenset(text_terms(rubric_text(question))))


def _categorical(clause: str) -> bool:
    """Does the clause claim something holds in every case (unhedged)?"""
    for pattern in (_ABSOLUTE, _DISMISSAL):
        for match in pattern.finditer(clause):
            before = clause[:match.start()]
            if not (_HEDGE_BEFORE.search(before) or _PURPOSE.search(before)
                    or _HEDGE_AFTER.match(clause[match.end():])):
                return True
    return False


def overclaims(question: AnyQuestion, sentences: list[str]) -> list[Overclaim]:
    """The answer's categorical claims about the topic that no reference statement backs."""
    if isinstance(question, BehaviouralQuestion):
        return []
    found = []
    for sentence in sentences:
        if not _ANY_MARKER.search(sentence):
            continue  # most sentences: decided without folding them
        folded = fold(sentence)
        if _NOT_OWN.search(folded):
            continue
        clause = next((c for c in clause_texts(folded) if _categorical(c) and _unbacked(question, c)), None)
        if clause is not None:
            found.append(Overclaim(sentence, clause.strip()))  # one charge a sentence
    return found


def _unbacked(question: AnyQuestion, clause: str) -> bool:
    """Is the clause about the question's topic, with no reference statement that backs it?  (The
    reference is built only when an answer makes a categorical claim: most never do.)"""
    ref = reference(question)
    ideas = _ideas(clause)
    if len(ideas & ref.topic) < ON_TOPIC_IDEAS:
        return False
    return not any(len(ideas & statement) >= BACKED * len(ideas) for statement in ref.statements)
