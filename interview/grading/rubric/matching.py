"""Find key points in an answer: per sentence, by stems, synonyms, typos and polarity.

A key point is met by a sentence (or two adjacent ones) that holds enough of its
ideas *with the same polarity*: "does not reduce variance" never earns "reduces
variance".  Each idea (a slot) may be met by its stem, its concept id, a compound
spelling, or — for longer words — a near spelling (a typo).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from interview.grading.rubric.lexicon import GENERIC_CONCEPTS, lexicon, rivals
from interview.grading.rubric.text import (
    DIRECTIONS,
    OPPOSITE,
    Analysed,
    Clause,
    Slot,
    analyse,
    split_sentences,
)

POSITIVE, NEGATED = 1, 2
FUZZY_CREDIT = 0.8
# Credit curves: coverage at or below `low` earns nothing, at or above `high` full credit.
STATEMENT_CURVE = (0.3, 0.75)
PHRASE_CURVE = (0.55, 0.9)


# Verbs that open a competency key point ("names a measurable result", "explains why it
# mattered") say what the answer does, not what it says: a story never contains them.
META_VERBS = frozenset({"explain", "describ", "state", "say", "name", "give", "mention", "show", "discuss",
                        "identifi", "recogn", "recogniz", "articul", "demonstr", "acknowledg", "admit"})
META_WEIGHT = 0.1
# A claim clause contradicts a key point when the ideas it shares with it, the same or
# reversed, make up at least this share of the key point's weight and some are reversed.
CONTRADICTION_SHARE = 0.6
NUMBER_SHARE = 0.8
# Words that negate by meaning: "avoids saturation" is "does not saturate".
NEGATIVE_WORDS = frozenset({"~avoid", "prevent", "lack", "fail", "miss", "stop", "unavail", "unabl", "absent",
                            "~reduce", "elimin", "remov", "block", "ignor", "skip", "forbid", "refus"})


@dataclass(frozen=True, slots=True)
class Variant:
    """One way of phrasing a key point, as weighted slots with their polarity."""

    slots: tuple[tuple[Slot, bool], ...]
    weights: tuple[float, ...]
    curve: tuple[float, float]
    directed: tuple[tuple[str, str, bool], ...] = ()  # (slot head, direction, negated)
    phrase: bool = False
    action: bool = False  # opens with a past-tense verb: something the candidate did ("told my manager")

    @property
    def total(self) -> float:
        return sum(self.weights)


@dataclass(frozen=True, slots=True)
class KeyPointSpec:
    text: str
    variants: tuple[Variant, ...]
    value: float | None = None  # a numeric key point: the number the answer must state
    tolerance: float = 0.0
    percent: bool = False
    # Key points key several caches and are hashed per clause: hashing the nested variants each
    # time was a tenth of the scorer's time, so the hash (the one dataclass would give) is kept.
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fields = (self.text, self.variants, self.value, self.tolerance, self.percent)
        object.__setattr__(self, "_hash", hash(fields))

    def __hash__(self) -> int:
        return self._hash

    def number_in(self, numbers: tuple[float, ...]) -> bool | None:
        """True if one of `numbers` is the key point's value, False if others are given, None if none."""
        if self.value is None or not numbers:
            return None
        scale = (1.0, 0.01) if self.percent else (1.0,)
        return any(abs(n / s - self.value) <= self.tolerance + 1e-9 for n in numbers for s in scale)


@dataclass(frozen=True, slots=True)
class Match:
    """How well a key point was met, where, and whether a claim of the answer reverses it (set by the
    scorer from the contradiction check, never from words seen with the other polarity alone)."""

    credit: float
    sentences: tuple[int, ...] = ()
    contradicted: bool = False


