"""Find key points in an answer: per sentence, by stems, synonyms, typos and polarity.

A key point is met by a sentence (or two adjacent ones) that holds enough of its
ideas *with the same polarity*: "does not reduce variance" never earns "reduces
variance".  Each idea (a slot) may be met by its stem, its concept id, a compound
spelling, or — for longer words — a near spelling (a typo).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from interview.grading.rubric.lexicon import GENERIC_CONCEPTS, lexicon
from interview.grading.rubric.text import Analysed, Slot, analyse, split_sentences

POSITIVE, NEGATED = 1, 2
FUZZY_CREDIT = 0.8
# Credit curves: coverage at or below `low` earns nothing, at or above `high` full credit.
STATEMENT_CURVE = (0.3, 0.75)
PHRASE_CURVE = (0.55, 0.9)


@dataclass(frozen=True, slots=True)
class Variant:
    """One way of phrasing a key point, as weighted slots with their polarity."""

    slots: tuple[tuple[Slot, bool], ...]
    weights: tuple[float, ...]
    curve: tuple[float, float]

    @property
    def total(self) -> float:
        return sum(self.weights)


@dataclass(frozen=True, slots=True)
class KeyPointSpec:
    text: str
    variants: tuple[Variant, ...]


@dataclass(frozen=True, slots=True)
class Match:
    """How well a key point was met, where, and whether the answer said the opposite."""

    credit: float
    sentences: tuple[int, ...] = ()
    contradicted: bool = False


def compile_variant(text: str, echo: frozenset[str], phrase: bool) -> Variant | None:
    """Slots and weights of one phrasing; words echoed from the question weigh less."""
    analysed = analyse(text, lexicon())
    if not analysed.slots:
        return None
    weights = tuple(_weight(slot, echo) for slot, _ in analysed.slots)
    single_idea = len(analysed.slots) <= 2
    curve = (0.99, 1.0) if phrase and single_idea else PHRASE_CURVE if phrase else STATEMENT_CURVE
    return Variant(tuple(analysed.slots), weights, curve)


def _weight(slot: Slot, echo: frozenset[str]) -> float:
    head = slot[0]
    if head in GENERIC_CONCEPTS:
        return 0.6
    if any(term in echo for term in slot):
        return 0.5
    return 0.6 if len(head) <= 2 and not head[0].isdigit() else 1.0


def compile_key_point(text: str, also: tuple[str, ...], echo: frozenset[str]) -> KeyPointSpec:
    variants = [compile_variant(text, echo, phrase=False)]
    variants += [compile_variant(a, echo, phrase=True) for a in also]
    return KeyPointSpec(text, tuple(v for v in variants if v is not None))


class AnswerIndex:
    """The answer's sentences with, per sentence, each term's polarities (a bit mask)."""

    def __init__(self, answer: str) -> None:
        self.sentences: list[Analysed] = [analyse(s, lexicon()) for s in split_sentences(answer)]
        self.postings: dict[str, list[tuple[int, int]]] = {}
        for i, sentence in enumerate(self.sentences):
            index: dict[str, int] = {}
            for term, negated in sentence.terms():
                index[term] = index.get(term, 0) | (NEGATED if negated else POSITIVE)
            for term, mask in index.items():
                self.postings.setdefault(term, []).append((i, mask))
        vocabulary = set(self.postings)
        self.vocabulary = vocabulary
        self._by_initial: dict[str, list[str]] = {}
        for term in vocabulary:
            if len(term) >= 4 and term[0].isalpha():
                self._by_initial.setdefault(term[0], []).append(term)
        self._typos: dict[str, str | None] = {}

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    def typo_of(self, term: str) -> str | None:
        """An answer term that is a likely misspelling of `term` (long words only)."""
        if len(term) < 5 or term[0] == "~" or term in self.vocabulary:
            return None
        if term not in self._typos:
            candidates = self._by_initial.get(term[0], ())
            cutoff = 80 if len(term) >= 8 else 84
            best = process.extractOne(term, candidates, scorer=fuzz.ratio, score_cutoff=cutoff)
            self._typos[term] = best[0] if best else None
        return self._typos[term]

    def present(self, slot: Slot, negated: bool) -> float:
        """1 if the answer holds the idea anywhere with this polarity, less for a typo, else 0."""
        want = NEGATED if negated else POSITIVE
        for term in slot:
            if any(mask & want for _, mask in self.postings.get(term, ())):
                return 1.0
        typo = self.typo_of(slot[0])
        if typo and any(mask & want for _, mask in self.postings.get(typo, ())):
            return FUZZY_CREDIT
        return 0.0

    def match(self, point: KeyPointSpec) -> Match:
        """The best credit any sentence, or pair of adjacent sentences, gives this key point."""
        best = Match(0.0)
        contradicted = False
        for variant in point.variants:
            credit, window, against = self._best_window(variant)
            contradicted = contradicted or against
            if credit > best.credit + 1e-9:
                best = Match(credit, window)
            if best.credit >= 1.0:
                break
        return Match(best.credit, best.sentences, contradicted and best.credit < 0.5)

    def _best_window(self, variant: Variant) -> tuple[float, tuple[int, ...], bool]:
        """Score the variant on every sentence and adjacent pair that holds any of its slots."""
        hits: list[tuple[dict[int, float], float]] = []
        against = 0.0
        for (slot, negated), weight in zip(variant.slots, variant.weights, strict=True):
            want = NEGATED if negated else POSITIVE
            where: dict[int, float] = {}
            opposite = False
            for term in slot:
                for i, mask in self.postings.get(term, ()):
                    if mask & want:
                        where[i] = 1.0
                    else:
                        opposite = True
            if not where:
                typo = self.typo_of(slot[0])
                for i, mask in self.postings.get(typo, ()) if typo else ():
                    if mask & want:
                        where[i] = FUZZY_CREDIT
                if opposite and not where:
                    against += weight
            hits.append((where, weight))
        candidates = sorted({i for where, _ in hits for i in where})
        if not candidates:
            return 0.0, (), against >= 0.4 * variant.total
        best, best_window = -1.0, tuple[int, ...]()
        total = variant.total
        for i in candidates:
            for window in ((i,), (i, i + 1)):
                got = sum(w * max(where.get(j, 0.0) for j in window) for where, w in hits)
                coverage = got / total * (0.95 if len(window) > 1 else 1.0)
                if coverage > best + 1e-9:
                    best, best_window = coverage, window
        low, high = variant.curve
        credit = 1.0 if best >= high else max(0.0, (best - low) / (high - low))
        return credit, best_window, against >= 0.4 * total


@lru_cache(maxsize=1024)
def echo_terms(prompt: str) -> frozenset[str]:
    """Every term of the question prompt: repeating them earns less than adding new ideas."""
    terms: set[str] = set()
    for sentence in split_sentences(prompt):
        terms.update(t for t, _ in analyse(sentence, lexicon()).terms())
    return frozenset(terms)
