"""Which system-design prompts state numbers a design must size against.

A prompt that says "30,000 searches per second, 2,000 listings, 300 ms" asks for
back-of-envelope arithmetic (60 M scores per second, 5 µs each); a rubric that
gives no credit for it lets an answer that never does the sums score as well as
one that does. `bank check` therefore requires such a question to carry a
criterion in the `sizing` dimension.

Only numbers with a scale or a unit count — "60 M", "300 ms", "10k QPS",
"2 TB", "$150,000", "3 million logins a day", "30,000 searches" — not small
bare counts ("15 ML teams", "25 categories") or shares ("15%").
"""

from __future__ import annotations

import re

from interview.bank.models import AnyQuestion, SystemDesignQuestion

SIZING_DIMENSION = "sizing"

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
    """One line if a system-design prompt states scaled numbers but no criterion sizes against them."""
    if not isinstance(question, SystemDesignQuestion):
        return None
    if any(criterion.dimension == SIZING_DIMENSION for criterion in question.rubric):
        return None
    numbers = scaled_numbers(question.prompt)
    if not numbers:
        return None
    shown = ", ".join(f'"{n}"' for n in numbers[:6]) + (", ..." if len(numbers) > 6 else "")
    return (f"the prompt states {shown} but no rubric criterion has dimension "
            f"`{SIZING_DIMENSION}`; add one whose key points are the figures those numbers imply")