def compile_variant(text: str, echo: frozenset[str], phrase: bool, numeric: bool = False) -> Variant | None:
    """Slots and weights of one phrasing; words echoed from the question weigh less.

    A numeric key point drops its number slots: the number is checked against the value.
    """
    analysed = analyse(text, lexicon())
    slots = [(s, n) for s, n in analysed.slots if not (numeric and (s[0][0].isdigit() or s[0] == "percent"))]
    if not slots:
        return None
    weights = tuple(_weight(slot, echo) for slot, _ in slots)
    if len(slots) > 1 and slots[0][0][0] in META_VERBS:
        weights = (META_WEIGHT, *weights[1:])  # "explains the trade-off": answers explain, they don't say so
    single_idea = len(slots) <= 2
    curve = (0.99, 1.0) if phrase and single_idea else PHRASE_CURVE if phrase else STATEMENT_CURVE
    directed = tuple((head, d, n) for c in analysed.clauses for head, (d, n) in c.directed.items())
    if len(analysed.clauses) > 1:  # an idea moved both ways ("dedicated for large tenants, shared
        ways: dict[str, set[str]] = {}  # for small ones") has no one direction; others keep theirs
        for head, d, _ in directed:
            ways.setdefault(head, set()).add(d)
        directed = tuple(x for x in directed if OPPOSITE[x[1]] not in ways[x[0]])
    return Variant(tuple(slots), weights, curve, directed, phrase, _is_action(text))


# Past tenses that do not end in "-ed", for key points that say what the candidate did.
_PAST = frozenset(["told", "wrote", "gave", "spoke", "found", "built", "made", "took", "led", "set", "kept",
                   "sent", "ran", "got", "did", "chose", "brought", "sought", "paid", "put", "held", "cut",
                   "met", "drew", "rebuilt", "rewrote"])


def _is_action(text: str) -> bool:
    """Does a phrasing open with a past-tense verb ("told my manager straight away", "posted regular
    updates")?  In a story, only the candidate's own claims can make such a key point."""
    first = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    return first.isalpha() and (first.endswith("ed") or first in _PAST)


def _weight(slot: Slot, echo: frozenset[str]) -> float:
    head = slot[0]
    if head in GENERIC_CONCEPTS:
        return 0.6
    if any(term in echo for term in slot):
        return 0.5
    return 0.6 if len(head) <= 2 and not head[0].isdigit() else 1.0


def compile_key_point(text: str, also: tuple[str, ...], echo: frozenset[str], value: float | None = None,
                      tolerance: float = 0.0, unit: str = "") -> KeyPointSpec:
    numeric = value is not None
    variants = [compile_variant(text, echo, phrase=False, numeric=numeric)]
    variants += [compile_variant(a, echo, phrase=True, numeric=numeric) for a in also]
    return KeyPointSpec(text, tuple(v for v in variants if v is not None), value, tolerance,
                        unit.strip() in {"%", "percent"})


