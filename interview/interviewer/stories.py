"""The user's story bank: STAR stories tagged with competencies, kept in <data>/stories.toml.

Behavioural answers are better told from a few well-prepared stories.  This module
loads and saves them (a bad file is reported in one line per problem and never
overwritten), suggests the stories that fit a question, warns when one story is used
for everything, checks a telling against its story (a result or a number in the story
that the telling leaves out is flagged), and builds the "tell me about yourself" and
"why this role" practice questions from the stories.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz

from interview.bank.enums import Difficulty
from interview.bank.models import (
    ID_PATTERN,
    AnyQuestion,
    BehaviouralQuestion,
    Criterion,
    KeyPoint,
)
from interview.interviewer.clarify import numbers

FILE_NAME = "stories.toml"
OVERUSE_SHARE = 0.5  # a story told in more than half of recent behavioural answers ...
OVERUSE_MIN = 3  # ... and at least this many times is "used for everything"
RECENT = 10


class Story(BaseModel):
    """One story in STAR form: what happened, what was at stake, what I did, how it ended."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=ID_PATTERN, max_length=60)
    title: str = Field(min_length=3, max_length=120)
    competencies: tuple[str, ...] = Field(min_length=1)
    situation: str = Field(min_length=10)
    task: str = Field(min_length=5)
    action: str = Field(min_length=10)
    result: str = Field(min_length=5)
    reflection: str = ""

    @property
    def text(self) -> str:
        parts = (self.situation, self.task, self.action, self.result, self.reflection)
        return "\n".join(p for p in parts if p)


@dataclass
class StoryBank:
    """The stories in the file, and the problems that kept any of them out (file:line: field: problem)."""

    path: Path
    stories: list[Story] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def get(self, story_id: str) -> Story | None:
        return next((s for s in self.stories if s.id == story_id), None)


def stories_path(home: Path) -> Path:
    return home / FILE_NAME


def load(path: Path) -> StoryBank:
    """Every valid story; each invalid one is reported and skipped, never silently dropped."""
    bank = StoryBank(path)
    if not path.is_file():
        return bank
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        bank.problems.append(f"{path}:1: file: cannot read ({exc})")
        return bank
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or 1
        bank.problems.append(f"{path}:{line}: toml: not valid TOML ({getattr(exc, 'msg', exc)}); fix it "
                             "before saving stories from the app")
        return bank
    unknown = sorted(set(data) - {"story"})
    if unknown:
        bank.problems.append(f"{path}:1: {unknown[0]}: unknown table; stories are [[story]] tables")
    lines = _story_lines(text)
    seen: set[str] = set()
    for index, raw in enumerate(data.get("story", [])):
        line = lines[index] if index < len(lines) else 1
        try:
            story = Story.model_validate(raw)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                name = ".".join(str(p) for p in error["loc"]) or "story"
                message = "required field is missing" if error["type"] == "missing" else str(error["msg"])
                if error["type"] == "string_pattern_mismatch":
                    message = "use lowercase letters, digits, '.', '_' or '-' (e.g. 'churn-model')"
                if error["type"] == "extra_forbidden":
                    message = "unknown field; use situation, task, action, result, reflection"
                bank.problems.append(f"{path}:{line}: story[{index}].{name}: {message}")
            continue
        if story.id in seen:
            bank.problems.append(f"{path}:{line}: story[{index}].id: '{story.id}' is used twice; rename one")
            continue
        seen.add(story.id)
        bank.stories.append(story)
    return bank


def _story_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip() == "[[story]]"]


def save(bank: StoryBank, stories: Sequence[Story]) -> None:
    """Write the stories atomically; refuses while the file on disk has problems (they would be lost)."""
    if bank.problems:
        raise ValueError(f"{bank.path} has problems the app cannot fix without losing text: "
                         f"{bank.problems[0]}; fix the file by hand first")
    bank.path.parent.mkdir(parents=True, exist_ok=True)
    data = {"story": [s.model_dump(exclude_defaults=True) | {"id": s.id} for s in stories]}
    tmp = bank.path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        tomli_w.dump(data, handle, multiline_strings=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, bank.path)
    bank.stories = list(stories)


# --------------------------------------------------------------- suggesting


@dataclass(frozen=True)
class Suggestion:
    story: Story
    fit: float  # 0-1
    why: str


