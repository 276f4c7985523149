"""Fault injection for the data folder: every file kind, five kinds of damage, every command.

The oracle is independent of the store's own code: an attempt counts as intact
when its exact stored bytes are still present in some attempts file after the
damage.  Every command must then exit 0 with at most one notice line, and the
history must still report every intact attempt.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from interview.cli import main
from interview.paths import Paths

QUESTION = "ml.bias-variance-tradeoff"
Damage = Callable[[Path], None]


def truncate(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def garbage(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 64] = random.Random(len(raw)).randbytes(64)
    path.write_bytes(bytes(raw))


def wrong_shape(path: Path) -> None:
    path.write_text('{"attempts": [1, 2, 3], "rows": "x", "meta": {"1": 5}, "cards": 7}')


def empty(path: Path) -> None:
    path.write_bytes(b"")


def not_utf8(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 2] = b"\xff\xfe"
    path.write_bytes(bytes(raw))


DAMAGES: dict[str, Damage] = {"truncate": truncate, "garbage": garbage, "wrong-shape": wrong_shape,
                              "empty": empty, "non-utf8": not_utf8}

COMMANDS: dict[str, list[str]] = {
    "summary": ["summary", "--json"],
    "history": ["history", "--limit", "100000"],
    "export": ["export", "--format", "json"],
    "history export": ["history", "export", "{out}"],
    "grade": ["grade", "--question", QUESTION, "--answer", "{answer}"],
    "bank list": ["bank", "list", "--json"],
}


def file_kinds(home: Path) -> dict[str, Path]:
    """One file of each kind in a data folder built by `build_base`."""
    segments = home / "history" / "segments"
    newest = sorted(segments.glob("attempts-*.json"))[-1].name
    return {
        "attempts (old segment)": segments / "attempts-000001.json",
        "index (old segment)": segments / "index-000001.json",
        "attempts (newest segment)": segments / newest,
        "index (newest segment)": segments / newest.replace("attempts-", "index-"),
        "store.json": home / "history" / "store.json",
        "mocks.json": home / "history" / "mocks.json",
        "drafts.json": home / "history" / "drafts.json",
        "cards.json": home / "history" / "cards.json",
        ".lock": home / "history" / ".lock",
        "bank cache": next((home / "cache").glob("bank-*.marshal")),
        "LLM feedback cache": next((home / "cache" / "llm").glob("*.json")),
        "LLM spend ledger": home / "llm-spend.json",
    }


def build_base(home: Path, attempts: int = 300) -> list[str]:
    """A realistic data folder: several segments, a draft, a mock, cards, caches; returns attempt ids."""
    from interview.bank.cache import load_bank
    from interview.grading.llm.usage import FeedbackCache, SpendLedger
    from interview.grading.models import LLMFeedback
    from interview.mock.session import MockSessions
    from interview.mock.templates import load_templates
    from interview.progress.models import Attempt
    from interview.progress.store import Store

    paths = Paths(home)
    bank = load_bank(paths)
    question = bank.get(QUESTION)
    start = datetime(2026, 11, 1, 9, tzinfo=UTC)
    template = next(iter(load_templates(paths).values()))
    from interview.grading.rubric import score_answer

    result = score_answer(question, "Bias is error from wrong assumptions; variance is sensitivity to data.")
    made = [
        Attempt(question_id=question.id, category=str(question.category), topics=list(question.topics),
                answer=f"answer number {i}", result=result, started_at=start + timedelta(hours=i),
                finished_at=start + timedelta(hours=i, minutes=9), time_taken_s=540)
        for i in range(attempts)
    ]
    with Store.open(paths) as store:
        store.record_attempts(made)
        store.save_draft(f"practice:{question.id}", "a draft I was writing")
        MockSessions(store, bank).new(template)
    FeedbackCache(paths.cache_dir / "llm").put("k" * 64, LLMFeedback(provider="fake", model="m", overall=50))
    SpendLedger(home / "llm-spend.json").add(datetime.now().date(), 0.01)
    for name, argv in COMMANDS.items():  # fills cards.json and the bank cache
        outcome = run(home, argv)
        assert outcome.code == 0 and not outcome.err, f"{name}: {outcome.err}"
    return [a.id for a in made]


def intact_ids(home: Path, records: dict[str, bytes]) -> set[str]:
    """Attempts whose exact stored bytes are still in some attempts file."""
    texts = [p.read_bytes() for p in (home / "history" / "segments").glob("attempts-*.json")]
    return {i for i, record in records.items() if any(record in text for text in texts)}


def stored_records(home: Path) -> dict[str, bytes]:
    """Each attempt's exact bytes as the store wrote them (compact JSON)."""
    found: dict[str, bytes] = {}
    for path in (home / "history" / "segments").glob("attempts-*.json"):
        for doc in json.loads(path.read_bytes())["attempts"].values():
            found[doc["id"]] = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    return found


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def run(home: Path, argv: list[str]) -> Outcome:
    """One CLI command in this process against `home`."""
    answer = home.parent / f"{home.name}-answer.md"
    if "{answer}" in argv:  # written only when used: a full disk test runs commands without it
        answer.write_text("Bias is error from overly simple assumptions; variance is error from sensitivity.")
    out_file = home.parent / f"{home.name}-export.json"
    argv = [a.format(out=out_file, answer=answer) for a in argv]
    stdout, stderr = io.StringIO(), io.StringIO()
    previous = os.environ.get("INTERVIEW_HOME")
    os.environ["INTERVIEW_HOME"] = str(home)
    os.environ["COLUMNS"] = "200"  # so no table cell is cut short
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = int(exc.code or 0)
            except Exception as exc:  # a crash is exactly what is being counted
                import traceback

                traceback.print_exception(exc, file=stderr)
                code = 99
    finally:
        if previous is None:
            os.environ.pop("INTERVIEW_HOME", None)
        else:
            os.environ["INTERVIEW_HOME"] = previous
    return Outcome(code, stdout.getvalue(), stderr.getvalue())


def reported(home: Path, name: str, outcome: Outcome) -> set[str] | int | None:
    """What a command says about the history: ids where it lists them, a count where it counts them."""
    if name == "history export":
        document = json.loads((home.parent / f"{home.name}-export.json").read_text())
        return {a["id"] for a in document["attempts"]}
    if name == "summary":
        return int(json.loads(outcome.out)["total_attempts"])
    if name == "history":
        return sum(1 for line in outcome.out.splitlines() if QUESTION in line)
    return None


def check_case(base: Path, work: Path, kind: str, damage: str, commands: list[str]) -> list[str]:
    """Damage one file of a copy of `base`, run the commands; returns what went wrong (empty: all held)."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(base, work, symlinks=True)
    records = stored_records(work)
    target = file_kinds(work)[kind]
    DAMAGES[damage](target)
    intact = intact_ids(work, records)
    wrong: list[str] = []
    for name in commands:
        outcome = run(work, COMMANDS[name])
        lines = outcome.err.strip().splitlines()
        if outcome.code != 0 or len(lines) > 1 or "Traceback" in outcome.err:
            wrong.append(f"{kind} / {damage} / {name}: exit {outcome.code}, stderr {outcome.err[-300:]!r}")
            continue
        seen = reported(work, name, outcome)
        if isinstance(seen, set) and not intact <= seen:
            wrong.append(f"{kind} / {damage} / {name}: lost {len(intact - seen)} intact attempts")
        if isinstance(seen, int) and seen < len(intact):
            wrong.append(f"{kind} / {damage} / {name}: reports {seen} of {len(intact)} intact attempts")
    return wrong
