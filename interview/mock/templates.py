"""Mock-interview templates: rounds of questions with a time budget, as data.

Built-in templates ship in `interview/mock/templates/`; a user adds their own
as TOML files in the `templates/` folder of their data directory (same format,
documented in docs/mock-interviews.md).  A user template with the id of a
built-in one replaces it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from interview.bank.enums import CATEGORY_LABELS, ID_PATTERN, Category, Difficulty
from interview.errors import UsageError, UserError
from interview.mock.listing import BUILTIN_DIR
from interview.paths import Paths


class RoundSpec(BaseModel):
    """One round: how many questions of which category, and how long for all of them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Category
    questions: int = Field(ge=1, le=10)
    minutes: int = Field(ge=1, le=180)
    difficulty: Difficulty | None = None
    topics: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self.category]


class MockTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN)
    name: str
    description: str = ""
    rounds: tuple[RoundSpec, ...] = Field(min_length=1)
    source: str = ""

    @field_validator("rounds")
    @classmethod
    def _known_topics(cls, rounds: tuple[RoundSpec, ...]) -> tuple[RoundSpec, ...]:
        from interview.bank.vocabulary import builtin_vocabulary

        for spec in rounds:
            builtin_vocabulary().check("topic", spec.topics)
        return rounds

    @property
    def minutes(self) -> int:
        return sum(r.minutes for r in self.rounds)

    @property
    def question_count(self) -> int:
        return sum(r.questions for r in self.rounds)


def _load(path: Path) -> MockTemplate:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
        return MockTemplate.model_validate({**data, "source": str(path)})
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc})") from None
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"]) or "file"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise UserError(f"{path}: {where}: {message}") from None


def load_templates(paths: Paths) -> dict[str, MockTemplate]:
    """All templates by id: built-in first, the user's own on top."""
    templates: dict[str, MockTemplate] = {}
    folders = [BUILTIN_DIR, paths.templates_dir]
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                template = _load(path)
                templates[template.id] = template
    return templates


def get_template(paths: Paths, template_id: str) -> MockTemplate:
    templates = load_templates(paths)
    if template_id not in templates:
        import difflib

        close = difflib.get_close_matches(template_id, templates, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "list them with `interview mock --list`"
        raise UserError(f"no mock template '{template_id}'; {hint}")
    return templates[template_id]


def parse_round(text: str) -> RoundSpec:
    """A custom round from the CLI: `category:questions:minutes[:difficulty]`."""
    parts = text.split(":")
    if not 3 <= len(parts) <= 4:
        raise UsageError(f"--round {text!r}: use category:questions:minutes[:difficulty], e.g. coding:2:45")
    try:
        return RoundSpec.model_validate({
            "category": parts[0], "questions": parts[1], "minutes": parts[2],
            **({"difficulty": parts[3]} if len(parts) == 4 else {}),
        })
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"])
        raise UsageError(f"--round {text!r}: {field}: {error['msg']}") from None


def custom_template(rounds: list[RoundSpec]) -> MockTemplate:
    return MockTemplate(id="custom", name="Custom mock", description="Built from the command line.",
                        rounds=tuple(rounds))


@dataclass(frozen=True)
class MockRequest:
    """What `interview mock` asks the app to open: a new mock, or an interrupted one."""

    template: MockTemplate | None = None
    mode: Literal["strict", "practice"] = "strict"
    resume_id: str | None = None
