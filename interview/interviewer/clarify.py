"""The clarify phase of a system-design question: facts revealed only when asked for.

The candidate types questions; `FactMatcher` finds the facts each one asks for, by
meaning: words are folded, stemmed and mapped to shared concepts (a small lexicon of
the words people use to ask about scale, latency, cost, data ...), typos are mended
against the facts' own vocabulary with rapidfuzz, and a question matches a phrasing
when it covers most of that phrasing's informative (IDF-weighted) concepts.  Anything
else gets "that's up to you".  Afterwards the requirements criterion is scored on
which important facts were asked for, and the design on whether it used them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from interview.bank.models import AnyQuestion, Fact, SystemDesignQuestion
from interview.grading.models import CriterionScore, GradeResult
from interview.grading.rubric.text import english_stemmer
from interview.interviewer.models import ClarifyTurn, Transcript

UP_TO_YOU = "That's up to you: make an assumption, say it out loud, and design for it."
MATCH_FROM = 0.55  # a question matches a phrasing when its score (below) reaches this
COVER_POWER = 0.8  # how much a match depends on covering the phrasing rather than the question
LOCAL_WEIGHT = 0.7  # how much a word shared by several of the question's facts is discounted
ECHO_WEIGHT = 0.25  # the weight of a word the question's own prompt uses
TIE = 0.05  # facts scoring within this of a clause's best are asked for too
TYPO_FROM = 80  # rapidfuzz ratio for mending a misspelt word against the facts' vocabulary


def _words(text: str) -> list[str]:
    return text.split()


_STOP = frozenset(_words("""
a about above after again all also am an and any are as at be been before being below between both but by
can could did do does doing down during each else ever few for from further had has have having here how
i if in into is it its itself just let like me might more most must my no nor not now of off on once only
or other our ours out over own please same shall should so some such than that the their them then there
these they this those through to too under until up very was we were what whats when where which while who
whom why will with would you your yours ok okay tell know roughly approximately about around expect
expected assume assumption typical typically currently current today usually actually need needs exactly
quick question really sort kind lot lots much many get got going go there's it's we're i'm does do done
"""))

# Words people use for the same thing when asking; each maps to one concept.
_CONCEPTS: dict[str, tuple[str, ...]] = {
    "user": ("user", "users", "customer", "customers", "visitor", "visitors", "people", "person",
             "shopper", "shoppers", "employee", "employees", "member", "members", "audience", "viewer",
             "viewers", "consumer"),
    "anonymous": ("anonymous", "guest", "guests", "logged out", "logged-out", "signed out", "not logged in",
                  "not signed in", "aren't signed in", "unauthenticated", "logged off"),
    "traffic": ("traffic", "load", "qps", "rps", "throughput", "requests per second", "queries per second",
                "volume", "calls"),
    "latency": ("latency", "response time", "slow", "fast", "quickly", "ms", "milliseconds", "delay",
                "overhead", "p99", "p95", "wait", "timeout", "times out", "time to first token", "seconds"),
    "cost": ("cost", "costs", "spend", "spending", "money", "budget", "budgets", "price", "prices",
             "pricing", "expensive", "bill", "pay", "paying", "dollars", "cheap", "ceiling", "afford", "cap"),
    "gpu": ("gpu", "gpus", "h100", "h100s", "a100", "accelerator", "accelerators", "l4"),
    "hardware": ("hardware", "compute", "machine", "machines", "cpu", "cpus", "server", "servers", "fleet"),
    "language": ("language", "languages", "english", "multilingual", "spanish", "german", "french",
                 "translation"),
    "permission": ("permission", "permissions", "access", "acl", "acls", "restricted", "rights",
                   "entitlement", "entitlements", "allowed to see", "who can see", "can read"),
    "goal": ("goal", "goals", "objective", "objectives", "success", "metric", "metrics", "kpi", "kpis",
             "north star", "north-star", "achieve", "optimise", "optimize", "optimising", "optimizing",
             "aim", "trying to achieve", "good enough", "launch criteria"),
    "region": ("where", "region", "regions", "geography", "geographies", "country", "countries", "located",
               "location", "locations", "data centre", "data center", "data centres", "data centers",
               "europe", "eu", "asia", "markets"),
    "team": ("team", "teams", "engineer", "engineers", "staff", "headcount", "operate", "run it", "on-call",
             "sre"),
    "log": ("log", "logs", "logged", "logging", "record", "records", "recorded", "track", "tracked"),
    "history": ("history", "historical", "past", "archive", "back"),
    "rate": ("rate", "share", "fraction", "percentage", "percent", "proportion", "ratio", "split"),
    "model": ("model", "models", "llm", "llms"),
    "fail": ("fail", "fails", "failure", "failures", "down", "outage", "outages", "unavailable", "breaks",
             "degrade", "degraded", "fallback", "fall back", "fail over", "failover"),
    "privacy": ("privacy", "private", "personal data", "pii", "personal information", "gdpr", "compliance",
                "regulatory", "regulation", "regulations", "regulators", "legal", "law", "laws"),
    "fresh": ("fresh", "freshness", "stale", "update", "updates", "updated", "edited", "changed", "change",
              "changes", "turn over", "turns over", "churn"),
    "new": ("new", "brand-new", "newly", "added", "arrive", "appear", "uploaded"),
    "product": ("product", "products", "item", "items", "sku", "skus", "catalogue", "catalog"),
    "human": ("human", "humans", "agent", "agents", "person", "moderator", "moderators", "reviewer",
              "reviewers", "manual"),
    "handover": ("handover", "hand over", "escalate", "escalation", "escalations", "transfer",
                 "handoff", "hand off", "mandatory handover"),
    "remove": ("remove", "removal", "take down", "taken down", "takedown", "delete", "deleted"),
    "minor": ("minor", "minors", "teen", "teens", "teenage", "teenager", "teenagers", "under 18", "children",
              "kids", "age"),
    "stream": ("stream", "streamed", "streaming", "sse", "server-sent events", "token by token"),
    "quota": ("quota", "quotas", "rate limit", "rate limits", "tokens per minute", "limits"),
    "explain": ("explain", "explanation", "explanations", "reason code", "reason codes", "explainability",
                "justify"),
    "rule": ("rule", "rules", "policy", "policies"),
    "decline": ("decline", "declines", "declined", "reject", "rejected", "block", "blocked", "challenge",
                "challenges", "step-up", "3ds", "3-d secure", "friction"),
    "fraud": ("fraud", "fraudulent", "fraudster", "fraudsters", "chargeback", "chargebacks"),
    "error": ("false positive", "false negative", "false decline", "wrong", "wrongly", "mistake", "miss",
              "missed", "errors"),
    "amount": ("amount", "amounts", "value", "size of purchase", "purchase amount", "ticket size"),
    "quality": ("quality", "accuracy", "accurate", "precise", "precision", "correct", "good", "parity",
                "win rate", "drop in quality"),
    "exposure": ("exposure", "impression", "impressions", "views", "visibility", "seen", "chance"),
    "signal": ("signal", "signals", "interaction", "interactions", "feedback", "event", "events",
               "behaviour", "behavior", "clicks", "click"),
    "intent": ("intent", "intents", "reason", "reasons", "topic", "topics", "contact reasons",
               "asking about", "contacting", "chat about", "ask about"),
    "satisfaction": ("satisfaction", "csat", "happy", "nps"),
    "identity": ("identity", "authenticate", "authentication", "verify", "verification", "log in",
                 "login", "sign in", "who the customer is"),
    "channel": ("channel", "channels", "voice", "phone", "phone calls", "website", "web", "app", "chat"),
    "report": ("report", "reports", "flag", "flags", "flagged", "reported"),
    "screen": ("screen", "screening", "pre-moderation", "before they go live", "before publishing",
               "before visible", "checked"),
    "query": ("query", "queries", "search", "searches", "searching"),
    "document": ("document", "documents", "doc", "docs", "page", "pages", "pdf", "pdfs", "wiki"),
    "size": ("size", "big", "large", "large is", "how big", "parameters", "trees", "depth"),
    "violation": ("violate", "violates", "violating", "violation", "violations", "harmful", "bad content",
                  "illegal", "break the rules", "breaks the rules", "offending", "abusive"),
    "prevalence": ("prevalence", "how common", "how rare", "rare", "base rate", "how often", "frequency"),
    "content": ("content", "post", "posts", "comment", "comments", "video", "videos", "upload", "uploads"),
    "auto": ("auto", "automatic", "automatically", "on its own", "by itself", "without a human",
             "without review", "unattended"),
    "batch": ("batch", "nightly", "offline job", "offline jobs", "background", "delayed", "deferred",
              "async", "asynchronous", "can wait"),
    "vendor": ("vendor", "vendors", "provider", "providers", "hosted", "cloud", "api", "third party",
               "external", "openai", "anthropic"),
    "infrastructure": ("infrastructure", "infra", "stack", "tech stack", "cloud provider", "which cloud",
                       "aws", "gcp", "azure", "kubernetes", "k8s", "tooling", "already run", "already use",
                       "already have", "in production today"),
    "repeat": ("repeat", "come back", "comes back", "again", "recontact", "return", "returning"),
    "night": ("night", "overnight", "nights", "evening", "off-peak", "quiet hours"),
}


@lru_cache(maxsize=1)
def _phrase_table() -> tuple[list[tuple[list[str], str]], dict[str, str]]:
    phrases: list[tuple[list[str], str]] = []
    singles: dict[str, str] = {}
    for concept, forms in _CONCEPTS.items():
        for form in forms:
            parts = _tokens(form)
            if len(parts) > 1:
                phrases.append((parts, concept))
            elif parts:
                singles.setdefault(parts[0], concept)
    phrases.sort(key=lambda p: -len(p[0]))
    return phrases, singles


# Its own stemmer instance: Snowball stemmers keep state, and the scorer's may run in another thread.
_stem_word = english_stemmer()
_TOKEN = re.compile(r"[a-z0-9$]+(?:'[a-z]+)?")


def _tokens(text: str) -> list[str]:
    """Lower-case words; hyphenated words split ("natural-language" is "natural language")."""
    text = text.lower().replace("’", "'").replace("n't", " not")
    return [t.removesuffix("'s") for t in _TOKEN.findall(text)]


def concepts(text: str, vocabulary: frozenset[str] = frozenset()) -> list[str]:
    """The concepts and stems a text is about, stopwords dropped, typos mended against `vocabulary`."""
    raw = _tokens(text)
    phrases, singles = _phrase_table()
    out: list[str] = []
    i = 0
    while i < len(raw):
        for parts, concept in phrases:
            if raw[i:i + len(parts)] == parts:
                out.append("~" + concept)
                i += len(parts)
                break
        else:
            word = raw[i]
            i += 1
            if word in singles:
                out.append("~" + singles[word])
            elif word not in _STOP and len(word) > 1:
                out.append(_mend(word, vocabulary, singles))
    return out


def _mend(word: str, vocabulary: frozenset[str], singles: dict[str, str]) -> str:
    """The word's stem, or what a misspelt word was meant to be: a concept's word or a facts' stem."""
    term = _stem_word(word)
    if term in vocabulary or len(word) < 4 or not vocabulary or word[0].isdigit():
        return term
    concept = process.extractOne(word, [w for w in singles if len(w) >= 4], scorer=fuzz.ratio,
                                 score_cutoff=TYPO_FROM)
    if concept is not None:
        return "~" + singles[concept[0]]
    found = process.extractOne(term, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_FROM)
    return found[0] if found else term


