"""User settings: `config.toml` in the data folder, validated by pydantic.

A bad value stops the app with one line naming the key, the value and what is
allowed, because a silently ignored setting (an LLM provider that never turns
on) is worse than an error.
"""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from interview.atomic import atomic_write
from interview.errors import UserError
from interview.paths import Paths

Provider = Literal["off", "anthropic", "openai-compatible"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LLMSettings(_Section):
    provider: Provider = "off"
    model: str = "claude-haiku-5-5"
    base_url: str = ""
    daily_cost_cap_usd: float = Field(default=1.0, ge=0)
    timeout_s: float = Field(default=60.0, gt=0, le=600)


class PracticeSettings(_Section):
    target_interview_date: date | None = None
    daily_goal: int = Field(default=5, ge=1, le=100)


class UISettings(_Section):
    theme: str = "textual-dark"


class ScoringSettings(_Section):
    # Blend sentence-embedding similarity into the rubric scorer; needs the `embeddings` extra
    # (interview.grading.rubric.semantic), and INTERVIEW_EMBEDDINGS=0/1 overrides it.
    embeddings: bool = False


class Settings(_Section):
    llm: LLMSettings = Field(default_factory=LLMSettings)
    practice: PracticeSettings = Field(default_factory=PracticeSettings)
    ui: UISettings = Field(default_factory=UISettings)
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)


def _describe(error: ErrorDetails) -> str:
    key = ".".join(str(p) for p in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown setting; remove it or check its spelling"
    allowed = (error.get("ctx") or {}).get("expected")
    value = error.get("input")
    if allowed:
        return f"{key}: {value!r} is not allowed; use one of {allowed}"
    return f"{key}: {value!r} is not valid ({error['msg']})"


def load_settings(paths: Paths) -> Settings:
    path = paths.config_file
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc}); fix or delete the file") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise UserError(f"{path}: {_describe(exc.errors()[0])}") from None


def save_settings(paths: Paths, settings: Settings) -> None:
    """Write atomically: a crash mid-write must not leave a half-written config."""
    paths.home.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(mode="json", exclude_none=True)
    atomic_write(paths.config_file, tomli_w.dumps(data))
