"""Text normalisation shared by answers, key points and reference answers.

Both sides of every comparison go through exactly the same pipeline — spelling
folded to one variant, words stemmed, synonyms and abbreviations mapped to one
concept id, negation marked per clause — so "regularisation" in a key point
meets "regularizing" in an answer, and "L2" meets "weight decay".
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _wordset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both by can could did do does doing down during each either etc few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just let me more most my myself of off on once only or other our ours ourselves out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves one e g eg ie i.e e.g
    """
)

# First halves of compounds people write both joined and apart ("under fitting", "data set").
COMPOUND_HEADS = _wordset(
    """re pre non co multi sub over under de un self cross hyper post semi back up down out data fine key
    time work dead feed check hand web sign frame band head net in on off data base pay life road"""
)
# Words that switch a clause's polarity ("does *not* reduce variance").
NEGATIONS = _wordset("not no never without neither nor none nothing cannot hardly ignore ignores ignoring")
# Phrases that look like negation but are not.
@cache
def pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile` once per source, at first use: the patterns only one kind of answer needs (a
    behavioural story's, a design's) cost the grading of any other kind nothing."""
    return re.compile(source, flags)


_FALSE_NEGATIONS = re.compile(r"\b(not only|not just|no matter|not necessarily only)\b")
# A negation holds until the clause ends: punctuation or a contrastive word.
_CLAUSE_BREAK = re.compile(  # not the comma of "16,000"
    r"(?<!\d),|,(?!\d{3}\b)|[;:()\[\]\n]|\s[-–—]\s|\b(?:but|however|whereas|although|though|instead|rather|unlike)\b"
)
# A single line break starts a new item only before a list marker or a capitalised label
# ("Result: ..."); otherwise it is hard-wrapped prose ("and two\nalternatives: ...").
_SENTENCE_BREAK = re.compile(
    r"(?<=[.!?])\s+(?=[A-Za-z0-9*\"'(])|\n\s*\n|\n(?=\s*(?:[-*•●○]+\s|\d+[.)]\s|[A-Z][A-Za-z]*\s*:))"
)
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_PREFIX_HYPHEN = re.compile(
    r"\b(re|pre|non|co|multi|sub|over|under|de|un|self|cross|hyper|post|semi|k)-(?=[a-z])"
)

# Each rewrite of `fold` comes with a string every match contains: most sentences lack it, and
# a substring test is far cheaper than running the pattern (fold runs once per sentence).
Rewrite = tuple[str, re.Pattern[str], str]
# British spellings folded to one form so both spellings stem alike.
_SPELLING: tuple[Rewrite, ...] = (
    ("is", re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers|able)\b"), r"iz\1"),
    ("ll", re.compile(r"(?<=[a-z]{2}[aeiou])ll(ed|ing|er|ers)\b"), r"l\1"),
    ("our", re.compile(r"\b(behavi|neighb|fav|lab|col|hon|hum|flav|harb|endeav)our"), r"\1or"),
    ("tre", re.compile(r"(?<=[a-z]{3})tre\b"), "ter"),
    ("yse", re.compile(r"(?<=[a-z]{3})yse(d|s)?\b"), r"yze\1"),
)
_CONTRACTIONS: tuple[Rewrite, ...] = (
    ("cannot", re.compile(r"\b(can)not\b"), r"\1 not"),
    ("'", re.compile(r"\bwon't\b"), "will not"),
    ("'", re.compile(r"\bcan't\b"), "can not"),
    ("'", re.compile(r"n't\b"), " not"),
    ("'", re.compile(r"'(s|re|ve|ll|d|m)\b"), ""),
)
_MARKUP = re.compile(r"[*_`#>]+")


def english_stemmer() -> Callable[[str], str]:
    """Snowball's English `stemWord`, without loading its thirty other languages (~12 ms a start).

    `snowballstemmer/__init__` imports every language.  When it has not run yet, the English
    module is imported under a bare stand-in for the package, which is then taken away, so a
    later `import snowballstemmer` still runs the real one (and reuses the English module).
    With PyStemmer (C) installed, snowballstemmer hands out its stemmer instead: kept as is.
    """
    spec = importlib.util.find_spec("snowballstemmer")
    if "snowballstemmer" in sys.modules or spec is None or importlib.util.find_spec("Stemmer") is not None:
        import snowballstemmer

        return snowballstemmer.stemmer("english").stemWord  # type: ignore[no-any-return]
    sys.modules["snowballstemmer"] = importlib.util.module_from_spec(spec)
    try:
        english = importlib.import_module("snowballstemmer.english_stemmer")
    finally:
        del sys.modules["snowballstemmer"]
    return english.EnglishStemmer().stemWord  # type: ignore[no-any-return]


