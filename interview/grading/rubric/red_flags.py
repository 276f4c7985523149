"""Conduct red flags in a behavioural story: what an interviewer marks down whatever else it covers.

A story can name every competency ("I owned it, told my manager, fixed it") and then confess
conduct no interviewer lets pass: hiding a mistake, waiting weeks to tell anyone, blaming or
threatening a colleague, taking credit, misleading stakeholders, skipping the checks that were
agreed, or stating such conduct as a principle ("small mistakes are best fixed quietly").

Each kind is a small set of patterns over one sentence, matched only when the candidate ("I",
"we") is the actor and the words are not negated or contrasted away ("instead of waiting a
week", "a blameless post-mortem", "I didn't hide it"): the patterns must never fire on an honest
story, where a false flag would cost far more than a missed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from interview.grading.rubric.text import pattern, split_sentences

# Each flag costs this much (of 100), at most RED_FLAG_MAX in all, and any flag caps the score:
# a story that shows bad conduct is not a passing answer, however complete.
RED_FLAG_PENALTY = 15.0
RED_FLAG_MAX = 45.0
RED_FLAG_CAP = 45.0


@dataclass(frozen=True, slots=True)
class Conduct:
    kind: str
    message: str  # what an interviewer would say about it
    source: str  # the regular expression (case-insensitive), compiled when a story is first checked

    @property
    def pattern(self) -> re.Pattern[str]:
        return pattern(self.source, re.IGNORECASE)


_TELL = r"(?:tell|telling|told|inform|informing|informed|rais|admit|admitting|escalat|mention|flag)\w*"
_WHO = r"(?:my|our|the|his|her|their|him|them|anyone|anybody|no one|nobody)"
CONDUCT = (
    Conduct("hid a problem", "hiding a problem or a result from the people who needed it", (
        r"\b(?:i|we)\s+(?:also |then |had |even |just )?(?:hid|concealed|covered (?:it |this |that )?up"
        r"|swept)\b"
        r"|\b(?:quietly|secretly)\s+(?:\w+ ){0,2}?(?:fix|fixed|changed|patched|told|added|removed|dropped|"
        r"deleted|reverted|edited|rewrote|kept)\b"
        rf"|\bwithout (?:telling|informing|asking) (?:{_WHO}|anyone|anybody)\b"
        r"|\bbehind (?:his|her|their|my \w+'s|the \w+'s) back\b"
        r"|\b(?:deleted|removed|left out|omitted|dropped)\b[^.;]{0,80}?\b(?:so (?:that )?(?:my|the|no|nobody|"
        r"they|he|she)\b[^.;]{0,40}?\b(?:wouldn't|would not|couldn't|could not|didn't|did not|wouldn)"
        r"|because i wanted)")),
    Conduct("delayed telling", "waiting before telling the people affected", (
        r"\bwaited (?:for )?(?:a|an|one|two|three|four|several|a few|\d+)\s+(?:\w+ )?"
        rf"(?:days?|weeks?|months?)\b[^.;]{{0,40}}?\b(?:before|to)\s+{_TELL}"
        rf"|\bwaited until\b[^.;]{{0,60}}?\bto\s+{_TELL}"
        rf"|\b(?:hold|held|holding|sat on)\b[^.;]{{0,30}}?\b(?:bad news|the news|it|the problem"
        rf"|the results?)\b"
        r"[^.;]{0,20}?\buntil\b")),
    Conduct("blamed others", "blaming others instead of owning the outcome", (
        r"\b(?<!no )(?<!without )blam(?:e|ed|ing)\b(?!less)(?! culture)"
        r"|\b(?:was|is) (?:entirely |all |clearly |really |obviously )?(?:(?:their|his|her|the)"
        r"(?: \w+){0,2}'s|their|his|her) fault\b|\b(?:mistake|error|fault|bug) was (?:entirely |all "
        r"|clearly )?(?:theirs|in their \w+)"
        r"|\b(?:fault|error|mistake|bug|problem)\b[^.;]{0,40}?\bnot (?:in )?(?:mine|my fault|our fault"
        r"|ours)\b")),
    Conduct("misled people", "misleading stakeholders about the facts", (
        r"\b(?:i|we)\s+(?:also |then |just )?(?:lied|misled|fudged|pretended|made up (?:the|some|a) "
        r"(?:number|figure|result)s?)\b"
        r"|\b(?:which|that|it) (?:wasn't|was not|isn't|is not|weren't|were not) (?:true|the case)\b"
        r"|\bwhen (?:we|i|it|they) (?:had )?only (?:had |done |did |analysed |tested |checked )"
        r"|\bwhen it (?:wasn't|was not|hadn't|had not)\b"
        r"|\brounded\b[^.;]{0,30}?\bup\b[^.;]{0,30}?\bso\b"
        r"|\boverstat\w*|\bexaggerat\w*"
        r"|\btold\b[^.;]{0,80}?\brather than (?:from )?(?:my|our) (?:own )?(?:bug|mistake|error|change"
        r"|fault|code)\b"
        r"|\b(?:hiding|hide) the downside\b")),
    Conduct("took credit", "taking credit for others' work", (
        r"\b(?:took|take|claimed|claim) (?:the |all the |full |sole )?credit\b"
        r"|\bpresented (?:\w+ ){0,3}(?:work|idea|analysis|results?) as (?:my|mine)\b")),
    Conduct("skipped safeguards", "skipping agreed checks or gaming the evaluation", (
        r"\b(?:turned off|switched off|disabled|skipped|bypassed)\b[^.;]{0,40}?"
        r"\b(?:checks?|tests?|reviews?|re-checks?|validation|comparison)\b"
        r"|\bstraight (?:in)?to production without\b"
        r"|\bto favou?r my (?:own )?(?:model|approach|idea|option)\b"
        r"|\bchanged the (?:test|evaluation|eval) set\b")),
    Conduct("treated people badly", "threatening, ignoring or going around colleagues", (
        r"\bmake sure (?:he|she|they) (?:didn't|did not|wouldn't|would not|never) get (?:promoted|a raise)\b"
        r"|\b(?:i|we)\s+(?:also |then )?threatened\b"
        r"|\bstopped (?:answering|responding to|replying to)\b")),
    Conduct("bad principle", "stating bad conduct as a principle", (
        r"\b(?:i think|i believe|i find|in my view|in my experience|i learned that)\b[^.]{0,80}?"
        r"\b(?:(?:fixed|handled|dealt with) quietly|without telling anyone|hold bad news|overstate"
        r"|a little afraid"
        r"|shouts? (?:the )?loudest|loudest (?:request|person|voice)|argues? (?:the )?longest"
        r"|someone to blame|mostly a formality|best done after launch|senior(?:ity)? (?:person )?(?:should )?"
        r"(?:simply )?decides?|normal to overstate)\b")),
)
# The candidate as the actor, before the words that flag the conduct.
_ACTOR = r"\b(?:i|we|i'd|we'd|i've|we've|my|me)\b"
# Words that, just before a flagged phrase in its clause, say the opposite was done or avoided.
_DENIED = (
    r"\b(?:not|never|no|didn't|don't|did not|do not|won't|wouldn't|refused to|instead of|rather than"
    r"|avoid\w*|"
    r"without|tempt\w*|could have|might have|easy to|urge to|resist\w*|nobody|no one|instead)\b"
    r"[^,;.]*$")
_CLAUSE_START = r"[,;:—–(]|\b(?:but|and|so|because|then|while)\b"


@dataclass(frozen=True, slots=True)
class RedFlag:
    kind: str
    message: str
    sentence: str


def red_flags(answer: str) -> list[RedFlag]:
    """Each kind of bad conduct each sentence of the story shows, with the sentence."""
    return [RedFlag(conduct.kind, conduct.message, sentence)
            for sentence in split_sentences(answer) for conduct in CONDUCT
            if any(_owned(sentence, m.start()) for m in conduct.pattern.finditer(sentence))]


def _owned(sentence: str, at: int) -> bool:
    """The candidate did it: named before the phrase, and the phrase is not denied in its clause."""
    before = sentence[:at]
    actor = pattern(_ACTOR, re.IGNORECASE)
    if not actor.search(before) and not actor.search(sentence[at:at + 60]):
        return False
    starts = [m.end() for m in pattern(_CLAUSE_START, re.IGNORECASE).finditer(before)]
    clause = before[starts[-1]:] if starts else before
    return not pattern(_DENIED, re.IGNORECASE).search(clause)
