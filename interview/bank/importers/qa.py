"""Convert a question + reference-answer table (JSONL or CSV) into a pack of text questions.

Columns: `question`, `reference answer`, `category`, `topics`, `difficulty`.
The questions carry one rubric criterion with no hand-written key points: the
rubric scorer derives them from the reference answer when it grades.  Each row's
id comes from the first words of its prompt; the rows that became which ids are
returned, so the user can find each question again.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

import tomli_w

from interview.bank.models import Category, DesignPhase, Difficulty
from interview.bank.vocabulary import builtin_vocabulary
from interview.errors import UserError

ALIASES = {
    "question": ("question", "prompt"),
    "reference answer": ("reference answer", "reference_answer", "reference", "model_answer", "answer"),
    "category": ("category",),
    "topics": ("topics", "topic"),
    "difficulty": ("difficulty",),
}
TEXT_CATEGORIES = (Category.ml_theory, Category.system_design, Category.behavioural)
MAX_TABLE_BYTES = 20 << 20  # a table of questions; read whole, so bounded
DIMENSION = {"ml_theory": "fundamentals", "system_design": "architecture", "behavioural": "action"}


@dataclass(frozen=True)
class ImportedRow:
    """Which row of the table became which question, and why its id has a suffix if it has one."""

    row: int  # the line number in the file (in a CSV the header is row 1)
    question_id: str
    title: str
    note: str = ""


def build_pack(source: Path, dest: Path, name: str, fmt: str) -> list[ImportedRow]:
    """Write `pack.toml` and one question file per row of `source` under `dest`."""
    rows = _read_rows(source)
    if not rows:
        raise UserError(f"{source}: no rows; expected columns {', '.join(ALIASES)}")
    dest.mkdir(parents=True, exist_ok=True)
    _write(dest / "pack.toml", {
        "name": name, "version": "1.0.0",
        "description": f"Questions with reference answers imported from {source.name}.",
        "author": "converted by `interview bank import --format qa`",
    })
    taken: dict[str, int] = {}  # id slug -> the row that has it
    prompts: dict[str, int] = {}  # a prompt, spacing and case folded -> its first row
    imported = []
    for number, row in rows:
        question = question_from_row(row, name, f"{source}: row {number}")
        base = slug = question["id"].split(".", 1)[1]
        suffix = 1
        while slug in taken:
            suffix += 1
            slug = f"{base}-{suffix}"
        same = prompts.setdefault(" ".join(question["prompt"].lower().split()), number)
        note = ""
        if slug != base:
            why = (f"same prompt as row {same}" if same != number
                   else f"its prompt starts with the same words as row {taken[base]}'s")
            note = f"{why}; '-{suffix}' added to keep the id unique"
        taken[slug] = number
        question["id"] = f"{name}.{slug}"
        _write(dest / f"{slug}.toml", question)
        imported.append(ImportedRow(number, question["id"], question["title"], note))
    return imported


def question_from_row(row: dict[str, Any], pack: str, where: str) -> dict[str, Any]:
    """One question file's content; a bad cell raises a UserError naming the row and column."""
    prompt = _cell(row, "question", where)
    reference = _cell(row, "reference answer", where)
    if len(prompt) < 10:
        raise UserError(f"{where}: column 'question': '{prompt}' is too short to be a question")
    category = _cell(row, "category", where).lower().replace(" ", "_").replace("-", "_")
    if category not in {c.value for c in TEXT_CATEGORIES}:
        raise UserError(f"{where}: column 'category': '{category}' is not one of "
                        f"{', '.join(c.value for c in TEXT_CATEGORIES)}")
    topics = _topics(row, where)
    difficulty = _cell(row, "difficulty", where).lower()
    if difficulty not in {d.value for d in Difficulty}:
        raise UserError(f"{where}: column 'difficulty': '{difficulty}' is not easy, medium or hard")
    words = len(reference.split())
    question: dict[str, Any] = {
        "id": f"{pack}.{_slug(prompt)}",
        "title": _title(prompt),
        "category": category,
        "topics": topics,
        "difficulty": difficulty,
        "minutes": max(3, min(45, math.ceil(words / 30) + 2)),
        "prompt": prompt,
        "model_answer": reference,
        "rubric": [{"id": "reference", "assesses": "Makes the points of the reference answer",
                    "dimension": DIMENSION[category], "weight": 1.0}],
    }
    if category == "system_design":
        from interview.grading.rubric.signals import phases_covered

        covered = [p for p, ok in phases_covered(reference, get_args(DesignPhase)).items() if ok]
        question["phases"] = covered or ["architecture"]
    if category == "behavioural":
        question["competencies"] = topics
        question["star"] = True
    return question


def _read_rows(source: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        if source.stat().st_size > MAX_TABLE_BYTES:
            raise UserError(f"{source}: larger than {MAX_TABLE_BYTES >> 20} MB; split it into smaller tables")
        text = source.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{source}: cannot read it ({exc.__class__.__name__}: {exc})") from None
    if source.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        return [(n, {k.strip().lower(): v for k, v in row.items() if k}) for n, row in enumerate(reader, 2)]
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except RecursionError:
            raise UserError(f"{source}: line {number}: nests too deeply; expected one flat object per line"
                            ) from None
        except json.JSONDecodeError as exc:
            raise UserError(f"{source}: line {number}: not JSON ({exc.msg}); expected one object per line"
                            ) from None
        if not isinstance(record, dict):
            raise UserError(f"{source}: line {number}: expected a JSON object with {', '.join(ALIASES)}")
        rows.append((number, {str(k).strip().lower(): v for k, v in record.items()}))
    return rows


def _cell(row: dict[str, Any], column: str, where: str) -> str:
    for key in ALIASES[column]:
        value = row.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    raise UserError(f"{where}: column '{column}' is missing or empty")


def _topics(row: dict[str, Any], where: str) -> list[str]:
    value = next((row[k] for k in ALIASES["topics"] if row.get(k)), None)
    if value is None:
        raise UserError(f"{where}: column 'topics' is missing or empty")
    topics = [str(t).strip() for t in value] if isinstance(value, list) else re.split(r"[;,\s]+", str(value))
    topics = [t for t in topics if t]
    known = builtin_vocabulary()
    for topic in topics:
        try:
            known.check("topic", (topic,))
        except ValueError as exc:
            raise UserError(f"{where}: column 'topics': {exc}") from None
    return topics


def _title(prompt: str) -> str:
    first = re.split(r"(?<=[.?!])\s", " ".join(prompt.split()), maxsplit=1)[0]
    return first if len(first) <= 80 else first[:79].rsplit(" ", 1)[0] + "…"


def _slug(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:8]
    return "-".join(words)[:60].strip("-") or "question"


def _write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(tomli_w.dumps(data), "utf-8")