class AnswerIndex:
    """The answer's sentences and claim clauses with, per sentence, each term's polarities (a bit mask).

    Clauses found to contradict a key point or to make a misconception can be set aside
    (`set_aside`): they then earn no key point, so a wrong claim is never half-credited.
    A phrasing from a key point's `also` list is not met inside a clause with a negation
    cue ("dropout, early stopping and weight decay do nothing for it").
    """

    def __init__(self, answer: str, own_actions: bool = False) -> None:
        self.own_actions = own_actions  # a story: only the candidate's claims make action key points
        self.sentences: list[Analysed] = [analyse(s, lexicon()) for s in split_sentences(answer)]
        self.clauses: list[tuple[int, Clause, dict[str, int]]] = []
        for i, sentence in enumerate(self.sentences):
            for clause in sentence.clauses:
                masks: dict[str, int] = {}
                for term, negated in clause.terms():
                    masks[term] = masks.get(term, 0) | (NEGATED if negated else POSITIVE)
                self.clauses.append((i, clause, masks))
        self.clause_postings: dict[str, list[int]] = {}
        for k, (_, _, masks) in enumerate(self.clauses):
            for term in masks:
                self.clause_postings.setdefault(term, []).append(k)
        self._index(frozenset())
        self._typos: dict[str, str | None] = {}

    def _index(self, aside: frozenset[int]) -> None:
        self.aside = aside
        kept = [(k, i, clause, masks) for k, (i, clause, masks) in enumerate(self.clauses) if k not in aside]
        self.postings = self._postings(kept)
        self._kept = kept
        self._plain: dict[str, list[tuple[int, int]]] | None = None  # built when a phrasing needs it
        self._filtered: dict[tuple[bool, bool], dict[str, list[tuple[int, int]]]] = {}
        self.vocabulary = set(self.postings)
        self._by_initial: dict[str, list[str]] | None = None  # built on the first typo look-up
        self._typos = {}
        self._matches: dict[KeyPointSpec, Match] = {}  # derived key points are shared by criteria

    @property
    def plain(self) -> dict[str, list[tuple[int, int]]]:
        """`postings` of the clauses without a negation cue (where `also` phrasings may be met)."""
        if self._plain is None:
            negated = any(clause.negation for _, _, clause, _ in self._kept)
            self._plain = (self._postings([c for c in self._kept if not c[2].negation]) if negated
                           else self.postings)
        return self._plain

    def postings_for(self, variant: Variant) -> dict[str, list[tuple[int, int]]]:
        """The postings a phrasing may be met in: an `also` phrasing not in a clause with a negation
        cue, and in a story an action ("told my manager") not in a claim another person makes ("my
        manager told the product team")."""
        plain = variant.phrase and not any(n for _, n in variant.slots)
        own = self.own_actions and variant.action
        if not own:
            return self.plain if plain else self.postings
        key = (plain, own)
        if key not in self._filtered:
            self._filtered[key] = self._postings([c for c in self._kept if not c[2].by_other
                                                  and not (plain and c[2].negation)])
        return self._filtered[key]

    @staticmethod
    def _postings(kept: list[tuple[int, int, Clause, dict[str, int]]]) -> dict[str, list[tuple[int, int]]]:
        """Term → (sentence, polarity mask) for the kept clauses, a sentence's clauses merged."""
        per_sentence: dict[int, dict[str, int]] = {}
        for _, i, _, masks in kept:
            index = per_sentence.get(i)
            if index is None:
                per_sentence[i] = dict(masks)
                continue
            for term, mask in masks.items():
                index[term] = index.get(term, 0) | mask
        table: dict[str, list[tuple[int, int]]] = {}
        for i in sorted(per_sentence):
            for term, mask in per_sentence[i].items():
                entries = table.get(term)
                if entries is None:
                    table[term] = [(i, mask)]
                else:
                    entries.append((i, mask))
        return table

    def candidates(self, point: KeyPointSpec, rival: frozenset[tuple[str, int]] | None = None) -> list[int]:
        """Clauses that could contradict the key point: they hold two of its ideas (or rivals).

        `rival` is every rival term with its group (see `contradicts`), frozen so it can be a cache key.
        """
        ideas, phrases = _lookup(point, rival if rival is not None else frozenset(rivals().items()))
        hits: dict[int, int] = {}
        for terms in ideas:
            for k in {k for t in terms for k in self.clause_postings.get(t, ())}:
                hits[k] = hits.get(k, 0) + 1
        if point.value is not None:
            for k, (_, clause, _) in enumerate(self.clauses):
                if clause.numbers:
                    hits[k] = hits.get(k, 0) + 1
        # A reversal shares CONTRADICTION_SHARE of the ideas, unless an accepted phrasing fills them.
        need = max(2, math.ceil(CONTRADICTION_SHARE * (len(ideas) + (point.value is not None))))
        phrased = {k for t in phrases for k in self.clause_postings.get(t, ())}
        return sorted(k for k, n in hits.items() if n >= need or (n >= 1 and k in phrased))

    def set_aside(self, clauses: set[int]) -> None:
        """Stop these clauses (indices into `clauses`) from earning key points."""
        if clauses:
            self._index(frozenset(clauses) | self.aside)

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    def typo_of(self, term: str) -> str | None:
        """An answer term that is a likely misspelling of `term` (long words only)."""
        if len(term) < 5 or term[0] == "~" or term in self.vocabulary:
            return None
        if term not in self._typos:
            if self._by_initial is None:
                self._by_initial = {}
                for known in self.vocabulary:
                    if len(known) >= 4 and known[0].isalpha():
                        self._by_initial.setdefault(known[0], []).append(known)
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
        known = self._matches.get(point)
        if known is None:
            known = self._matches[point] = self._match(point)
        return known

    def _match(self, point: KeyPointSpec) -> Match:
        best = Match(0.0)
        for variant in point.variants:
            credit, window = self._best_window(variant, point)
            if credit > best.credit + 1e-9:
                best = Match(credit, window)
            if best.credit >= 1.0:
                break
        return best

    def _numbers(self, window: tuple[int, ...]) -> tuple[float, ...]:
        return tuple(n for k, (i, clause, _) in enumerate(self.clauses)
                     if i in window and k not in self.aside for n in clause.numbers)

    def _best_window(self, variant: Variant, point: KeyPointSpec) -> tuple[float, tuple[int, ...]]:
        """Score the variant on every sentence and adjacent pair that holds any of its slots."""
        postings = self.postings_for(variant)
        hits: list[tuple[dict[int, float], float]] = []
        for (slot, negated), weight in zip(variant.slots, variant.weights, strict=True):
            want = NEGATED if negated else POSITIVE
            where: dict[int, float] = {}
            for term in slot:
                for i, mask in postings.get(term, ()):
                    if mask & want:
                        where[i] = 1.0
            if not where:
                typo = self.typo_of(slot[0])
                for i, mask in postings.get(typo, ()) if typo else ():
                    if mask & want:
                        where[i] = FUZZY_CREDIT
            hits.append((where, weight))
        candidates = sorted({i for where, _ in hits for i in where})
        if not candidates:
            return 0.0, ()
        numeric = point.value is not None
        total = variant.total + (1.0 if numeric else 0.0)
        held = [(where, w) for where, w in hits if where]  # an idea held nowhere adds nothing
        best, best_window = -1.0, tuple[int, ...]()
        for i in candidates:
            alone = pair = 0.0  # the sentence, and the sentence with the next one
            for where, w in held:
                here, there = where.get(i, 0.0), where.get(i + 1, 0.0)
                alone += w * here
                pair += w * max(here, there)
            for window, got in (((i,), alone), ((i, i + 1), pair)):
                if numeric and point.number_in(self._numbers(window)):
                    got += 1.0
                coverage = got / total * (0.95 if len(window) > 1 else 1.0)
                if coverage > best + 1e-9:
                    best, best_window = coverage, window
        low, high = variant.curve
        credit = 1.0 if best >= high else max(0.0, (best - low) / (high - low))
        return credit, best_window