_stem_word = english_stemmer()
_stems: dict[str, str] = {}


def stem(word: str) -> str:
    """The Snowball stem of a lower-case word, memoised (the same words recur endlessly)."""
    found = _stems.get(word)
    if found is None:
        found = word if word[0].isdigit() else _stem_word(word)
        if len(_stems) < 200_000:
            _stems[word] = found
    return found


_CALL = re.compile(r"(?<=[a-z_]{2})\(([^()\n]{0,40})\)")
# The plural of an acronym ("RNNs", "GPUs", "LLMs'") is the acronym: the stemmer would keep the
# "s" of a word it does not know, and "rnns" would never meet a key point's "RNN".
_ACRONYM_PLURAL = re.compile(r"\b([A-Z][A-Z0-9]+)s'?(?=\W|$)")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, ASCII-like text with one spelling variant and contractions expanded."""
    text = unicodedata.normalize("NFKC", text)
    text = _ACRONYM_PLURAL.sub(r"\1", text)
    if "(" in text:
        for _ in range(2):  # "summarise(doc) still runs" is one clause: a call's brackets break nothing
            text = _CALL.sub(r" \1 ", text)
    text = text.lower()
    text = text.replace("’", "'").replace("‘", "'").replace("²", "^2").replace("@", " at ")
    text = _MARKUP.sub(" ", text)
    for needed, pattern, repl in _CONTRACTIONS:
        if needed in text:
            text = pattern.sub(repl, text)
    if "-" in text:
        text = _PREFIX_HYPHEN.sub(r"\1", text)
    for needed, pattern, repl in _SPELLING:
        if needed in text:
            text = pattern.sub(repl, text)
    return _FALSE_NEGATIONS.sub(" ", text) if "no" in text else text


def words(text: str) -> list[str]:
    """The words of already-folded text."""
    return _WORD.findall(text)


_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|etc|vs|approx|cf|incl|resp|no|fig|dr|mr|mrs|ms)\.", re.IGNORECASE)


_SPACES = re.compile(r"\s+")
_LIST_MARKER = re.compile(r"^(?:[-*•●○]+|\d+[.)])\s*")
_ALPHANUMERIC = re.compile(r"[A-Za-z0-9]")


def split_sentences(text: str) -> list[str]:
    """Sentences and list items, stripped of list markers and markdown emphasis."""
    out = []
    text = _ABBREVIATIONS.sub(lambda m: m.group(1) + "\u2024", text.strip())
    for part in _SENTENCE_BREAK.split(text):
        part = part.replace("\u2024", ".")
        part = _SPACES.sub(" ", part).strip()
        part = _LIST_MARKER.sub("", part).replace("**", "").strip()
        if _ALPHANUMERIC.search(part):
            out.append(part)
    return out


Slot = tuple[str, ...]
"""One idea in a text: its stem, or the concept id of a synonym phrase, with alternatives."""


@dataclass(slots=True)
class Clause:
    """One claim of a sentence: its slots in order, with polarity and bound directions.

    `directed` maps a slot's head to the direction a word such as "reduces", "more" or
    "before" gives it ("reduces variance" → variance: "down"), so "increases variance"
    can be told from "reduces variance" even though both mention variance.
    """

    slots: list[tuple[Slot, bool]] = field(default_factory=list)
    directed: dict[str, tuple[str, bool]] = field(default_factory=dict)
    negation: bool = False  # a negation cue anywhere in the clause
    numbers: tuple[float, ...] = ()
    inner: list[tuple[str, bool]] = field(default_factory=list)
    by_other: bool = False  # opens with another person as the actor ("my manager told…", "they…")

    def terms(self) -> Iterator[tuple[str, bool]]:
        for slot, negated in self.slots:
            for term in slot:
                yield term, negated
        yield from self.inner


@dataclass(slots=True)
class Analysed:
    """A sentence reduced to what matching needs: slots, each with its clause's polarity."""

    text: str
    slots: list[tuple[Slot, bool]] = field(default_factory=list)
    inner: list[tuple[str, bool]] = field(default_factory=list)
    words: int = 0
    stopwords: int = 0
    clauses: list[Clause] = field(default_factory=list)

    def terms(self) -> Iterator[tuple[str, bool]]:
        """Every term the sentence offers (all alternatives of all slots) with its polarity."""
        for slot, negated in self.slots:
            for term in slot:
                yield term, negated
        yield from self.inner


