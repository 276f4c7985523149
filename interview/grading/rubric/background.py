"""How common each term is across the bank's questions, so that generic words say little about topic.

"I learned", "weeks" or "the team" occur in nearly every behavioural story; "mistake"
or "distrust" occur in one or two questions.  The scorer weighs the words an answer
shares with a question by their inverse document frequency (IDF) within the
question's category, measured over the built-in bank.  The counts are stored in
`background.json` beside this file (a few kilobytes, read in milliseconds) so the
score never depends on which packs happen to be loaded.  Regenerate it after large
bank or lexicon changes:

    .venv/bin/python -m interview.grading.rubric
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from interview.bank.models import AnyQuestion
from interview.grading.rubric.lexicon import lexicon
from interview.grading.rubric.text import analyse, split_sentences

BACKGROUND_FILE = Path(__file__).with_name("background.json")
TEXT_CATEGORIES = ("ml_theory", "system_design", "behavioural")


def text_terms(text: str) -> set[str]:
    """The distinct main terms (stems or concept ids) of a text, polarity ignored."""
    return {slot[0] for sentence in split_sentences(text) for slot, _ in analyse(sentence, lexicon()).slots}


def rubric_text(question: AnyQuestion) -> str:
    """What a question asks about: prompt, criteria and key points with their phrasings."""
    parts = [question.prompt]
    for criterion in question.rubric:
        parts.append(criterion.assesses)
        for point in criterion.key_points:
            parts.append(point.text)
            parts.extend(point.also)
    return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Background:
    """Per category: how many questions, and in how many of them each term occurs."""

    questions: dict[str, int]
    frequencies: dict[str, dict[str, int]]

    def idf(self, category: str, term: str) -> float:
        """0 for a term in every question of the category, 1 for one seen at most once (or never)."""
        n = self.questions.get(category, 0)
        if n < 2:
            return 1.0
        df = max(1, self.frequencies[category].get(term, 1))
        return math.log((n + 1) / (df + 0.5)) / math.log((n + 1) / 1.5)


def build(questions: Iterable[AnyQuestion]) -> dict[str, object]:
    """The background as JSON-ready data: terms seen in one question only are left out."""
    counts: dict[str, Counter[str]] = {c: Counter() for c in TEXT_CATEGORIES}
    sizes = dict.fromkeys(TEXT_CATEGORIES, 0)
    for question in questions:
        if question.category not in counts:
            continue
        sizes[question.category] += 1
        counts[question.category].update(text_terms(rubric_text(question) + "\n" + question.model_answer))
    return {
        "questions": sizes,
        "frequencies": {c: dict(sorted((t, n) for t, n in counts[c].items() if n >= 2)) for c in counts},
    }


@lru_cache(maxsize=1)
def background() -> Background:
    """The stored background (an empty one if the file is missing: every term then counts fully)."""
    try:
        data = json.loads(BACKGROUND_FILE.read_text("utf-8"))
    except FileNotFoundError:
        return Background({}, {})
    return Background(data["questions"], data["frequencies"])


def main() -> None:
    """Rebuild `background.json` from the built-in bank."""
    from interview.bank.loader import load_roots
    from interview.paths import builtin_bank_dir

    bank = load_roots([builtin_bank_dir()])
    data = build(bank)
    BACKGROUND_FILE.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", "utf-8")
    print(f"wrote {BACKGROUND_FILE.name}: {data['questions']}")