def _terms(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def suggest(question: AnyQuestion, stories: Iterable[Story], limit: int = 3) -> list[Suggestion]:
    """Stories that fit a behavioural question: shared competencies and topics first, then wording."""
    wanted = set(getattr(question, "competencies", ())) | set(question.topics)
    prompt_terms = _terms(question.prompt)
    out = []
    for story in stories:
        shared = sorted(wanted & set(story.competencies))
        overlap = fuzz.token_set_ratio(question.prompt.lower(), story.text.lower()) / 100
        words = len(prompt_terms & _terms(story.text)) / max(1, len(prompt_terms))
        fit = min(1.0, 0.6 * (len(shared) / max(1, min(len(wanted), 3))) + 0.25 * overlap + 0.15 * words)
        why = f"tagged {', '.join(shared)}" if shared else "its wording is close to the question"
        out.append(Suggestion(story, round(fit, 3), why))
    out.sort(key=lambda s: -s.fit)
    return [s for s in out if s.fit >= 0.2][:limit]


def overuse_warning(story_id: str, recent_story_ids: Sequence[str | None]) -> str | None:
    """A warning when this story already carries most recent behavioural answers."""
    told = [s for s in recent_story_ids[:RECENT] if s]
    counts = Counter(told)
    used = counts[story_id] + 1
    if used >= OVERUSE_MIN and used / (len(told) + 1) > OVERUSE_SHARE:
        return (f"You have told this story in {used} of your last {len(told) + 1} behavioural answers: "
                "interviewers notice one story used for everything — prepare another for this competency.")
    return None


# ----------------------------------------------------------------- checking


def check_telling(story: Story, answer: str) -> list[str]:
    """What the story has that the telling left out: its numbers and its result."""
    notes = []
    told = numbers(answer)
    for sentence in _sentences(story.text):
        in_order = sorted(numbers(sentence), key=lambda n: sentence.find(f"{n:g}"))
        left_out = [n for n in in_order if n not in (0.0, 1.0)
                    and not any(abs(n - t) <= 0.01 * max(abs(n), 1e-9) for t in told)]
        if left_out:
            shown = ", ".join(f"{n:g}" for n in left_out)
            notes.append(f"story-number-missing: your story says \"{_clip(sentence)}\" but the telling never "
                         f"gives {shown}")
    result_sentences = _sentences(story.result)
    if result_sentences and not any(_said(s, answer) for s in result_sentences):
        notes.append(f"story-result-missing: the result of your story (\"{_clip(result_sentences[0])}\") "
                     "is not in the telling; end with it")
    return notes


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 3]


def _said(sentence: str, answer: str) -> bool:
    terms = _terms(sentence)
    if not terms:
        return True
    return len(terms & _terms(answer)) / len(terms) >= 0.5 or fuzz.partial_ratio(
        sentence.lower(), answer.lower()) >= 85


def _clip(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ pitches

PitchKind = Literal["about-you", "why-role"]
PITCH_PROMPTS: dict[PitchKind, str] = {
    "about-you": "Tell me about yourself. (Two minutes: where you are now, two or three things you have "
                 "done that show what you are good at, and what you want next.)",
    "why-role": "Why do you want this role? (Connect what the role needs to things you have actually done.)",
}


def pitch_question(kind: PitchKind, stories: Sequence[Story], role: str = "") -> BehaviouralQuestion:
    """A practice question scored on the user's own stories: their results, and the role's needs."""
    chosen = _varied(stories, 3)
    if not chosen:
        raise ValueError("write at least one story first: the pitch is practised from your stories")
    evidence = Criterion(
        id="evidence", assesses="Backs the pitch with results from your own stories",
        dimension="measurable_result", weight=3, key_points=tuple(_result_point(s) for s in chosen))
    skills = sorted({c for s in chosen for c in s.competencies})
    strengths = Criterion(
        id="strengths", assesses="Names the strengths the stories show", dimension="communication", weight=2,
        key_points=tuple(KeyPoint(text=c.replace("_", " ")) for c in skills[:4]))
    criteria = [evidence, strengths]
    role_sentences = _sentences(role)[:4]
    if kind == "why-role" and role_sentences:
        criteria.append(Criterion(
            id="fit", assesses="Connects your experience to what the role needs", dimension="judgement",
            weight=3, key_points=tuple(KeyPoint(text=s.rstrip(".")) for s in role_sentences)))
    model = " ".join(f"In {s.title.lower()}, {s.action.split('.')[0].lower()}; {s.result}" for s in chosen)
    return BehaviouralQuestion(
        id=f"pitch.{kind}", title="Tell me about yourself" if kind == "about-you" else "Why this role",
        category="behavioural", topics=("career_transition",), difficulty=Difficulty.easy,
        prompt=PITCH_PROMPTS[kind] + (f"\n\nThe role: {role.strip()}" if role.strip() else ""),
        minutes=2, model_answer=model, rubric=tuple(criteria),
        competencies=tuple(skills) or ("communication",), star=False,
    )


def _varied(stories: Sequence[Story], count: int) -> list[Story]:
    """Stories that between them cover the most competencies."""
    chosen: list[Story] = []
    covered: set[str] = set()
    pool = list(stories)
    while pool and len(chosen) < count:
        best = max(pool, key=lambda s: (len(set(s.competencies) - covered), len(numbers(s.result))))
        chosen.append(best)
        covered |= set(best.competencies)
        pool.remove(best)
    return chosen


def _result_point(story: Story) -> KeyPoint:
    first = _sentences(story.result)[0].rstrip(".")
    return KeyPoint(text=first, also=(story.title,))


def story_document(story: Story) -> dict[str, Any]:
    return story.model_dump()