@dataclass(frozen=True)
class _Phrasing:
    fact: Fact
    terms: frozenset[str]


class FactMatcher:
    """Finds the facts a clarifying question asks for, among one question's facts."""

    def __init__(self, facts: Sequence[Fact], corpus: Iterable[Fact] = (), context: str = "") -> None:
        self.facts = tuple(facts)
        pool = list(corpus) or list(self.facts)
        texts = [t for f in pool for t in (*f.asked_by, f.about)]
        self.vocabulary = frozenset(t for text in texts for t in concepts(text) if not t.startswith("~"))
        documents = [frozenset(concepts(t)) for t in texts]
        counts = Counter(term for doc in documents for term in doc)
        n = len(documents) or 1
        self.idf = {term: math.log(1 + n / count) for term, count in counts.items()}
        self.unknown_idf = math.log(1 + n)
        # Words of the question itself ("gateway", "carousel") say nothing about which fact is wanted.
        for term in concepts(context):
            if not term.startswith("~"):
                self.idf[term] = ECHO_WEIGHT * self.idf.get(term, self.unknown_idf)
        self.phrasings = [
            _Phrasing(fact, frozenset(concepts(text, self.vocabulary)))
            for fact in self.facts for text in (*fact.asked_by, fact.about)
        ]
        # A word several of this question's facts are asked with tells them apart less.
        facts_with: Counter[str] = Counter(t for f in self.facts for t in {
            t for p in self.phrasings if p.fact is f for t in p.terms})
        count = max(1, len(self.facts))
        for term, seen in facts_with.items():
            local = math.log(1 + count / seen) / math.log(1 + count)
            self.idf[term] = self.idf.get(term, self.unknown_idf) * (1 - LOCAL_WEIGHT + LOCAL_WEIGHT * local)

    def _weight(self, terms: Iterable[str]) -> float:
        return sum(self.idf.get(t, self.unknown_idf) for t in terms)

    def scores(self, question: str) -> dict[str, float]:
        """Each fact's best match with the question (0-1)."""
        return {fact_id: value for fact_id, (value, _) in self._matches(question).items()}

    def _matches(self, question: str) -> dict[str, tuple[float, frozenset[str]]]:
        """Per fact: the best score over its phrasings, and the question's words that phrasing used."""
        asked = frozenset(concepts(question, self.vocabulary))
        best: dict[str, tuple[float, frozenset[str]]] = {}
        if not asked:
            return best
        asked_weight = self._weight(asked)
        for phrasing in self.phrasings:
            shared = asked & phrasing.terms
            if not shared:
                continue
            cover = self._weight(shared) / self._weight(phrasing.terms)
            explained = self._weight(shared) / asked_weight
            value = cover ** COVER_POWER * explained ** (1 - COVER_POWER)
            if value > best.get(phrasing.fact.id, (0.0, frozenset()))[0]:
                best[phrasing.fact.id] = (value, shared)
        return best

    def match(self, question: str) -> list[Fact]:
        """The facts the question asks for, best first; a compound question may ask for several.

        The whole question is matched first; then each clause, unless every word of the clause
        was already used by a fact the whole question matched ("GPUs, and at what price?").
        """
        found: dict[str, float] = {}
        used: set[str] = set()
        for index, part in enumerate(_parts(question)):
            matches = self._matches(part)
            if not matches:
                continue
            if index > 0 and set(concepts(part, self.vocabulary)) <= used:
                continue
            top = max(value for value, _ in matches.values())
            for fact_id, (value, shared) in matches.items():
                # One question (or clause) asks for one thing: the best fact, and any as good.
                if value >= MATCH_FROM and value >= top - TIE and value > found.get(fact_id, 0.0):
                    found[fact_id] = value
                    used |= shared
        by_id = {f.id: f for f in self.facts}
        return [by_id[i] for i in sorted(found, key=lambda i: -found[i])]


