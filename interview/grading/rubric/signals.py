"""Answer-level signals: non-answers and gaming, STAR structure, design phases, length.

These are cheap regular-expression and counting checks on the folded text; they
never need the rubric's key points, so they work for every question alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview.grading.rubric.text import STOPWORDS, fold, pattern, words

NO_ANSWER = re.compile(
    r"^\W*(i\s+)?(really\s+)?(do\s+not|dont|don't|have\s+no|had\s+no)\s+(know|idea|clue)\b|^\W*(idk|dunno|"
    r"no\s+idea|no\s+clue|not\s+sure|pass|skip|no\s+submission|n/?a|none|nothing|no\s+answer|"
    r"i\s+(can\s+not|can't|cannot)\s+(remember|answer|recall)|i\s+forgot|sorry)\b"
)
LIST_INSTRUCTION = re.compile(
    r"\b(name|list|state|enumerate|mention|give)\b.{0,40}?\b(\d+|two|three|four|five|some|several|the|all)\b"
    r"|\bat least (\d+|two|three|four|five)\b"
)
# The most a keyword salad keeps: below any correct answer, however partial.
SALAD_CAP = 10
_CONSONANT_RUN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")


@dataclass(frozen=True, slots=True)
class Flag:
    """A reason the score was capped, with a code the LLM layer and tests can rely on."""

    code: str
    message: str
    cap: float  # the highest overall score (0–100) the answer may keep

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def non_answer(answer: str) -> Flag | None:
    """Empty, 'I don't know' and gibberish answers: nothing to grade."""
    text = fold(answer)
    tokens = words(text)
    if not tokens:
        return Flag("empty", "no answer was given", 0)
    if len(tokens) <= 12 and NO_ANSWER.search(text):
        return Flag("no-answer", "the answer says it does not know; there is nothing to score", 0)
    if len(tokens) >= 4 and len(set(tokens)) / len(tokens) < 0.25:
        return Flag("gibberish", "the answer does not read as text (random letters or one word repeated)", 0)
    if len(tokens) >= 20 and sum(t in STOPWORDS for t in tokens) >= 0.15 * len(tokens):
        return None  # prose: random letters have no stop-words (and this keeps long answers fast)
    alpha = [t for t in tokens if t.isalpha() and len(t) >= 3]
    if not alpha:
        if any(t.isalpha() for t in tokens) or len(tokens) >= 3:
            return None  # symbols and numbers: a formula or a calculation, not gibberish
        return Flag("gibberish", "the answer has no words", 0)
    stop = sum(t in STOPWORDS for t in tokens) / len(tokens)
    odd = sum(bool(_CONSONANT_RUN.search(t)) or not re.search(r"[aeiouy]", t) for t in alpha) / len(alpha)
    if odd > 0.4 or (len(tokens) >= 4 and len(set(tokens)) / len(tokens) < 0.25):
        return Flag("gibberish", "the answer does not read as text (random letters or one word repeated)", 0)
    if stop == 0 and odd > 0.25:
        return Flag("gibberish", "the answer does not read as text", 0)
    return None


# Separators a keyword list strings terms together with, standing alone between spaces.
# Only between words: "P(F) = 0.95 × 0.005 + 0.02" is a formula, not a list.
_SEPARATOR = re.compile(r"(?<=[A-Za-z] )(?:->|=>|<-|::|&&?|;|/|--|\.\.\.|\|\|?|~|!!|\+|=)(?= [A-Za-z]|\s*$)")
# Words that cannot follow "the"/"a"/"an" in a sentence: a determiner left dangling is padding.
_NOT_AFTER_DETERMINER = frozenset(["of", "to", "in", "for", "with", "on", "at", "by", "from", "the", "an",
                                   "and", "or"])


def keyword_salad(answer: str, prompt: str) -> Flag | None:
    """A bag of terms where the question asks for an explanation.

    Three shapes: terms strung together with symbols ("a -> b :: c & d"), terms padded with
    dangling stop-words to look like prose ("... -- the of"), and bare terms with almost no
    function words.  Terse bullet points (one claim a line, a few words each) are notes, not
    salad; formulas and code are not lists of terms.
    """
    blocks = [b for b in _BLOCK.split(answer) if re.search(r"[A-Za-z]", b)]
    dangling = _dangling_determiners(answer)
    strung = sum(_strung_together(block) for block in blocks)
    tokens = words(fold(answer))
    alpha = [t for t in tokens if t.isalpha() and len(t) > 1]
    bare = len(alpha) >= 6 and sum(t in STOPWORDS for t in alpha) / len(alpha) < 0.12
    if dangling >= 2 or (dangling and (strung or bare)) or (strung and strung >= 0.5 * len(blocks)):
        return Flag("keyword-salad", "the answer strings terms together with symbols or filler words "
                    "instead of explaining them; write sentences that say how and why", SALAD_CAP)
    if len(alpha) < 6 or len(alpha) < 0.7 * len(tokens) or _notes(blocks):
        return None
    if bare and not LIST_INSTRUCTION.search(fold(prompt)):
        return Flag(
            "keyword-salad",
            "the answer lists terms without explaining them; write sentences that say how and why",
            SALAD_CAP,
        )
    return None