@lru_cache(maxsize=4096)
def _lookup(point: KeyPointSpec, rivalry: frozenset[tuple[str, int]]
            ) -> tuple[tuple[frozenset[str], ...], frozenset[str]]:
    """Per idea of a key point, the terms that show a clause touches it (its own and its rivals'),
    and the terms of its accepted phrasings."""
    rival = _rival_table(rivalry)
    groups = _rival_groups(rivalry)
    main = point.variants[0] if point.variants else None
    out = []
    for slot, _ in main.slots if main else ():
        if slot[0] in DIRECTIONS:
            continue
        terms = set(slot)
        if slot[0] in rival:
            terms |= groups[rival[slot[0]]]
        out.append(frozenset(terms))
    phrases = frozenset(t for v in point.variants[1:] for s, _ in v.slots for t in s)
    return tuple(out), phrases


def claim_cover(variant: Variant, window: list[dict[str, int]], sentence: set[str],
                rival: dict[str, int]) -> float:
    """Share of a phrasing's ideas one claim (a clause, or two adjacent ones) holds, with its polarity.

    0 when the phrasing names an actor (a rival term: "transformer", "bias") that the claim
    lacks while its sentence names a rival of it: "SSMs ... decode with a fixed-size state" does
    not claim it of transformers ("It adds latency", after "LoRA ...", still claims it of LoRA).
    0 too when the phrasing relates two rivals ("forests cut bias, boosting variance") and the
    claim names neither: "it mainly reduces bias" swaps nothing (each such group needs a member).
    """
    own = {t for slot, _ in variant.slots for t in slot}
    others = [t for t in sentence if t in rival and t not in own]
    groups_named = [rival[t] for slot, _ in variant.slots for t in slot[:1] if t in rival]
    paired = {g for g in groups_named if groups_named.count(g) > 1}
    if len(window) == 2 and _split_rivals(window[0], window[1], rival) & (set(groups_named) - paired):
        return 0.0  # "L2 shrinks ...; L1 zeroes ..." are two claims about two actors, not one about L2
    got = 0.0
    held_groups: set[int] = set()
    for (slot, negated), weight in zip(variant.slots, variant.weights, strict=True):
        if any(_has(masks, slot, negated) == 1 for masks in window):  # reversed is no part of it
            got += weight
            held_groups.add(rival.get(slot[0], -1))
            continue
        groups = {rival[t] for t in slot if t in rival}
        if groups and any(rival[t] in groups for t in others):
            return 0.0
    if not paired <= held_groups:
        return 0.0
    return got / variant.total if variant.total else 0.0


def _split_rivals(first: dict[str, int], second: dict[str, int], rival: dict[str, int]) -> set[int]:
    """Rival groups two clauses name different members of ("L2 shrinks ...; L1 zeroes ...")."""
    one = {t: rival[t] for t in first if t in rival}
    two = {t: rival[t] for t in second if t in rival}
    return {g for t, g in one.items() for u, h in two.items() if g == h and t != u}