def _parts(question: str) -> list[str]:
    """The whole question and, for a compound one, each clause ("X, and what about Y?")."""
    clauses = [c for c in re.split(r"\?|;|,\s*(?:and|or)\b|\band\b|\balso\b", question) if c.strip()]
    return [question, *clauses] if len(clauses) > 1 else [question]


@lru_cache(maxsize=256)
def matcher_for(question: SystemDesignQuestion) -> FactMatcher:
    return FactMatcher(question.facts, _bank_facts(), f"{question.title}\n{question.prompt}")


_BANK_FACTS: list[Fact] = []


def _bank_facts() -> tuple[Fact, ...]:
    return tuple(_BANK_FACTS)


def use_bank_facts(questions: Iterable[AnyQuestion]) -> None:
    """Weigh words by how common they are across every question's facts (called once per bank)."""
    _BANK_FACTS[:] = [f for q in questions if isinstance(q, SystemDesignQuestion) for f in q.facts]
    matcher_for.cache_clear()


def ask(question: SystemDesignQuestion, text: str, earlier: Sequence[ClarifyTurn] = ()) -> ClarifyTurn:
    """The interviewer's reply to one clarifying question, offline; a fact the `earlier` turns
    already revealed is told again as a reminder ("As I said, ...") and not revealed twice."""
    facts = matcher_for(question).match(text)
    if not facts:
        return ClarifyTurn(question=text, reply=UP_TO_YOU)
    told = told_before(earlier)
    new = [f for f in facts if f.id not in told]
    again = [f for f in facts if f.id in told]
    said = [f.answer for f in new] + ([as_i_said(" ".join(f.answer for f in again))] if again else [])
    return ClarifyTurn(question=text, reply=" ".join(said), fact_ids=[f.id for f in new],
                       repeated=[f.id for f in again])