# Paragraphs and list items: a keyword string is one block, notes are many.
_BLOCK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*•●○]|\d+[.)]))")


def _dangling_determiners(text: str) -> int:
    """'the' followed by nothing a sentence allows: padding ("the of", "the ->", "... the")."""
    tokens = re.findall(r"[a-z0-9]+|->|=>|<-|::|&&?|--|\.\.\.|\|\|?|!!|;|/|~", text.lower())
    return sum(word == "the" and (not after or after in _NOT_AFTER_DETERMINER or not after[0].isalnum())
               for word, after in zip(tokens, [*tokens[1:], ""]))  # noqa: B905 (the last word is followed by "")


def _strung_together(block: str) -> bool:
    """A long run of terms joined by stand-alone symbols: at least one every eight words."""
    count = len(words(block.lower()))
    return count >= 20 and len(_SEPARATOR.findall(block.strip())) >= max(4, count / 8)


def _notes(blocks: list[str]) -> bool:
    """Bullet notes: three or more list items with a few words each."""
    if len(blocks) < 3:
        return False
    mean_words = sum(len(words(block.lower())) for block in blocks) / len(blocks)
    return mean_words >= 4


# ---------------------------------------------------------------- behavioural

# The STAR patterns are sources, compiled (by `pattern`) when a story is first graded.
# STAR headings a candidate may write ("Situation:", "**Task.**"): each names its part outright.
_HEADING = r"(?:^|\n)\s*{}\s*[:.\u2014-]"
_ROLE = r"(engineer|scientist|analyst|developer|lead|manager|owner|intern|researcher|architect|consultant)"
_SITUATION = (
    r"\b(at my (last|previous|current|old|first)|when i (was|joined|worked)|while i was|in my (last|previous|"
    r"current|first|old) (job|role|team|company|position)|our team|the team|we were|there was|the project|"
    r"a project|the company|a client|last year|in 20\d\d|a few (months|years) ago|i worked|i joined|"
    r"at [a-z]+ i|my (manager|boss|director|lead|team lead|ceo|cto)|our (manager|director|ceo|cto|client|"
    r"customers?|product|company|startup|data|model|pipeline|system|service|platform)|"
    r"(a|my|one) (colleague|teammate|coworker|co worker|peer|client|customer|stakeholder)|"
    r"in my (last|previous|"
    r"current|first) (job|role|team|company)|last (month|quarter|year|spring|summer|autumn|winter))\b"
    + "|" + _HEADING.format(r"(situation|context|background)")
)
_TASK = (
    r"\b(my (role|task|job|responsibility|goal|part) (was|were|is)|i (was|am) (responsible|in charge|asked|"
    r"tasked|hired|the owner|leading)|i owned|i led|i had to|i needed to|the (goal|aim|target|plan|task) was|"
    r"we (needed|had) to|our goal|i was supposed|i volunteered|i took (on|over|ownership)|"
    r"i was (the|a|an) (\w+ ){0,2}" + _ROLE + r"|as (the|a|an) (\w+ ){0,2}" + _ROLE + r"|"
    r"i (had|needed|wanted|was asked) (\w+ ){0,3}to|had (\w+ ){0,2}(days|weeks|months) to|the deadline was)\b"
    + "|" + _HEADING.format("task")
)
_ACTION = (
    r"\bi (\w+ed|built|wrote|led|made|ran|set|took|found|chose|spoke|told|brought|sent|got|did|gave|began|"
    r"drove|met|sat|put|kept|went|rewrote|rebuilt|sought|taught|fixed|split|shipped|cut|dug|paired|"
    r"then \w+ed|also \w+ed|thought|sent|proposed|listened|kept|brought)\b|"
    r"\bwe (agreed|decided|tested|compared|"
    r"\w+ed) (to|both|on|a|the)\b"
)
_RESULT = (
    _HEADING.format("results?") + "|"
    r"\b(as a result|in the end|eventually|ultimately|outcome|result(ed|s)?|we (shipped|launched|delivered|"
    r"missed|hit|reached|achieved|saved|kept|still)|it (worked|failed)|on time|still used|"
    r"so we (kept|shipped|launched|moved|chose|dropped)|which (cut|reduced|increased|improved|saved)|"
    r"(reduced|increased|improved|cut|saved|grew|dropped|rose|fell) (by|from|to)|succe\w+|missed the)\b"
)
_MEASURE = (
    r"\d+(\.\d+)?\s*(%|percent|x\b|times|k\b|ms\b|seconds|minutes|hours|days|weeks|months|users|customers|"
    r"people|points|pp\b)|\$\s*\d|\d+\s*(dollars|euros|pounds)|\bfrom \d+(\.\d+)? to \d+"
)
_REFLECTION = (
    r"\b(i learn(ed|t)|lessons?|taught me|in hindsight|looking back|next time|differently|since then|now i|"
    r"i now|i realiz\w+|changed (how|the way)|going forward|i would (now|have)|i should have|"
    r"what i took away|i always|from then on)\b"
)


