"""Relevance search over questions: what Browse shows when the user types a query.

Each question is indexed once (per bank) by field — title and id, topic and
category labels, prompt, rubric key points — through the rubric scorer's text
pipeline, so a search sees the same spelling folding, stemming and lexicon
concepts as grading does: "layer normalisation" meets "layer norm", "covariate
shift" meets "drift".  A query is scored BM25-style (rarer words count more, a
hit in the title more than one in the prompt), must cover most of its words, and
keeps only results within reach of the best one, so "drift" lists the few
questions about drift rather than every prompt that mentions the word.  An exact
id, or a title or id with a word starting the query, always comes first.  Longer
words forgive a typo; the last word matches as a prefix, because Browse searches
as you type.
"""

from __future__ import annotations

import math
import re
import weakref
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

from interview.bank.enums import CATEGORY_LABELS, Category
from interview.bank.index import QuestionEntry, SearchText
from interview.grading.rubric.text import (
    COMPOUND_HEADS,
    NEGATIONS,
    STOPWORDS,
    Lexicon,
    english_stemmer,
    fold,
    words,
)

if TYPE_CHECKING:
    from interview.bank.loader import Bank

# How much a hit in each field counts; the head is the title and the id.
FIELD_WEIGHTS = {"head": 3.0, "topics": 1.5, "prompt": 1.0, "key_points": 0.4}
# A hit through a lexicon synonym or a prefix counts less than the word as typed.
SYNONYM_FACTOR = 0.7
PREFIX_FACTOR = 0.8
# A result must cover this share of the query's (rarity-weighted) words...
MIN_COVERAGE = 0.6
# ...and score at least this share of the best result.
RELATIVE_THRESHOLD = 0.3
# Typos are forgiven only in words this long (one edit), or this long (two edits).
TYPO_MIN_LENGTH = 5
TWO_TYPOS_MIN_LENGTH = 9
PREFIX_MIN_LENGTH = 3
MAX_PREFIX_COMPLETIONS = 30
# Term frequency saturates quickly: a word said five times is not five times as relevant.
_SATURATION = 0.5


@dataclass(frozen=True, slots=True)
class Hit:
    """A matching question and its relevance, 1.0 for the best match of the query."""

    question: QuestionEntry
    score: float


# A query word: the terms it may match, each with how much a match counts.
_Slot = dict[str, float]