def _has(masks: dict[str, int], slot: Slot, negated: bool) -> int:
    """0 if the clause lacks the idea, 1 if it holds it with this polarity, -1 only reversed."""
    want = NEGATED if negated else POSITIVE
    found = 0
    for term in slot:
        mask = masks.get(term, 0)
        if mask & want:
            return 1
        if mask:
            found = -1
    return found


def contradicts(point: KeyPointSpec, clause: Clause, masks: dict[str, int],
                rivalry: frozenset[tuple[str, int]] | None = None) -> bool:
    """Does this claim clause say the opposite of the key point?

    The clause must share most of the key point's ideas (same or reversed), and reverse at
    least one of them: by negation ("does not reduce variance"), by an opposite direction
    ("increases variance", "after the softmax"), by a rival term in its place ("high bias
    means overfitting"), or by a rival term in its role ("softmax over the queries").  A
    numeric key point is contradicted by another number stated for the same claim.  `rivalry`
    pairs rival terms with their group: the lexicon's (the default) and the question's own
    actors (see scorer.question_roles), whose roles an answer may swap.
    """
    main = point.variants[0] if point.variants else None
    if main is None or main.phrase:
        return False
    rivalry = rivalry if rivalry is not None else frozenset(rivals().items())
    rival = _rival_table(rivalry)
    order = order_of(clause)
    if not (clause.negation or point.value is not None or (main.directed and clause.directed)
            or any(n for _, n in main.slots) or _could_swap(point, rivalry, order)):
        return False  # nothing in the clause could reverse anything: the common case, decided fast
    phrase_made = any(v.phrase and not any(n for _, n in v.slots)
                      and all(_has(masks, s, n) == 1 for s, n in v.slots) for v in point.variants[1:])
    if phrase_made and point.value is not None:
        return False  # an accepted phrasing ("towards 100% with continuous monitoring") is made
    directed, heads, named = _roles(point, rivalry)
    same = opposite = negated_only = subject = 0
    by_direction: list[tuple[str, str]] = []  # ideas reversed by a direction word alone
    ideas = swaps = 0
    previous = ""
    for slot, negated in main.slots:
        head, previous, repeated = slot[0], slot[0], slot[0] == previous
        if head in DIRECTIONS or repeated:
            continue  # one idea in two words ("time period" is ~time twice) is reversed once
        ideas += 1
        status = _has(masks, slot, negated)
        plain = status
        said = None
        if status and head in directed:
            said = next((clause.directed[t] for t in slot if t in clause.directed), None)
            if said is None:
                said = _modifier_direction(clause, slot, heads)
            if said is not None and said[0] not in (directed[head][0], OPPOSITE[directed[head][0]]):
                said = None  # another axis ("ramp after" says nothing about "a small ramp")
            if said is not None:
                status = 1 if _effective(*said) == _effective(*directed[head]) else -1
        swapped_here = 0
        if head in rival:
            swapped = _rival_status(status, head, rival, heads, order)
            group = rival[head]
            alone = named[group] == 1
            if swapped == 0 and phrase_made and group < ROLE_GROUP and alone \
                    and any(rival.get(t) == group for t in order):
                swapped = -1  # the key point's property given to its rival ("L2 makes weights sparse")
            swapped_here = int(swapped != status)
            swaps += swapped_here
            status = swapped
        if status == 0 and phrase_made:
            status = 1
        if not subject:
            subject = status  # the first idea the clause states: the claim's subject
        same += status > 0
        opposite += status < 0
        negated_only += status < 0 and plain < 0 and said is None and swapped_here == 0
        if status < 0 and plain > 0 and said is not None and swapped_here == 0:
            by_direction.append((head, _effective(*said)))
    if opposite and len(by_direction) == opposite and all(
            _phrased_so(point, masks, head, way) for head, way in by_direction):
        # An accepted phrasing, made by the clause, that gives the idea the clause's own direction
        # ("small batches are memory-bandwidth-bound" for "efficient only at large batch sizes").
        return False
    number_against = False
    if point.value is not None:
        ideas += 1
        verdict = point.number_in(clause.numbers)
        if verdict is not None:
            same += verdict
            opposite += not verdict
            number_against = not verdict
    if not opposite or not ideas:
        return False
    if opposite == negated_only:
        if any(n or s[0] in NEGATIVE_WORDS for s, n in main.slots) or any(s[0] in NEGATIVE_WORDS
                                                                         for s, _ in clause.slots):
            return False  # a negative claim ("avoid saturation"): polarity by words is too crude
        # Reversed by negation alone: only the whole claim negated counts ("does not reduce
        # variance"), not a negation that reaches a few of its words ("not available at
        # prediction time" is the claim "unavailable at prediction time").
        return same + opposite == ideas and ideas >= 2
    strong = opposite - negated_only
    # Two rivals swapped together ("high variance means overfitting") make a parallel claim that
    # agrees.  Properties of a kept subject each turned the other way ("small k: high bias, low
    # variance") are two wrong claims, not a parallel one.
    kept_subject = subject > 0 and bool(by_direction)
    if not same or (strong >= 2 and strong % 2 == 0 and not kept_subject) \
            or (ideas >= 3 and same < 2 and not (kept_subject and same + opposite >= 3)):
        return False
    if number_against and opposite == 1:
        # Another number alone: the sentence may be about a neighbouring quantity ("a 5% rate
        # rises to 25%"), so nearly all of the claim must be there.
        return (same + opposite) / ideas >= NUMBER_SHARE
    return (same + opposite) / ideas >= CONTRADICTION_SHARE