AS_I_SAID = "As I said, "


def told_before(earlier: Sequence[ClarifyTurn]) -> set[str]:
    return {fact_id for turn in earlier for fact_id in turn.fact_ids}


def as_i_said(reply: str) -> str:
    """A fact told again, as an interviewer repeats himself: "As I said, up to 20 ms at p99."

    The first word is lowered only when it is an ordinary capitalised word ("Up"), never a
    name or an acronym ("EU", "GPT-4o", "I").
    """
    reply = reply.strip()
    if reply.lower().startswith(AS_I_SAID.lower()):
        return reply
    first = reply.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].isalpha() and first[1:].islower():
        reply = reply[0].lower() + reply[1:]
    return AS_I_SAID + reply


# ------------------------------------------------------------ scoring

_NUMBER = re.compile(
    r"(?<![\w.])\$?(\d+(?:[,.]\d+)*)\s*(k|m|bn|b|thousand|million|billion)?\b", re.IGNORECASE)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}


_UNITS = _words("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                "fifteen sixteen seventeen eighteen nineteen")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_WORD_NUMBER = re.compile(
    r"\b(" + "|".join([*_TENS, *_UNITS]) + r")(?:[- ](" + "|".join(_UNITS[1:10]) + r"))?"
    r"(?:\s+(hundred|thousand|million|billion))?\b", re.IGNORECASE)
