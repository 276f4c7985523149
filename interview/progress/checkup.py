"""`interview doctor`'s engine: check every file of the data folder, and repair what can be repaired.

The check only reads.  The repair first copies the whole history to
`backups/history-<UTC time>/`, then lets the store heal itself (rebuild indexes,
salvage attempts record by record), and clears what is only a cache.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from interview.atomic import TMP_SUFFIX
from interview.errors import UserError
from interview.paths import Paths
from interview.progress.files import RULES
from interview.progress.storage import CorruptFileError, parse_document
from interview.words import plural


@dataclass
class Finding:
    path: str
    problem: str
    repair: str


@dataclass
class Checkup:
    home: Path
    attempts: int = 0
    segments: int = 0
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, path: Path, problem: str, repair: str) -> None:
        self.findings.append(Finding(_rel(path, self.home), problem, repair))


def _rel(path: Path, home: Path) -> str:
    try:
        return path.relative_to(home).as_posix()
    except ValueError:
        return str(path)


def check(paths: Paths) -> Checkup:
    """Everything wrong with the data folder, without changing a byte of it."""
    report = Checkup(paths.home)
    home = paths.home
    if not home.exists():
        report.notes.append(f"{home} does not exist yet: nothing to check")
        return report
    _check_config(paths, report)
    _check_history(paths, report)
    _check_cache(paths, report)
    return report


def _check_config(paths: Paths, report: Checkup) -> None:
    config = paths.config_file
    if not config.exists() and not config.is_symlink():
        return  # no file, so the defaults: nothing to check, and the settings models stay unbuilt
    from interview.config import load_settings

    try:
        load_settings(paths)
    except UserError as exc:
        report.add(paths.config_file, str(exc).split(": ", 1)[-1], "fix or delete it by hand")


def _check_history(paths: Paths, report: Checkup) -> None:
    root = paths.store_dir
    if not root.is_dir():
        return
    for leftover in root.rglob(f".*{TMP_SUFFIX}"):
        report.add(leftover, "a temporary file left by an interrupted write", "delete it")
    for name in ("store.json", "mocks.json", "drafts.json", "cards.json"):
        _records(root / name, report)
    segments = root / "segments"
    bodies = sorted(segments.glob("attempts-*.json")) if segments.is_dir() else []
    for body in bodies:
        report.segments += 1
        docs = _records(body, report)
        index = body.with_name(body.name.replace("attempts-", "index-", 1))
        if not index.exists():
            report.add(index, "missing", "rebuild it from its attempts")
            continue
        rows = _records(index, report)
        if docs is None:
            continue
        report.attempts += len(docs)
        if rows is not None and {r.get("id") for r in rows} != {d.get("id") for d in docs}:
            report.add(index, f"lists {len(rows)} attempts but its attempts file holds {len(docs)}",
                       "rebuild it from its attempts")
    aside = sorted(p.name for p in root.rglob("*.corrupt-*"))
    if aside:
        report.notes.append(f"{plural(len(aside), 'damaged file')} kept aside in {root} (e.g. {aside[0]}); "
                            "delete them once you have checked your history")


def _records(path: Path, report: Checkup) -> list[dict[str, object]] | None:
    """The file's records when every one is of the right shape; otherwise a finding and None."""
    rule = RULES.for_name(path.name)
    try:
        data = parse_document(path.read_bytes(), path)
    except FileNotFoundError:
        return []
    except IsADirectoryError:
        report.add(path, "a folder where a file should be", "move it aside")
        return None
    except CorruptFileError as exc:
        report.add(path, str(exc).split(": ", 1)[-1], _repair_of(rule.kind))
        return None
    records = list(data.get(rule.table, {}).values())
    bad = sum(1 for r in records if not rule.accepts(r, path))
    if bad:
        report.add(path, f"{bad} of its {len(records)} records have the wrong shape", _repair_of(rule.kind))
        return None
    return records


def _repair_of(kind: str) -> str:
    return {
        "index": "rebuild it from its attempts",
        "cards": "recompute it (a cache)",
    }.get(kind, "move it aside and keep every record that still reads")


def _check_cache(paths: Paths, report: Checkup) -> None:
    for leftover in paths.cache_dir.glob(f"*{TMP_SUFFIX}") if paths.cache_dir.is_dir() else []:
        report.add(leftover, "a temporary file left by an interrupted write", "delete it")
    llm = paths.cache_dir / "llm"
    for entry in sorted(llm.glob("*.json")) if llm.is_dir() else []:
        if not _json_object(entry):
            report.add(entry, "a damaged LLM feedback cache entry", "delete it (a cache)")
    ledger = paths.home / "llm-spend.json"
    if ledger.exists() and not _json_object(ledger):
        report.add(ledger, "not a spending ledger", "move it aside (today's LLM spend starts again at 0)")


def _json_object(path: Path) -> bool:
    try:
        return isinstance(json.loads(path.read_bytes()), dict)
    except (OSError, ValueError, RecursionError):
        return False


def repair(paths: Paths, now: datetime | None = None) -> tuple[Path | None, list[str]]:
    """Back the history up, then heal it; returns the backup folder and what the store said it did."""
    from interview.progress.storage import move_aside
    from interview.progress.store import Store

    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    backup = None
    if paths.store_dir.is_dir():
        backup = paths.home / "backups" / f"history-{stamp}"
        try:
            shutil.copytree(paths.store_dir, backup, symlinks=True, ignore=shutil.ignore_patterns(".lock"))
        except OSError as exc:  # shutil.Error is an OSError too
            raise UserError(f"{backup}: cannot back the history up ({str(exc)[:120]}); nothing was repaired; "
                            "free some space or make the data folder writable") from None
    said: list[str] = []
    for finding in check(paths).findings:
        path = paths.home / finding.path
        if finding.repair.startswith("delete"):
            path.unlink(missing_ok=True)
            said.append(f"deleted {finding.path}")
        elif finding.repair.startswith("rebuild") and path.exists():
            move_aside(path)  # the store rebuilds a missing index from its attempts
        elif finding.path == "llm-spend.json":
            said.append(f"{finding.path} was moved aside to {move_aside(path)}")
    if paths.store_dir.is_dir():
        with Store.open(paths) as store:
            store.on_notice = said.append
            said[:0] = store.notices
            store.attempts()  # reads every attempts file, so each damaged one is salvaged now
            store.drafts()
            store.mocks()
            store.cards()
    return backup, said