def _modifier_direction(clause: Clause, slot: Slot, heads: tuple[str, ...]) -> tuple[str, bool] | None:
    """A direction bound to the word just before the idea, when that word is not an idea of the key
    point: "suspiciously *low* offline scores" directs "scores" as much as "offline"."""
    order = order_of(clause)
    at = next((i for i, h in enumerate(order) if h in slot), None)
    if not at:
        return None
    before = order[at - 1]
    return clause.directed.get(before) if before not in heads else None


def _phrased_so(point: KeyPointSpec, masks: dict[str, int], head: str, way: str) -> bool:
    """Does an accepted phrasing the clause makes direct `head` the way the clause does?"""
    return any(all(_has(masks, s, n) == 1 for s, n in v.slots)
               and any(h == head and _effective(d, n) == way for h, d, n in v.directed)
               for v in point.variants[1:])


def order_of(clause: Clause) -> list[str]:
    """The clause's ideas (slot heads) in the order it states them."""
    return [s[0] for s, _ in clause.slots]


@lru_cache(maxsize=256)
def _rival_table(rivalry: frozenset[tuple[str, int]]) -> dict[str, int]:
    return dict(rivalry)


@lru_cache(maxsize=8192)
def _roles(point: KeyPointSpec, rivalry: frozenset[tuple[str, int]]
           ) -> tuple[dict[str, tuple[str, bool]], tuple[str, ...], dict[int, int]]:
    """Of a key point's main phrasing, worked out once: each directed idea's direction, its
    ideas (slot heads) in order, and how many of them each rival group names."""
    main = point.variants[0]
    rival = _rival_table(rivalry)
    heads = tuple(s[0] for s, _ in main.slots)
    named: dict[int, int] = {}
    for head in heads:
        if head in rival:
            named[rival[head]] = named.get(rival[head], 0) + 1
    return {head: (d, n) for head, d, n in main.directed}, heads, named


@lru_cache(maxsize=256)
def _rival_groups(rivalry: frozenset[tuple[str, int]]) -> dict[int, frozenset[str]]:
    """Each rival group's members (a question's rivalry is inverted once, not per key point)."""
    groups: dict[int, set[str]] = {}
    for term, group in rivalry:
        groups.setdefault(group, set()).add(term)
    return {group: frozenset(terms) for group, terms in groups.items()}


@lru_cache(maxsize=8192)
def _reversers(point: KeyPointSpec, rivalry: frozenset[tuple[str, int]]
               ) -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """Rival terms that could reverse this key point: another member of a group it names once
    (in its place), and the members of a group it names twice or more (two of them in the
    clause, maybe swapped)."""
    rival = _rival_table(rivalry)
    heads = [s[0] for s, _ in point.variants[0].slots]
    groups = [rival[h] for h in heads if h in rival]
    singles = frozenset(t for t, g in rival.items()
                        if groups.count(g) == 1 and g < ROLE_GROUP and t not in heads)
    pairs = tuple(frozenset(h for h in heads if rival.get(h) == g)
                  for g in set(groups) if groups.count(g) > 1)
    return singles, pairs