class SearchIndex:
    """An inverted index over a fixed list of questions, built once and queried many times."""

    def __init__(self, questions: Sequence[QuestionEntry], texts: Mapping[str, SearchText], *,
                 topic_label: Callable[[str], str] | None = None,
                 lexicon: Lexicon | None = None) -> None:
        if topic_label is None:
            from interview.bank.vocabulary import builtin_vocabulary

            topic_label = builtin_vocabulary().topic_label
        if lexicon is None:
            from interview.grading.rubric.lexicon import lexicon as load_lexicon

            lexicon = load_lexicon()
        self.questions = list(questions)
        self.texts = texts  # by question id; Browse's preview shows the prompt from here
        self.lexicon = lexicon
        self.postings: dict[str, dict[int, float]] = {}
        # Its own stemmer: the scorer's shared one is not thread-safe, and the index is built in
        # a worker while answers may be graded in another.  Same algorithm, so the same stems.
        self._stem_word = english_stemmer()
        self.stems: dict[str, str] = {}  # every folded word of the bank -> its stem
        # first stem of a lexicon phrase -> the phrase lengths starting with it, longest first
        self._phrase_sizes: dict[str, list[int]] = {}
        for phrase in lexicon.phrases:
            self._phrase_sizes.setdefault(phrase[0], []).append(len(phrase))
        for sizes in self._phrase_sizes.values():
            sizes[:] = sorted(set(sizes), reverse=True)
        for number, question in enumerate(self.questions):
            self._add(number, question, texts[question.id], topic_label)
        self.document_frequency = {term: len(docs) for term, docs in self.postings.items()}
        self.vocabulary = sorted(self.stems)
        self.ids = {q.id: n for n, q in enumerate(self.questions)}
        self.heads = [fold(f"{q.title} {q.id}") for q in self.questions]

    # ---------------------------------------------------------------- indexing

    def _add(self, number: int, question: QuestionEntry, search_text: SearchText,
             topic_label: Callable[[str], str]) -> None:
        topics = [topic_label(t) for t in question.topics]
        topics.append(CATEGORY_LABELS[Category(question.category)])
        fields = {
            "head": f"{question.title}\n{question.id}",
            "topics": "\n".join(topics),
            "prompt": search_text.prompt,
            "key_points": search_text.key_points,
        }
        weights: dict[str, float] = {}
        for name, text in fields.items():
            for term, count in Counter(self._terms(text)).items():
                weights[term] = weights.get(term, 0.0) + FIELD_WEIGHTS[name] * count / (count + _SATURATION)
        for term, weight in weights.items():
            self.postings.setdefault(term, {})[number] = weight

    def _terms(self, text: str) -> list[str]:
        """Every stem of a text, and every lexicon concept any of its phrases stands for.

        Unlike the scorer's `Lexicon.slots`, phrases may overlap and their words stay
        terms of their own: an index wants every way in, not one reading of the text.
        """
        raw = words(fold(text))
        seq = []
        for word in raw:
            if word in STOPWORDS or word in NEGATIONS:
                seq.append(word)
                continue
            found = self.stems.get(word)
            if found is None:
                found = self.stems[word] = self._stem(word)
            seq.append(found)
        terms = [s for s, w in zip(seq, raw, strict=True) if w not in STOPWORDS and w not in NEGATIONS]
        phrases = self.lexicon.phrases
        for i, first in enumerate(seq):
            for size in self._phrase_sizes.get(first, ()):
                concept = phrases.get(tuple(seq[i:i + size]))
                if concept is not None:
                    terms.append(concept)
            if raw[i] in COMPOUND_HEADS and i + 1 < len(raw) and raw[i + 1].isalpha():
                terms.append(self._stem(raw[i] + raw[i + 1]))  # "pre training" also as "pretraining"
        return terms

    def _stem(self, word: str) -> str:
        """The Snowball stem, as the scorer's `stem` gives it (numbers stay whole)."""
        return word if word[0].isdigit() else self._stem_word(word)

    # ---------------------------------------------------------------- querying

    def search(self, query: str, within: Container[str] | None = None) -> list[QuestionEntry]:
        """The questions matching `query`, best first; every question for an empty query.

        `within` (question ids) narrows the search first, so the threshold is relative to
        the best match among those (a category filter, say), not in the whole bank.
        """
        return [hit.question for hit in self.hits(query, within)]

    def hits(self, query: str, within: Container[str] | None = None) -> list[Hit]:
        query = query.strip()
        if not query:
            return [Hit(q, 1.0) for q in self.questions if within is None or q.id in within]
        scores = self._scores(query)
        pinned = self._pinned(query)
        if within is not None:
            scores = {n: s for n, s in scores.items() if self.questions[n].id in within}
            pinned = {n: p for n, p in pinned.items() if self.questions[n].id in within}
        best = max(scores.values(), default=0.0)
        found = {n for n, s in scores.items() if s >= RELATIVE_THRESHOLD * best} | set(pinned)
        ranked = sorted(found, key=lambda n: (-pinned.get(n, 0), -scores.get(n, 0.0), n))
        return [Hit(self.questions[n], 1.0 if n in pinned else scores[n] / best) for n in ranked]

    def _pinned(self, query: str) -> dict[int, int]:
        """Questions the user named: 2 for the exact id, 1 for a title or id with a word starting so."""
        exact = self.ids.get(query.lower())
        pinned = {} if exact is None else {exact: 2}
        folded = fold(query).strip()
        if not folded:  # only punctuation fold drops, such as "*"
            return pinned
        pattern = re.compile(r"(?<![a-z0-9])" + re.escape(folded))
        for number, head in enumerate(self.heads):
            if folded in head and number not in pinned and pattern.search(head):
                pinned[number] = 1
        return pinned

    def _scores(self, query: str) -> dict[int, float]:
        slots = self._query_slots(query)
        if not slots:
            return {}
        count = len(self.questions)
        total = 0.0
        scores: dict[int, float] = {}
        covered: dict[int, float] = {}
        for slot in slots:
            rarity = {term: self._idf(term, count) for term in slot}
            weight = max(rarity.values(), default=self._idf("", count))
            total += weight
            best: dict[int, float] = {}
            for term, factor in slot.items():
                for number, field_weight in self.postings.get(term, {}).items():
                    value = factor * rarity[term] * field_weight
                    if value > best.get(number, 0.0):
                        best[number] = value
            for number, value in best.items():
                scores[number] = scores.get(number, 0.0) + value
                covered[number] = covered.get(number, 0.0) + weight
        return {n: s for n, s in scores.items() if covered[n] >= MIN_COVERAGE * total}

    def _idf(self, term: str, count: int) -> float:
        frequency = self.document_frequency.get(term, 0)
        return math.log(1 + (count - frequency + 0.5) / (frequency + 0.5))

    def _query_slots(self, query: str) -> list[_Slot]:
        """One slot per query word or lexicon phrase (longest first), typos mended, the last word completed.

        A lone word that is also a lexicon phrase matches as typed, or through its concept for less.
        """
        raw = words(fold(query))
        skip = [w in STOPWORDS or w in NEGATIONS for w in raw]
        for position, word in enumerate(raw):
            if not skip[position] and self._stem(word) not in self.postings:
                raw[position] = self._correct(word) or word
        seq = [w if skip[n] else self._stem(w) for n, w in enumerate(raw)]
        slots: list[_Slot] = []
        position = 0
        while position < len(seq):
            size, concept = self._phrase_at(seq, position)
            if concept and size > 1:
                slots.append({concept: 1.0})
            elif concept:
                slots.append({seq[position]: 1.0, concept: SYNONYM_FACTOR})
            elif not skip[position]:
                slot = {seq[position]: 1.0}
                following = raw[position + 1] if position + 1 < len(raw) else ""
                if raw[position] in COMPOUND_HEADS and following.isalpha():
                    slot[self._stem(raw[position] + following)] = 1.0
                slots.append(slot)
            position += max(size, 1)
        if raw:
            if skip[-1]:  # "layer no…": a stopword may be the start of a word ("norm")
                completions: _Slot = {}
                self._complete(raw[-1], completions)
                if completions:
                    slots.append(completions)
            elif slots:
                self._complete(raw[-1], slots[-1])
        return slots

    def _phrase_at(self, seq: list[str], start: int) -> tuple[int, str]:
        for size in self._phrase_sizes.get(seq[start], ()):
            concept = self.lexicon.phrases.get(tuple(seq[start:start + size]))
            if concept is not None:
                return size, concept
        return 0, ""

    def _correct(self, word: str) -> str | None:
        """The bank word one edit away (two for long words), or None for short or far words."""
        if len(word) < TYPO_MIN_LENGTH or not word.isalpha():
            return None
        edits = 2 if len(word) >= TWO_TYPOS_MIN_LENGTH else 1
        found = process.extractOne(word, self.vocabulary, scorer=OSA.distance, score_cutoff=edits)
        return None if found is None else found[0]

    def _complete(self, prefix: str, slot: _Slot) -> None:
        """Let the word being typed match the bank words it starts (the commonest few)."""
        if len(prefix) < (2 if prefix in STOPWORDS or prefix in NEGATIONS else PREFIX_MIN_LENGTH):
            return
        start = bisect_left(self.vocabulary, prefix)
        completions: set[str] = set()
        for word in self.vocabulary[start:]:
            if not word.startswith(prefix):
                break
            if word != prefix:
                completions.add(self.stems[word])
        ranked = sorted(completions, key=lambda s: -self.document_frequency.get(s, 0))
        for term in ranked[:MAX_PREFIX_COMPLETIONS]:
            slot.setdefault(term, PREFIX_FACTOR)


class _LastIndex:
    """The index of the last bank searched (the app holds one bank at a time), kept while that bank lives."""

    bank: weakref.ref[Bank] | None = None
    index: SearchIndex | None = None


def search_index(bank: Bank) -> SearchIndex:
    """The index of a bank, built on first use and reused while the bank lives."""
    if _LastIndex.index is None or _LastIndex.bank is None or _LastIndex.bank() is not bank:
        _LastIndex.index = SearchIndex(list(bank.index.values()), bank.search_texts())
        _LastIndex.bank = weakref.ref(bank)
    return _LastIndex.index