_WORD_SCALE = {"hundred": 100.0, **_SCALE}


def numbers(text: str) -> set[float]:
    """The numbers a text states: "2,000", "2k", "2 thousand" and "two thousand" all read as 2000."""
    out: set[float] = set()
    for match in _WORD_NUMBER.finditer(text):
        head = match.group(1).lower()
        value = float(_TENS.get(head, _UNITS.index(head) if head in _UNITS else 0))
        if match.group(2):
            value += _UNITS.index(match.group(2).lower())
        out.add(value * _WORD_SCALE.get((match.group(3) or "").lower(), 1.0))
    for match in _NUMBER.finditer(text):
        digits = match.group(1)
        digits = digits.replace(",", "") if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", digits) else digits
        try:
            value = float(digits)
        except ValueError:
            continue
        scale = _SCALE.get((match.group(2) or "").lower(), 1.0)
        out.add(value * scale)
    return out


def told_numbers(fact: Fact, given: set[float] | frozenset[float] = frozenset()) -> set[float]:
    """The numbers a fact tells (0 and 1 say little), less those already `given` (by the prompt)."""
    return {n for n in numbers(fact.answer) if n not in (1.0, 0.0) and not _among(n, given)}


def _among(value: float, pool: set[float] | frozenset[float]) -> bool:
    return any(abs(value - p) <= 0.01 * max(abs(value), 1e-9) for p in pool)