def _could_swap(point: KeyPointSpec, rivalry: frozenset[tuple[str, int]], order: list[str]) -> bool:
    singles, pairs = _reversers(point, rivalry)
    said = set(order)
    return not singles.isdisjoint(said) or any(len(pair & said) >= 2 for pair in pairs)


# Rival groups numbered from here are a question's own actors (see scorer.question_roles):
# weaker evidence than the lexicon's rivals, so only two of them in swapped order count.
ROLE_GROUP = 10_000


def _effective(direction: str, negated: bool) -> str:
    return OPPOSITE[direction] if negated else direction


def _rival_status(status: int, head: str, rival: dict[str, int], heads: tuple[str, ...],
                  order: list[str]) -> int:
    """A rival in the key point's term's role reverses it ("over the queries", not "keys").

    The role is where the term sits against its neighbour in the key point: the first rival
    after the idea before it ("taken over the keys"), else the last one before the idea
    after it ("bias is error from...").  No shared neighbour, no evidence.
    """
    group = rival[head]
    if not any(rival.get(t) == group and t != head for t in order):
        return status
    members = list(dict.fromkeys(h for h in heads if rival.get(h) == group))
    if len(members) > 1:
        # The key point relates the rivals ("queries are compared with keys", "key-value store"):
        # only their order can be swapped.
        said = list(dict.fromkeys(t for t in order if t in members))
        if status != 1 or len(said) != len(members) or said == members:
            return status
        repeated = len(members) != 2 or any(order.count(m) > 1 for m in members)
        return status if group >= ROLE_GROUP and repeated else -1
    if group >= ROLE_GROUP:
        return status  # a question's actor alone: too weak to say it was put in another's place
    at = heads.index(head)
    before = next((h for h in reversed(heads[:at]) if h in order and h not in rival), None)
    if before is not None:
        holder = [t for t in order[order.index(before) + 1:] if rival.get(t) == group]
        holder = holder[:1]
    else:
        after = next((h for h in heads[at + 1:] if h in order and h not in rival), None)
        if after is None:
            return status
        holder = [t for t in order[: order.index(after)] if rival.get(t) == group][-1:]
    if not holder:
        return status
    return 1 if holder[0] == head else -1


@lru_cache(maxsize=1024)
def echo_terms(prompt: str) -> frozenset[str]:
    """Every term of the question prompt: repeating them earns less than adding new ideas."""
    terms: set[str] = set()
    for sentence in split_sentences(prompt):
        terms.update(t for t, _ in analyse(sentence, lexicon()).terms())
    return frozenset(terms)


# A subject swap needs the key point's claim made this fully (share of its ideas after the subject),
# and made better than the sibling's own claim.
SUBJECT_SWAP_SHARE = 0.75
Claim = tuple[Slot, tuple[tuple[Slot, bool], ...]]  # a subject and the ideas said of it


@dataclass(frozen=True, slots=True)
class SubjectRival:
    """A key point's subject and claim, against a sibling key point's subject and claim."""

    own: Claim
    theirs: Claim


def _split_claim(slots: list[tuple[Slot, bool]], prefix: int) -> Claim | None:
    """The subject (the first idea after the `prefix` ideas shared with a sibling) and what follows."""
    if len(slots) < prefix + 3:
        return None
    return slots[prefix][0], tuple(slots[prefix + 1:])


def subject_rivals(criteria: tuple[tuple[KeyPointSpec, ...], ...], actors: frozenset[str],
                   compared: frozenset[str] = frozenset()) -> dict[KeyPointSpec, tuple[SubjectRival, ...]]:
    """Key points that say parallel things of different subjects ("batch norm normalises each
    feature…", "layer norm normalises each example…"; "the draft model proposes…", "the target model
    verifies…"): for each, the other subjects and their claims.

    The subject is the first idea two key points do not share ("top-k keeps…" / "top-p keeps…").
    They are parallel when their claims open with the same idea ("ROC plots…", "the PR curve
    plots…"; any criteria), or, within one criterion, when both subjects are `actors` (ideas the
    question's key points keep naming, or lexicon rivals) and the claims share an idea that is not
    generic.  "Compute target encoding out of fold" and "smooth rare categories" are two steps, not
    one claim made of two subjects.  Subjects the question asks to compare (`compared`: "greedy
    decoding versus beam search") are rivals in any criteria, whatever their claims.
    """
    units = [(i, p, claim) for i, points in enumerate(criteria) for p in points for claim in _claims(p)]
    out: dict[KeyPointSpec, list[SubjectRival]] = {}
    for i, p, mine in units:
        for j, _, theirs in units:
            if mine is theirs:
                continue
            rival = _parallel(mine, theirs, actors, i == j, compared)
            if rival is not None:
                out.setdefault(p, []).append(rival)
    return {p: tuple(r) for p, r in out.items()}


