"""User settings: `config.toml` in the data folder, validated by pydantic.

A bad value stops the app with one line naming the key, the value and what is
allowed, because a silently ignored setting (an LLM provider that never turns
on) is worse than an error.
"""

from __future__ import annotations

import errno
import tomllib
from datetime import date
from typing import Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from interview.atomic import atomic_write
from interview.errors import UserError
from interview.nesting import MAX_NESTING, first_too_deep_line
from interview.paths import Paths

Provider = Literal["off", "anthropic", "openai-compatible"]
MAX_CONFIG_BYTES = 256 * 1024


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LLMSettings(_Section):
    provider: Provider = "off"
    model: str = "claude-haiku-5-5"
    base_url: str = ""
    daily_cost_cap_usd: float = Field(default=1.0, ge=0)
    # One deadline for a whole feedback request: connect, retries, waits and the stream together.
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
    if len(repr(value)) > 80:
        value = f"{repr(value)[:60]}…"
    if allowed:
        return f"{key}: {value!r} is not allowed; use one of {allowed}"
    return f"{key}: {value!r} is not valid ({error['msg']})"


def load_settings(paths: Paths) -> Settings:
    """The settings, or one UserError line saying what is wrong with config.toml and what to do."""
    path = paths.config_file
    if not path.exists() and not path.is_symlink():
        return Settings()
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, not a file; remove it (settings live in a file)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP or (path.is_symlink() and not path.exists()):
            raise UserError(f"{path}: a symlink that leads nowhere (or to itself); replace it with the "
                            "file itself") from None
        raise UserError(f"{path}: cannot read it ({exc.strerror}); fix its permissions") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise UserError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KB, which no settings file is; "
                        "fix or delete it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(f"{path}:{line}: not UTF-8 text; save it as UTF-8 (or delete it)") from None
    deep = first_too_deep_line(text)
    if deep is not None:
        raise UserError(f"{path}: line {deep}: nests deeper than {MAX_NESTING} levels; fix or delete it")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML ({exc}); fix or delete the file") from None
    except RecursionError:
        raise UserError(f"{path}: nests too deeply to read; fix or delete the file") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise UserError(f"{path}: {_describe(exc.errors()[0])}") from None


def save_settings(paths: Paths, settings: Settings) -> None:
    """Write atomically: a crash mid-write must not leave a half-written config."""
    paths.home.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(mode="json", exclude_none=True)
    atomic_write(paths.config_file, tomli_w.dumps(data))