# Claims inside one clause: "more complexity lowers bias and raises variance" makes two.
_CLAIM_BREAK = frozenset(["and", "so", "because", "which", "while", "whereas", "but", "or", "then"])
# Who acts in a claim, read from its first words: the speaker, or another person ("a colleague
# posted the updates", "they rolled it back").  A story's action done by someone else is not the
# candidate's.
_SELF = frozenset(["i", "we", "i'd", "we'd", "i've", "we've", "i'm", "me"])
_PRONOUNS = frozenset(["he", "she", "they", "someone", "somebody", "others", "leadership"])
_DETERMINERS = frozenset(["a", "an", "the", "my", "our", "his", "her", "their", "another", "one", "some"])
_PEOPLE = frozenset(["colleague", "manager", "teammate", "team", "lead", "leadership", "boss", "director",
                     "vendor", "engineer", "analyst", "person", "people"])
# Direction words that are stopwords (the lexicon never sees them): they direct the next idea.
_STOP_DIRECTIONS = {"more": "up", "most": "up", "before": "before", "after": "after"}
# Direction concepts and words: each points its bound idea up or down.
DIRECTIONS = {"~reduce": "down", "~increase": "up", "~large": "up", "~small": "down",
              "wors": "up", "worsen": "up", "add": "up", "remov": "down", "fall": "down", "declin": "down",
              "later": "after", "earlier": "before"}
OPPOSITE = {"up": "down", "down": "up", "before": "after", "after": "before"}
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(%|percent\b)?")


@lru_cache(maxsize=2048)  # about 6 KB a sentence: 12 MB at most
def analyse(sentence: str, lexicon: Lexicon) -> Analysed:
    """Slots of a sentence, each with the polarity of its clause, and its claims (see `Clause`).

    Memoised, so the result is shared and read-only: an answer re-scored after an edit, or on
    another question, and a model answer's sentences reused in others, are analysed once.
    """
    result = Analysed(sentence)
    for declined, clause in _clauses(fold(sentence)):
        raw = words(clause)
        if not raw:
            continue
        if declined == "unlike":
            raw = ["not", *raw]  # "unlike X": the answer declines X
        elif declined and raw[0] in ("than", "of"):
            raw = ["not", *raw[1:]]  # "rather than X", "instead of X": the answer declines X
        result.words += len(raw)
        result.stopwords += sum(w in STOPWORDS or w in NEGATIONS for w in raw)
        claim = Clause(negation=any(w in NEGATIONS for w in raw), numbers=_numbers(clause),
                       by_other=_by_other(raw))
        for negated, part in _negation_scopes(raw):
            slots, inner, starts = lexicon.slots(part)
            result.slots.extend((slot, negated) for slot in slots)
            result.inner.extend((term, negated) for term in inner)
            claim = _claims(result, claim, part, slots, starts, negated)
            claim.inner.extend((term, negated) for term in inner)
        _bind_trailing(claim)
        result.clauses.append(claim)
    result.clauses = [c for c in result.clauses if c.slots]
    return result


def _claims(result: Analysed, claim: Clause, part: list[str], slots: list[Slot], starts: list[int],
            negated: bool) -> Clause:
    """Cut a scope into claims at conjunctions and bind direction words to the idea they direct."""
    pending = ""  # a direction waiting for the next idea
    position = 0
    for slot, start in zip(slots, starts, strict=True):
        for at, word in enumerate(part[position:start], position):
            if word in _CLAIM_BREAK:
                _bind_trailing(claim)
                result.clauses.append(claim)
                claim = Clause(negation=claim.negation, numbers=claim.numbers,
                               by_other=_by_other(part[at + 1:]))
                pending = ""
            elif word in _STOP_DIRECTIONS:
                pending = _STOP_DIRECTIONS[word]
        position = start + 1
        direction = DIRECTIONS.get(slot[0])
        if direction:
            pending = direction
        elif pending:
            claim.directed.setdefault(slot[0], (pending, negated))
            pending = ""
        claim.slots.append((slot, negated))
    return claim


def _by_other(raw: list[str]) -> bool:
    """Does a claim open with another person as its subject ("they…", "my manager told…", "the
    upstream team found…"), not the speaker?  A claim that opens with a verb ("told manager within
    the hour") is the speaker's own note."""
    if not raw or any(w in _SELF for w in raw[:3]):
        return False
    if raw[0] in _PRONOUNS:
        return True
    return raw[0] in _DETERMINERS and any(w in _PEOPLE for w in raw[1:3])


def _bind_trailing(claim: Clause) -> None:
    """A direction at a claim's end ("variance goes down", "bias falls") directs the idea before it."""
    if len(claim.slots) < 2:
        return
    last, negated = claim.slots[-1]
    direction = DIRECTIONS.get(last[0])
    if not direction:
        return
    for slot, _ in reversed(claim.slots[:-1]):
        if slot[0] not in DIRECTIONS:
            claim.directed.setdefault(slot[0], (direction, negated))
            return


