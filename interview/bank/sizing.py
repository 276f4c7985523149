"""Which system-design prompts state numbers a design must size against.

A prompt that says "30,000 searches per second, 2,000 listings, 300 ms" asks for
back-of-envelope arithmetic (60 M scores per second, 5 µs each); a rubric that
gives no credit for it lets an answer that never does the sums score as well as
one that does. `bank check` therefore requires such a question to carry a
criterion in the `sizing` dimension, weighing at least half the heaviest criterion.

Only numbers with a scale or a unit count — "60 M", "300 ms", "10k QPS",
"2 TB", "$150,000", "3 million logins a day", "30,000 searches" — not small
bare counts ("15 ML teams", "25 categories") or shares ("15%").
"""

from __future__ import annotations

import re

from interview.bank.models import AnyQuestion, SystemDesignQuestion

SIZING_DIMENSION = "sizing"
# A sizing criterion lighter than this share of the heaviest one is too small to matter.
MIN_SIZING_SHARE_OF_HEAVIEST = 0.5

_AMOUNT = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:k|K|M|B|bn|thousand|million|billion|trillion)(?![\w])"
_UNIT = (r"(?:ms|milliseconds?|µs|s|secs?|seconds?|minutes?|mins?|hours?|days?|weeks?|months?"
         r"|[KMGTP]B|QPS|RPS|TPS|GPUs?|tokens?|parameters?)(?![\w])")
_PERIOD = r"(?:second|minute|hour|day|week|month|quarter|year)"
_RATE = rf"(?:\s+[A-Za-z][\w-]*){{0,4}}\s+(?:per|a|an|each|every)\s+{_PERIOD}\b"
_SCALED = re.compile(
    rf"[$€£]\s?{_AMOUNT}(?:\s?{_SCALE})?"              # money: $150,000, $5 k
    rf"|(?<![\w.,]){_AMOUNT}\s?{_SCALE}(?:{_RATE})?"    # 60 M, 10k, 3 million logins a day, 70B
    rf"|(?<![\w.,]){_AMOUNT}\s?{_UNIT}"                 # 300 ms, 2 TB, 256 GPUs
    rf"|(?<![\w.,]){_AMOUNT}{_RATE}"                   # 6 pushes a day, 60 changes a quarter
    rf"|(?<![\w.,$€£])\d{{1,3}}(?:,\d{{3}})+(?![\d,])(?:{_RATE})?"  # 30,000 searches
)


def scaled_numbers(text: str) -> list[str]:
    """The numbers with a scale or unit that `text` states, in order, each once."""
    found: list[str] = []
    for match in _SCALED.finditer(text):
        phrase = " ".join(match.group(0).split())
        if phrase not in found:
            found.append(phrase)
    return found


def sizing_problem(question: AnyQuestion) -> str | None:
    """One line if a system-design prompt states scaled numbers but no criterion sizes against them,
    or the sizing criterion weighs too little beside the others to move the grade."""
    if not isinstance(question, SystemDesignQuestion):
        return None
    sizing = [c for c in question.rubric if c.dimension == SIZING_DIMENSION]
    if sizing:
        heaviest = max(c.weight for c in question.rubric)
        light = next((c for c in sizing if c.weight < MIN_SIZING_SHARE_OF_HEAVIEST * heaviest), None)
        if light is None:
            return None
        return (f"rubric `{light.id}`: weight {light.weight:g} is under half the heaviest criterion's "
                f"({heaviest:g}), so doing the sums barely moves the grade; raise it to at least "
                f"{MIN_SIZING_SHARE_OF_HEAVIEST * heaviest:g}")
    numbers = scaled_numbers(question.prompt)
    if not numbers:
        return None
    shown = ", ".join(f'"{n}"' for n in numbers[:6]) + (", ..." if len(numbers) > 6 else "")
    return (f"the prompt states {shown} but no rubric criterion has dimension "
            f"`{SIZING_DIMENSION}`; add one whose key points are the figures those numbers imply")