@dataclass(frozen=True, slots=True)
class Star:
    """How much of a STAR story an answer tells, each part 0–1."""

    situation: float
    task: float
    action: float
    result: float
    measurable: float
    ownership: float
    reflection: float

    @property
    def score(self) -> float:
        return (self.situation + self.task + self.action + self.result) / 4

    def missing(self) -> list[str]:
        parts = {"situation": self.situation, "task": self.task, "your actions": self.action,
                 "the result": self.result, "a number for the result": self.measurable,
                 "what you learned": self.reflection}
        return [name for name, value in parts.items() if value < 0.5]


def star(answer: str) -> Star:
    """Detect the situation, task, actions (first person), result, numbers and reflection."""
    text = fold(answer)
    flat = " ".join(text.split())  # hard-wrapped prose: "at my\nprevious job" is "at my previous job"

    def said(source: str) -> bool:
        cue = pattern(source)
        return bool(cue.search(flat) or cue.search(text))  # headings need their line breaks

    i_count = len(re.findall(r"\b(i|my|me)\b", text))
    we_count = len(re.findall(r"\b(we|our|us)\b", text))
    share = i_count / (i_count + we_count) if i_count + we_count else 0.0
    actions = len(pattern(_ACTION).findall(flat))
    return Star(
        situation=1.0 if said(_SITUATION) else 0.0,
        task=1.0 if said(_TASK) else 0.0,
        action=min(1.0, actions / 3),
        result=1.0 if said(_RESULT) or said(_MEASURE) else 0.0,
        measurable=1.0 if said(_MEASURE) else 0.0,
        ownership=min(1.0, i_count / 4) * min(1.0, share / 0.5),
        reflection=1.0 if said(_REFLECTION) else 0.0,
    )


STAR_DIMENSIONS = {
    "situation": lambda s: (s.situation + s.task) / 2,
    "action": lambda s: s.action,
    "measurable_result": lambda s: (s.result + s.measurable) / 2,
    "ownership": lambda s: s.ownership,
    "reflection": lambda s: s.reflection,
}

# -------------------------------------------------------------- system design

# Compiled (by `pattern`) when a design answer is first graded.
PHASE_CUES: dict[str, str] = {
    "requirements": r"\b(requirement|functional|non functional|constraint|sla|slo|qps|latency target|"
                    r"p9[59]|users|scale of|success metric|assum\w+|clarif\w+|scope)",
    "data": r"\b(data|label\w*|annotat\w+|ingest\w*|pipeline|dataset|logs?|schema|feature store|"
            r"collect\w*)",
    "architecture": r"\b(architecture|component|service|api|model|index|encoder|retriev\w+|ranker|store|"
                    r"database|flow|pipeline|layer)",
    "serving": r"\b(serv(e|es|ing)|latency|batch\w*|cach\w+|autoscal\w+|replica|shard\w*|gpu|"
               r"load balanc\w+|throughput|stream\w*|deploy\w*|endpoint)",
    "evaluation": r"\b(evaluat\w+|metric|offline|online|a b test|ab test|golden|recall|precision|"
                  r"accuracy|benchmark|judge|human review|ndcg|mrr|auc)",
    "trade_offs": r"\b(trade[ -]?offs?|versus|vs|instead of|at the cost|at the expense|on the other hand|"
                  r"downside|but it|cheaper but|slower but|whereas|alternative)",
    "failure_modes": r"\b(fail\w*|fallback|outage|drift|degrad\w+|injection|stale|leak\w*|abuse|attack|"
                     r"timeout|retry|incident|hallucinat\w+|edge case)",
    "cost": r"\b(cost\w*|budget|cheap\w*|expensive|dollars?|\$|gpu hours|tokens per|spend\w*|pricing)",
}


def phases_covered(answer: str, phases: tuple[str, ...]) -> dict[str, bool]:
    """Which of the question's design phases the answer addresses at all."""
    text = fold(answer)
    return {phase: bool(pattern(PHASE_CUES[phase]).search(text)) for phase in phases if phase in PHASE_CUES}


# ---------------------------------------------------------------------- length

def expected_words(minutes: int, model_answer_words: int) -> int:
    """Words a complete answer needs: what the time allows, but never more than the model answer."""
    return max(8, min(minutes * 20, 400, model_answer_words))