def _numbers(clause: str) -> tuple[float, ...]:
    """Every number the clause states; a percentage also as a fraction ("5%" → 5 and 0.05)."""
    out: list[float] = []
    for match in _NUMBER.finditer(clause):
        value = float(match.group(1).replace(",", ""))  # "16,000" is one number
        out.append(value)
        if match.group(2):
            out.append(value / 100)
    return tuple(out)


_DECLINING = frozenset(["rather", "instead", "unlike"])


def _clauses(text: str) -> Iterator[tuple[str, str]]:
    """The clauses of a folded sentence, each with the word that declines it ("rather", "instead",
    "unlike") if one opened it, else ""."""
    start, declined = 0, ""
    for match in _CLAUSE_BREAK.finditer(text):
        yield declined, text[start:match.start()]
        word = match.group(0)
        start, declined = match.end(), word if word in _DECLINING else ""
    yield declined, text[start:]


def clause_texts(folded: str) -> list[str]:
    """The clauses of a folded sentence as text, split where a negation's scope ends."""
    return [clause for _, clause in _clauses(folded)]


def _negation_scopes(raw: list[str]) -> Iterator[tuple[bool, list[str]]]:
    """A clause cut where a negation starts: it holds from its cue to the clause's end.

    "I learned that saying what you will *not* do helps" negates "do helps", not "learned".
    The cue starts its part, so phrases such as "not required" still match.
    """
    start, negated = 0, False
    for i, word in enumerate(raw):
        if word in NEGATIONS and i > start:
            yield negated, raw[start:i]
            start = i
        if word in NEGATIONS:
            negated = not negated
    yield negated, raw[start:]


class Lexicon:
    """Synonyms and abbreviations: every phrase of a group stands for the group's concept id.

    Phrases match on stem sequences, longest first, so "weight decay", "ridge" and
    "L2" all yield the concept `~l2`.  Adjacent words are also offered joined
    ("re rank" → "rerank", "under fitting" → "underfit") so compounds written
    either way meet.
    """

    def __init__(self, groups: dict[str, list[str]]) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        self.starts: set[str] = set()  # first words of phrases: most words start none, a quick no
        self.longest = 1
        for concept, phrases in groups.items():
            for phrase in phrases:
                raw = words(fold(phrase))
                content = tuple(stem(w) for w in raw if w not in STOPWORDS)
                if not content:
                    continue
                full = tuple(w if w in STOPWORDS else stem(w) for w in raw)
                for key in {full, content} if len(content) > 1 else {full}:
                    self.phrases.setdefault(key, "~" + concept)
                    self.starts.add(key[0])
                    self.longest = max(self.longest, len(key))

    def slots(self, raw: list[str]) -> tuple[list[Slot], list[str], list[int]]:
        """One slot per content word or synonym phrase, the words inside those phrases, and where
        each slot starts in `raw`."""
        seq = [w if w in STOPWORDS or w in NEGATIONS else stem(w) for w in raw]
        out: list[Slot] = []
        inner: list[str] = []
        starts: list[int] = []
        i = 0
        while i < len(seq):
            size, concept = self._phrase_at(seq, i)
            if concept:
                starts.append(i)
                content = tuple(s for s, w in zip(seq[i : i + size], raw[i : i + size], strict=True)
                                if w not in STOPWORDS)
                out.append((concept, *content) if size == 1 else (concept, *self._joined(raw, i, size)))
                if size > 1:
                    inner.extend(content)
            elif raw[i] not in STOPWORDS and raw[i] not in NEGATIONS:
                starts.append(i)
                out.append((seq[i], *self._joined(raw, i, 2)))
            i += max(size, 1)
        return out, inner, starts

    def _phrase_at(self, seq: list[str], i: int) -> tuple[int, str]:
        if seq[i] not in self.starts:
            return 0, ""
        for size in range(min(self.longest, len(seq) - i), 0, -1):
            concept = self.phrases.get(tuple(seq[i : i + size]))
            if concept:
                return size, concept
        return 0, ""

    @staticmethod
    def _joined(raw: list[str], i: int, size: int) -> tuple[str, ...]:
        """The stem of a prefix and the next word written as one ("re rank" → "rerank")."""
        if size == 2 and i + 1 < len(raw) and raw[i] in COMPOUND_HEADS and raw[i + 1].isalpha():
            return (stem(raw[i] + raw[i + 1]),)
        return ()