def uses_fact(fact: Fact, answer: str, question: SystemDesignQuestion) -> bool | None:
    """Whether the design states a number the fact revealed; None when the fact has no number.

    Numbers the prompt itself states do not count: repeating the prompt is not using a fact.
    """
    told = told_numbers(fact, given=numbers(question.prompt))
    if not told:
        return None
    said = numbers(answer)
    return any(_among(t, said) for t in told)


def facts_the_model_answer_ignores(question: SystemDesignQuestion) -> list[Fact]:
    """Important facts whose numbers the model answer never uses: a design judged against the
    revealed facts must itself size with the numbers a strong candidate asks for."""
    return [f for f in question.facts
            if f.important and uses_fact(f, question.model_answer, question) is False]


def assess(question: SystemDesignQuestion, transcript: Transcript, answer: str) -> Transcript:
    """Fill the transcript's clarification figures: important facts asked, revealed numbers used."""
    if not transcript.clarified or not question.facts:
        return transcript
    revealed = transcript.revealed
    important = [f for f in question.facts if f.important]
    asked = [f for f in important if f.id in revealed]
    share = len(asked) / len(important) if important else 1.0
    unused = [f.about for f in question.facts if f.id in revealed and uses_fact(f, answer, question) is False]
    return transcript.model_copy(update={
        "clarification": round(share, 4),
        "facts_missed": [f.about for f in important if f.id not in revealed],
        "facts_unused": unused,
    })


def apply(question: AnyQuestion, result: GradeResult, transcript: Transcript, answer: str) -> tuple[
        GradeResult, Transcript]:
    """Score the requirements criterion on the clarify phase, and the design on using what it revealed."""
    if not isinstance(question, SystemDesignQuestion) or not transcript.clarified or not question.facts:
        return result, transcript
    transcript = assess(question, transcript, answer)
    target = next((c for c in result.criteria if c.dimension == "requirements"), None)
    if target is None or (result.score == 0 and result.flags):
        return result, transcript
    revealed = [f for f in question.facts if f.id in transcript.revealed]
    used = [u for u in (uses_fact(f, answer, question) for f in revealed) if u is not None]
    used_share = sum(used) / len(used) if used else None
    parts = [target.score, transcript.clarification or 0.0] + ([used_share] if used_share is not None else [])
    new_score = round(sum(parts) / len(parts), 4)
    important = [f for f in question.facts if f.important]
    found = [*target.found, *(f"asked about {f.about}" for f in important if f.id in transcript.revealed)]
    missing = [*target.missing, *(f"did not ask about {m}" for m in transcript.facts_missed),
               *(f"the design never uses what you were told about {u}" for u in transcript.facts_unused)]
    evidence = [*target.evidence, *(f"you asked: {t.question}" for t in transcript.clarify if t.fact_ids)]
    verdict = (f"{target.verdict} Clarify phase: asked for {len(important) - len(transcript.facts_missed)} "
               f"of {len(important)} important facts").strip()
    if used_share is not None:
        verdict += f"; the design uses {sum(used)} of {len(used)} revealed numbers"
    updated = target.model_copy(update={"score": new_score, "found": found, "missing": missing,
                                        "evidence": evidence, "verdict": verdict + "."})
    criteria = [updated if c is target else c for c in result.criteria]
    return _rescored(result, criteria, target, updated), transcript


def _rescored(result: GradeResult, criteria: list[CriterionScore], old: CriterionScore,
              new: CriterionScore) -> GradeResult:
    """Move the overall score by the criterion's change, scaled as the scorer scaled the rest."""
    total = sum(c.weight for c in result.criteria) or 1.0
    raw = sum(c.score * c.weight for c in result.criteria) / total
    scale = min(1.0, result.score / (100 * raw)) if raw > 0 else 1.0
    delta = 100 * (new.score - old.score) * old.weight / total * scale
    capped = re.match(r"Capped at (\d+)", result.summary)  # the scorer's own cap stands
    cap = float(capped.group(1)) if capped else 100.0
    score = round(max(0.0, min(cap, 100.0, result.score + delta)), 1)
    return result.model_copy(update={"criteria": criteria, "score": score})

