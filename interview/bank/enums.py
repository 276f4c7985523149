"""The question categories, difficulties and id pattern, free of pydantic.

The command line builds its menus (`--category`, `--difficulty`) from these,
and the app paints its first screen, before pydantic and the question models
are imported; `interview.bank.models` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum

# What every id (question, template, story, pack) looks like: lower case, and safe in a file name.
ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


class Category(StrEnum):
    coding = "coding"
    ml_theory = "ml_theory"
    system_design = "system_design"
    behavioural = "behavioural"


class Difficulty(StrEnum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


CATEGORY_LABELS: dict[Category, str] = {
    Category.coding: "Coding",
    Category.ml_theory: "ML theory",
    Category.system_design: "AI system design",
    Category.behavioural: "Behavioural",
}