def _claims(point: KeyPointSpec) -> list[list[tuple[Slot, bool]]]:
    """A key point's claims, directions left out: its clauses when it makes several ("prefill is
    compute-bound, decode is memory-bound"), else the whole of its main phrasing."""
    if not point.variants:
        return []
    clauses = analyse(point.text, lexicon()).clauses if point.value is None else []
    if len(clauses) > 1:
        return [[(s, n) for s, n in c.slots if s[0] not in DIRECTIONS] for c in clauses]
    return [[(s, n) for s, n in point.variants[0].slots if s[0] not in DIRECTIONS]]


def _parallel(p: list[tuple[Slot, bool]], q: list[tuple[Slot, bool]], actors: frozenset[str],
              siblings: bool, compared: frozenset[str] = frozenset()) -> SubjectRival | None:
    """`p`'s claim against `q`'s, if the two say parallel things of different subjects."""
    heads_p, heads_q = [s[0] for s, _ in p], [s[0] for s, _ in q]
    prefix = next((i for i, (a, b) in enumerate(zip(heads_p, heads_q, strict=False)) if a != b), None)
    if prefix is None or prefix > 1:
        return None
    mine, theirs = _split_claim(p, prefix), _split_claim(q, prefix)
    if mine is None or theirs is None or mine[0][0] in META_VERBS or theirs[0][0] in META_VERBS:
        return None
    if mine[0][0] in heads_q or theirs[0][0] in heads_p:
        return None  # a subject the other also names is no rival of it
    if mine[1][0][0][0] == theirs[1][0][0][0] or (mine[0][0] in compared and theirs[0][0] in compared):
        return SubjectRival(mine, theirs)
    shared = {s[0] for s, _ in mine[1]} & {s[0] for s, _ in theirs[1]}
    if siblings and mine[0][0] in actors and theirs[0][0] in actors and shared - GENERIC_CONCEPTS:
        return SubjectRival(mine, theirs)
    return None


def _claim_cover(said: tuple[tuple[Slot, bool], ...], masks: dict[str, int], later: list[str]
                 ) -> tuple[float, float]:
    """How well the clause, after its subject, makes a claim: the share of the claim's ideas it states
    with their polarity, and the share of its own ideas the claim accounts for."""
    seen = set(later)
    got = sum(1 for slot, negated in said if _has(masks, slot, negated) == 1 and not seen.isdisjoint(slot))
    terms = {t for slot, _ in said for t in slot}
    explained = sum(1 for h in later if h in terms)
    return (got / len(said) if said else 0.0), (explained / len(later) if later else 0.0)


def swaps_subject(rivals_of: tuple[SubjectRival, ...], clause: Clause, masks: dict[str, int]) -> bool:
    """Does the clause make a key point's claim of another subject ("the *target* model proposes
    several tokens" for "the draft model proposes several tokens")?

    The clause must lack the key point's own subject, name the other before the claim, make
    SUBJECT_SWAP_SHARE of the claim's ideas, and fit it better than the other subject's own claim,
    both ways (share of the claim made, share of the clause explained): "layer norm normalises each
    example across features" is layer norm's own claim, and "posterior odds = likelihood ratio × prior
    odds" fits its own key point better than "multiply the odds by the ratio of prior odds".
    """
    order = order_of(clause)
    for rival in rivals_of:
        if any(t in masks for t in rival.own[0]):
            continue
        at = next((i for i, h in enumerate(order) if h in rival.theirs[0]), None)
        if at is None:
            continue
        later = order[at + 1:]
        made, explained = _claim_cover(rival.own[1], masks, later)
        if made < SUBJECT_SWAP_SHARE:
            continue
        # The other subject's own claims, all of them: the clause may make any one of them.
        theirs = [_claim_cover(r.theirs[1], masks, later)
                  for r in rivals_of if r.theirs[0] == rival.theirs[0]]
        if made > max(t[0] for t in theirs) and explained > max(t[1] for t in theirs):
            return True
    return False
