"""The history store: every attempt, mock session and draft, kept safely in TinyDB files.

Layout (under `paths.store_dir`):

    store.json                    schema version (TinyDB table `meta`)
    segments/attempts-000001.json full attempts, at most SEGMENT_SIZE per file
    segments/index-000001.json    the compact row of each of those attempts
    cards.json                    cached FSRS cards (derived; rebuilt when stale)
    totals.json                   running totals the summary reads (derived; see `Store.totals`)
    drafts.json, mocks.json       drafts and live mock-interview sessions
    mocks-archive.json            finished mocks, moved out of the often-rewritten mocks.json
    .lock                         held by the one process allowed to write

Why segments: TinyDB rewrites a whole file on every insert, so one big file
makes each new attempt slower than the last.  A new attempt only rewrites the
newest, bounded segment pair, and the summary reads only the small index rows,
never the answer bodies.  The attempts file of a segment is written before its
index, so after a crash the only possible gap (a body without a row) is in the
newest segment and is repaired when the store opens.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from tinydb import Query, TinyDB

from interview.atomic import TMP_SUFFIX
from interview.atomic import atomic_write as write_cache
from interview.errors import UserError
from interview.paths import Paths
from interview.progress.files import RULES, FileRule, count_bad_rows
from interview.progress.storage import (
    CorruptFileError,
    FolderReadOnlyError,
    Lock,
    ReadOnlyError,
    StoreWriteError,
    atomic_write,
    db_with,
    move_aside,
    parse_document,
    read_json,
    salvage_records,
    storage,
)
from interview.words import described, plural

if TYPE_CHECKING:  # the attempt models import the grading models (~70 ms); summary and history read rows
    from interview.grading.models import GradeResult, LLMFeedback
    from interview.interviewer.models import Transcript
    from interview.progress.models import Attempt, Draft, Row, SelfRating
    from interview.progress.totals import HistoryTotals

SCHEMA_VERSION = 2
SEGMENT_SIZE = 128
EXPORT_FORMAT = "interview-history"
LEGACY_FILE = "history.json"  # schema 1: every table in one plain TinyDB file
MOCK_ARCHIVE = "mocks-archive.json"  # finished mocks, written once; mocks.json keeps live ones
TOTALS_FILE = "totals.json"

_SEGMENT = re.compile(r"^attempts-(\d{6})\.json$")


@dataclass(frozen=True)
class ImportReport:
    attempts_added: int
    attempts_skipped: int
    mocks_added: int
    drafts_added: int


class Store:
    """The user's history.  Open with `Store.open(paths)`; use as a context manager."""

    def __init__(self, root: Path, read_only: bool, lock: Lock | None) -> None:
        self.root = root
        self.read_only = read_only
        self.notices: list[str] = []
        # Where notices found after opening go too (a damaged old segment is only seen when read).
        self.on_notice: Callable[[str], None] | None = None
        self._lock = lock
        self._dbs: dict[str, TinyDB] = {}
        self._rows: list[Row] | None = None
        self._by_id: dict[str, Row] = {}
        self._unwritten_rows: list[Row] = []  # rows a reader rebuilt but may not write
        self._totals: HistoryTotals | None = None
        self._segment = 1
        self._segment_fill = 0

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def open(cls, paths: Paths, *, read_only: bool = False) -> Store:
        """Open the history; a writer takes the lock, migrates and repairs, a reader only reads."""
        root = paths.store_dir
        lock = None
        if not read_only:
            try:
                (root / "segments").mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise FolderReadOnlyError(f"{READ_ONLY_NOTICE} ({exc.strerror})") from None
            lock = Lock(root / ".lock")
            lock.acquire()
        store = cls(root, read_only, lock)
        if read_only and not _folder_writable(root):
            store._tell(READ_ONLY_NOTICE)
        try:
            store._prepare()
        except BaseException:
            store.close()
            raise
        return store

    def close(self) -> None:
        for db in self._dbs.values():
            db.close()
        self._dbs.clear()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _prepare(self) -> None:
        if not self.read_only:
            for leftover in self.root.rglob(f".*{TMP_SUFFIX}"):
                leftover.unlink(missing_ok=True)  # an interrupted write; its rename never happened
        segments = self._segments()
        if segments:
            self._segment = segments[-1]
            self._segment_fill = self._repair_segment(self._segment)
        meta = self._db("store.json")
        stored = meta.table("meta").get(doc_id=1)
        version = stored["schema"] if stored else (1 if (self.root / LEGACY_FILE).exists() else None)
        if version is not None and version > SCHEMA_VERSION:
            raise UserError(
                f"{self.root}: this history was written by a newer interview (schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}); upgrade with `pip install -U interview`"
            )
        if version is not None and version < SCHEMA_VERSION:
            if self.read_only:
                raise UserError(f"{self.root}: the history needs an upgrade; open interview once normally")
            for step in range(version, SCHEMA_VERSION):
                MIGRATIONS[step](self)
        if not self.read_only and version != SCHEMA_VERSION:
            meta.table("meta").upsert({"schema": SCHEMA_VERSION}, Query().schema.exists())
        self.totals()  # reads every index unless the saved totals still match them (see `totals`)

    # --------------------------------------------------------------- files

    def _db(self, name: str) -> TinyDB:
        """A cached TinyDB for a file under the root; a damaged file is moved aside first."""
        db = self._dbs.get(name)
        if db is None:
            db = self._dbs[name] = self._open_file(self.root / name)
        return db

    def _open_file(self, path: Path) -> TinyDB:
        """Read and check one file; a damaged or missing one is healed (see `_heal`)."""
        rule = RULES.for_name(path.name)
        raw: bytes | None = None
        try:
            raw = path.read_bytes()
            data = parse_document(raw, path)
            records = data.get(rule.table, {}).values()
            bad = (count_bad_rows(records, path) if rule.kind == "index"
                   else sum(1 for record in records if not rule.accepts(record, path)))
            if bad:
                raise CorruptFileError(path, f"{plural(bad, 'record')} of the wrong shape")
            return db_with(path, data, self.read_only)
        except FileNotFoundError:
            if rule.kind == "index" and self._bodies_path(path).exists():
                # the newest segment's index is missing after a crash between its two writes: not news
                quiet = _segment_of(path) == self._segment
                return self._rebuild_index(path, None if quiet else f"{path.name} was missing")
            return db_with(path, {}, self.read_only)
        except IsADirectoryError:
            return self._heal(path, rule, None, CorruptFileError(path, "a folder where a file should be"))
        except CorruptFileError as exc:
            return self._heal(path, rule, raw, exc)

    def _heal(self, path: Path, rule: FileRule, raw: bytes | None, exc: CorruptFileError) -> TinyDB:
        """Indexes are rebuilt; other files keep every record still readable, the damaged file is kept."""
        reason = str(exc).split(": ", 1)[-1]
        if rule.kind == "index":
            return self._rebuild_index(path, f"{path.name} could not be read ({reason})")
        if rule.kind == "cards":  # a cache: the next summary recomputes it
            return db_with(path, {}, self.read_only)
        records = salvage_records(raw or b"", lambda r: rule.accepts(r, path))
        unique = list({rule.identity(r): r for r in records}.values())
        data = {rule.table: {str(n): r for n, r in enumerate(unique, start=1)}}
        told = f"{path.name} was damaged ({reason})"
        recovered = f"{len(unique)} of its {rule.noun}s were recovered"
        if rule.kind == "attempts":
            expected = self._indexed_count(path)
            if expected is not None and expected > len(unique):
                lost = expected - len(unique)
                recovered += f" and {lost} {rule.noun}{'' if lost == 1 else 's'} could not be"
            self._rows = self._totals = None
        if self.read_only:
            self._tell(f"{told}: {recovered} for this view (open interview normally to repair it)")
            return db_with(path, data, read_only=True)
        backup = move_aside(path) if path.exists() or path.is_symlink() else None
        atomic_write(path, _dump(data))
        if rule.kind == "attempts":
            index_path = self._index_path(path)
            self._dbs.pop(self._rel(index_path), None)
            self._write_index(index_path, unique, segment=_segment_of(path))
        kept = f"; the damaged file is kept at {backup}" if backup else ""
        self._tell(f"{told}: {recovered}{kept}")
        return db_with(path, data, read_only=False)

    def _rebuild_index(self, path: Path, why: str | None) -> TinyDB:
        """An index is derived from its attempts file, so a damaged or missing one is rebuilt from it."""
        bodies_path = self._bodies_path(path)
        bodies = self._dbs.get(self._rel(bodies_path)) or self._open_file(bodies_path)
        docs = list(storage(bodies).raw().get("attempts", {}).values())
        if self.read_only:
            rows = _rows_of(docs, _segment_of(path))
            if why:
                self._tell(f"{why}; its scores were read from the attempts instead (open interview "
                           "normally to repair it)")
            return db_with(path, {"rows": {str(n): r for n, r in enumerate(rows, start=1)}}, read_only=True)
        backup = move_aside(path) if path.exists() else None
        data = self._write_index(path, docs, _segment_of(path))
        kept = f" (the damaged file is kept at {backup})" if backup else ""
        if why:
            self._tell(f"{why}; it was rebuilt from its attempts{kept}")
        return db_with(path, data, read_only=False)

    def _write_index(self, path: Path, docs: list[dict[str, Any]], segment: int) -> dict[str, Any]:
        rows = _rows_of(docs, segment)
        data = {"rows": {str(n): r for n, r in enumerate(rows, start=1)}}
        atomic_write(path, _dump(data))
        return data

    def _indexed_count(self, bodies_path: Path) -> int | None:
        """How many attempts the index says the segment held (None when the index is unreadable too)."""
        index_path = self._index_path(bodies_path)
        try:
            data = parse_document(index_path.read_bytes(), index_path)
        except (OSError, CorruptFileError):
            return None
        return len(data.get("rows", {}))

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    @staticmethod
    def _bodies_path(index_path: Path) -> Path:
        return index_path.with_name(index_path.name.replace("index-", "attempts-", 1))

    @staticmethod
    def _index_path(bodies_path: Path) -> Path:
        return bodies_path.with_name(bodies_path.name.replace("attempts-", "index-", 1))

    def _segments(self) -> list[int]:
        folder = self.root / "segments"
        if not folder.is_dir():
            return []
        found = (_SEGMENT.match(p.name) for p in folder.iterdir())
        return sorted(int(m.group(1)) for m in found if m)

    @staticmethod
    def _names(segment: int) -> tuple[str, str]:
        return f"segments/attempts-{segment:06d}.json", f"segments/index-{segment:06d}.json"

    def _segment_dbs(self, segment: int, keep: bool) -> tuple[TinyDB, TinyDB]:
        """The (attempts, index) pair; old segments are not kept in memory unless asked."""
        names = self._names(segment)
        if keep:
            return self._db(names[0]), self._db(names[1])
        bodies, index = (self._dbs.get(n) or self._open_file(self.root / n) for n in names)
        return bodies, index

    def _repair_segment(self, segment: int) -> int:
        """Give every attempt of the newest segment its index row; returns how full it is.

        When a plain read shows every attempt already has its row (the usual case), the files are
        checked record by record only when first used, so opening the history does not build the
        attempt models (~70 ms) before Home can show anything.
        """
        whole = self._whole_segment_fill(segment)
        if whole is not None:
            return whole
        bodies, index = self._segment_dbs(segment, keep=True)
        docs = storage(bodies).raw().get("attempts", {})
        rows = storage(index).raw().get("rows", {})
        indexed = {row["id"] for row in rows.values()}
        from interview.progress.models import Attempt, attempt_row
        missing = [attempt_row(Attempt.model_validate(d), segment) for d in docs.values()
                   if d["id"] not in indexed]
        if missing and self.read_only:
            self._unwritten_rows = missing
        elif missing:
            index.table("rows").insert_multiple(missing)
        return max(len(docs), len(rows) + len(missing))

    def _whole_segment_fill(self, segment: int) -> int | None:
        """How full a segment is when its attempts and rows are readable and match one to one."""
        try:
            bodies, index = (parse_document((self.root / name).read_bytes(), self.root / name)
                             for name in self._names(segment))
            ids = [doc["id"] for doc in bodies.get("attempts", {}).values()]
            indexed = [row["id"] for row in index.get("rows", {}).values()]
        except (OSError, CorruptFileError, KeyError, TypeError):
            return None
        return len(ids) if sorted(ids) == sorted(indexed) else None

    def _tell(self, notice: str) -> None:
        self.notices.append(notice)
        if self.on_notice is not None:
            self.on_notice(notice)

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.root}: the history is open read-only; nothing was written")

    # ------------------------------------------------------------ attempts

    def record_attempt(self, attempt: Attempt) -> str:
        """Keep an attempt for good; when this returns, it survives a crash."""
        self._writable()
        return self.record_attempts([attempt])[0]

    def record_attempts(self, attempts: list[Attempt]) -> list[str]:
        """Keep several attempts at once (a segment file is written once per batch, not per attempt)."""
        self._writable()
        self.rows()
        ids = [a.id for a in attempts]
        repeated = [i for i in ids if i in self._by_id]
        if repeated or len(set(ids)) != len(ids):
            raise ValueError(f"attempt {(repeated or ids)[0]} is recorded twice")
        self._append(attempts)
        return ids

    def _append(self, attempts: list[Attempt]) -> None:
        """Write attempts into the newest segments, a segment file at a time (body before row)."""
        from interview.progress.models import attempt_document, attempt_row

        pending = list(attempts)
        while pending:
            if self._segment_fill >= SEGMENT_SIZE:
                self._segment += 1
                self._segment_fill = 0
            room = SEGMENT_SIZE - self._segment_fill
            chunk, pending = pending[:room], pending[room:]
            bodies, index = self._segment_dbs(self._segment, keep=True)
            bodies.table("attempts").insert_multiple(attempt_document(a) for a in chunk)
            rows = [attempt_row(a, self._segment) for a in chunk]
            index.table("rows").insert_multiple(rows)
            self._segment_fill += len(chunk)
            if self._rows is not None:
                in_order = not self._rows or rows[0]["at"] >= self._rows[-1]["at"]
                self._rows.extend(rows)
                if not in_order or any(a["at"] > b["at"] for a, b in pairwise(rows)):
                    self._rows.sort(key=itemgetter("at"))
                self._by_id.update((r["id"], r) for r in rows)
            self._count_in_totals(rows)
            self._drop_old_segments()

    def _drop_old_segments(self) -> None:
        keep = set(self._names(self._segment))
        for name in [n for n in self._dbs if n.startswith("segments/") and n not in keep]:
            self._dbs.pop(name).close()

    def rows(self) -> list[Row]:
        """Every attempt's compact row, oldest first: what the summary and scheduler read."""
        if self._rows is None:
            rows: list[Row] = []
            for segment in self._segments():
                rows.extend(self._segment_rows(segment))
            rows.extend(self._unwritten_rows)
            rows.sort(key=itemgetter("at"))
            self._rows = rows
            self._by_id = {r["id"]: r for r in rows}
        return self._rows

    def _segment_rows(self, segment: int) -> Iterable[Row]:
        index_name = self._names(segment)[1]
        index = self._dbs.get(index_name) or self._open_file(self.root / index_name)
        return storage(index).raw().get("rows", {}).values()

    def get_row(self, attempt_id: str) -> Row | None:
        self.rows()
        return self._by_id.get(attempt_id)

    def get_attempt(self, attempt_id: str) -> Attempt | None:
        row = self.get_row(attempt_id)
        return self._load_bodies([row])[0] if row else None

    def attempts(
        self,
        *,
        question_id: str | None = None,
        category: str | None = None,
        since: datetime | None = None,
        mode: str | None = None,
        limit: int | None = None,
    ) -> list[Attempt]:
        """Full attempts matching every filter given, newest first."""
        cutoff = since.timestamp() if since else None
        chosen: list[Row] = []
        for row in reversed(self.rows()):
            if limit is not None and len(chosen) >= limit:
                break
            if (question_id is None or row["q"] == question_id) and (
                category is None or row["c"] == category) and (
                mode is None or row["m"] == mode) and (cutoff is None or row["at"] >= cutoff):
                chosen.append(row)
        return [a for a in self._load_bodies(chosen) if a is not None]

    def _load_bodies(self, rows: list[Row]) -> list[Attempt | None]:
        if not rows:
            return []  # nothing to validate: the attempt models (~70 ms to import) are not needed
        from interview.progress.models import Attempt

        by_segment: dict[int, dict[str, Any]] = {}
        found: list[Attempt | None] = []
        for row in rows:
            docs = by_segment.get(row["seg"])
            if docs is None:
                bodies = self._segment_dbs(row["seg"], keep=row["seg"] == self._segment)[0]
                docs = by_segment[row["seg"]] = {
                    d["id"]: d for d in storage(bodies).raw().get("attempts", {}).values()
                }
            doc = docs.get(row["id"])
            found.append(Attempt.model_validate(doc) if doc else None)
        return found

    def rate_attempt(self, attempt_id: str, rating: SelfRating | None) -> None:
        """Record the user's own "easy / good / hard"; it overrides the rating derived from the score."""
        self._writable()
        row = self.get_row(attempt_id)
        if row is None:
            raise UserError(f"no attempt with id '{attempt_id}' in the history")
        bodies, index = self._segment_dbs(row["seg"], keep=row["seg"] == self._segment)
        bodies.table("attempts").update({"self_rating": rating}, Query().id == attempt_id)
        index.table("rows").update({"r": rating}, Query().id == attempt_id)
        row["r"] = rating
        self._save_totals()  # the totals do not count ratings; only the files they vouch for changed
        self.invalidate_card(row["q"])

    def attach_llm_feedback(self, attempt_id: str, feedback: LLMFeedback) -> None:
        """Keep LLM feedback that arrived after the attempt was recorded (the score is unchanged)."""
        self._writable()
        row = self.get_row(attempt_id)
        if row is None:
            raise UserError(f"no attempt with id '{attempt_id}' in the history")
        bodies = self._segment_dbs(row["seg"], keep=row["seg"] == self._segment)[0]
        doc = bodies.table("attempts").get(Query().id == attempt_id)
        if doc is None:
            raise UserError(f"the answer of attempt '{attempt_id}' is missing from the history")
        result = {**doc["result"], "llm": feedback.model_dump(mode="json")}
        bodies.table("attempts").update({"result": result}, Query().id == attempt_id)
        self._save_totals()

    def attach_transcript(self, attempt_id: str, transcript: Transcript,
                          result: GradeResult | None = None) -> None:
        """Keep the follow-ups (and clarify phase) of an attempt recorded before they were answered.

        The row's score and dimensions are rebuilt from the attempt, so mastery counts them.
        """
        self._writable()
        row = self.get_row(attempt_id)
        if row is None:
            raise UserError(f"no attempt with id '{attempt_id}' in the history")
        bodies, index = self._segment_dbs(row["seg"], keep=row["seg"] == self._segment)
        doc = bodies.table("attempts").get(Query().id == attempt_id)
        if doc is None:
            raise UserError(f"the answer of attempt '{attempt_id}' is missing from the history")
        update: dict[str, Any] = {"transcript": transcript.model_dump(mode="json")}
        if result is not None:
            dumped = result.model_dump(mode="json")
            update["result"] = {**dumped, "llm": dumped["llm"] or doc["result"].get("llm")}
        from interview.progress.models import Attempt, attempt_row
        attempt = Attempt.model_validate({**doc, **update})
        bodies.table("attempts").update(update, Query().id == attempt_id)
        fresh = attempt_row(attempt, row["seg"])
        index.table("rows").update({"s": fresh["s"], "d": fresh["d"]}, Query().id == attempt_id)
        row["s"], row["d"] = fresh["s"], fresh["d"]
        self._totals = None  # a past score changed: recounted from the rows when next asked for
        self.invalidate_card(row["q"])

    # -------------------------------------------------------------- totals

    def totals(self) -> HistoryTotals:
        """The running totals the summary reads instead of every row.

        The saved totals are used only while every segment file is exactly as they were saved
        beside (same inode, size and modification time) and they were summed under today's
        model, so an import, a repair, another version of interview or a crash between a
        segment's write and theirs can only cost a rebuild from the rows, never a wrong figure.
        """
        if self._totals is None:
            self._totals = self._saved_totals()
            if self._totals is None:
                from interview.progress.totals import HistoryTotals

                self._totals = HistoryTotals.from_rows(self.rows())
                self._save_totals()
        return self._totals

    def _saved_totals(self) -> HistoryTotals | None:
        from interview.progress.totals import FORMAT, HistoryTotals

        if self._unwritten_rows:
            return None
        try:
            data = json.loads((self.root / TOTALS_FILE).read_bytes())
            if data["format"] != FORMAT or data["segments"] != self._segment_stamps():
                return None
            return HistoryTotals.from_json(data["totals"])
        except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: it is only a cache
            return None

    def _segment_stamps(self) -> list[list[Any]]:
        """What identifies every segment file's content without reading it (one stat each)."""
        folder = self.root / "segments"
        stamps = []
        for entry in sorted(os.scandir(folder), key=lambda e: e.name) if folder.is_dir() else []:
            if entry.name.endswith(".json") and not entry.name.startswith("."):
                info = entry.stat()
                stamps.append([entry.name, info.st_ino, info.st_size, info.st_mtime_ns])
        return stamps

    def _count_in_totals(self, rows: list[Row]) -> None:
        """Add newly written rows to the totals; rows older than the newest counted mean a rebuild."""
        if self._totals is None:
            return
        try:
            for row in rows:
                self._totals.add(row)
        except ValueError:
            self._totals = None
            (self.root / TOTALS_FILE).unlink(missing_ok=True)
            return
        self._save_totals()

    def _save_totals(self) -> None:
        """Write the totals with the stamps of the segment files they now match (a cache: not fsynced)."""
        if self.read_only or self._totals is None:
            return
        from interview.progress.totals import FORMAT

        document = {"format": FORMAT, "segments": self._segment_stamps(), "totals": self._totals.to_json()}
        with contextlib.suppress(OSError):  # a full disk only costs the next start a rebuild
            write_cache(self.root / TOTALS_FILE, _dump(document), durable=False)

    # ---------------------------------------------------------- FSRS cache

    def cards(self) -> dict[str, dict[str, Any]]:
        """Cached scheduling state per question id (owned by `scheduling`)."""
        return dict(storage(self._db("cards.json")).raw().get("cards", {}))

    def save_cards(self, cards: dict[str, dict[str, Any]]) -> None:
        """Replace cached cards; silently skipped when read-only since the cache is derived."""
        if self.read_only or not cards:
            return
        db = self._db("cards.json")
        data = dict(storage(db).raw())
        data["cards"] = {**data.get("cards", {}), **cards}
        with contextlib.suppress(StoreWriteError):  # a full disk only costs the next summary a replay
            db.storage.write(data)

    def invalidate_card(self, question_id: str) -> None:
        db = self._db("cards.json")
        data = dict(storage(db).raw())
        cached = dict(data.get("cards", {}))
        if cached.pop(question_id, None) is not None and not self.read_only:
            db.storage.write({**data, "cards": cached})

    # -------------------------------------------------------------- drafts

    def save_draft(self, key: str, text: str, now: datetime | None = None) -> None:
        """Cheap enough to call every few seconds: the drafts file is small and separate."""
        self._writable()
        saved = (now or datetime.now(UTC)).astimezone(UTC).isoformat()
        self._db("drafts.json").table("drafts").upsert(
            {"key": key, "text": text, "saved_at": saved}, Query().key == key
        )

    def load_draft(self, key: str) -> Draft | None:
        doc = self._db("drafts.json").table("drafts").get(Query().key == key)
        from interview.progress.models import Draft
        return Draft.model_validate(doc) if doc else None

    def delete_draft(self, key: str) -> None:
        self._writable()
        self._db("drafts.json").table("drafts").remove(Query().key == key)

    def drafts(self) -> list[Draft]:
        """Every unsubmitted draft, newest first: what to offer back after a crash."""
        docs = self._db("drafts.json").table("drafts").all()
        from interview.progress.models import Draft
        return sorted((Draft.model_validate(d) for d in docs), key=lambda d: d.saved_at, reverse=True)

    # --------------------------------------------------------------- mocks

    def save_mock(self, mock_id: str, data: dict[str, Any]) -> None:
        self._writable()
        self._db("mocks.json").table("mocks").upsert(
            {"mock_id": mock_id, "data": data}, Query().mock_id == mock_id
        )

    def load_mock(self, mock_id: str) -> dict[str, Any] | None:
        for name in ("mocks.json", MOCK_ARCHIVE):
            doc = self._db(name).table("mocks").get(Query().mock_id == mock_id)
            if doc:
                return doc["data"]
        return None

    def mocks(self) -> dict[str, dict[str, Any]]:
        """Every mock session by id, archived (finished) ones first, the live file winning a tie."""
        return {d["mock_id"]: d["data"] for name in (MOCK_ARCHIVE, "mocks.json")
                for d in self._db(name).table("mocks").all()}

    def archive_mocks(self, mock_ids: Iterable[str]) -> None:
        """Move finished mocks out of mocks.json, the file rewritten on every autosave of a mock.

        The archive is written before the mock leaves the live file, so a crash in between
        leaves a copy in both (harmless: `mocks()` merges them), never in neither.
        """
        self._writable()
        wanted = set(mock_ids)
        live = self._db("mocks.json").table("mocks")
        moving = [dict(d) for d in live.all() if d["mock_id"] in wanted]
        if not moving:
            return
        archive = self._db(MOCK_ARCHIVE).table("mocks")
        archive.remove(Query().mock_id.one_of([d["mock_id"] for d in moving]))
        archive.insert_multiple(moving)
        live.remove(Query().mock_id.one_of([d["mock_id"] for d in moving]))

    # ------------------------------------------------------ export/import

    def export_history(self, path: Path, now: datetime | None = None) -> int:
        """Write the user's own data (attempts, mocks, drafts) to one JSON file; returns attempts."""
        attempts = [a for a in self._load_bodies(self.rows()) if a is not None]
        from interview.progress.models import attempt_document
        document = {
            "format": EXPORT_FORMAT,
            "schema": SCHEMA_VERSION,
            "exported_at": (now or datetime.now(UTC)).astimezone(UTC).isoformat(),
            "attempts": [attempt_document(a) for a in attempts],
            "mocks": self.mocks(),
            "drafts": [d.model_dump(mode="json") for d in self.drafts()],
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(document, ensure_ascii=False, indent=1).encode())
        return len(attempts)

    def import_history(self, path: Path) -> ImportReport:
        """Merge an export into this history; running it twice adds nothing the second time."""
        self._writable()
        document = _read_export(path)
        from interview.progress.models import Attempt, Draft
        attempts: list[Attempt] = []
        for index, doc in enumerate(document.get("attempts", [])):
            try:
                attempts.append(Attempt.model_validate(doc))
            except ValidationError as exc:
                error = exc.errors()[0]
                where = ".".join(str(p) for p in error["loc"])
                raise UserError(f"{path}: attempts[{index}].{where}: {error['msg']}; nothing was "
                                "imported") from None
        self.rows()
        seen = set(self._by_id)
        fresh: list[Attempt] = []
        for attempt in attempts:
            if attempt.id not in seen:
                seen.add(attempt.id)
                fresh.append(attempt)
        self._append(sorted(fresh, key=lambda a: a.finished_at))
        have_mocks = self.mocks()
        new_mocks = {k: v for k, v in dict(document.get("mocks", {})).items() if k not in have_mocks}
        for mock_id, data in new_mocks.items():
            self.save_mock(mock_id, data)
        have_drafts = {d.key for d in self.drafts()}
        new_drafts = [Draft.model_validate(d) for d in document.get("drafts", [])]
        new_drafts = [d for d in new_drafts if d.key not in have_drafts]
        for draft in new_drafts:
            self.save_draft(draft.key, draft.text, draft.saved_at)
        return ImportReport(len(fresh), len(attempts) - len(fresh), len(new_mocks), len(new_drafts))


READ_ONLY_NOTICE = "the data folder is read-only: showing your history without saving"


def _folder_writable(root: Path) -> bool:
    """Whether a writer could work here; probes by opening the lock file, which writes nothing."""
    try:
        fd = os.open(root / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    except FileNotFoundError:
        return True  # no history yet: nothing to say
    except OSError:
        return False
    os.close(fd)
    return True


def _segment_of(path: Path) -> int:
    return int(path.name.split("-", 1)[1].split(".", 1)[0])


def _rows_of(docs: Iterable[dict[str, Any]], segment: int) -> list[Row]:
    from interview.progress.models import Attempt, attempt_row
    return [attempt_row(Attempt.model_validate(d), segment) for d in docs]


def _dump(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _read_export(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read it ({exc.strerror})") from None
    except (ValueError, RecursionError):
        raise UserError(f"{path}: not valid JSON; is this a file written by `interview history export`?"
                        ) from None
    if not isinstance(document, dict):
        raise UserError(f"{path}: not an interview history export (the top level is not an object)")
    if document.get("format") != EXPORT_FORMAT:
        raise UserError(f"{path}: not an interview history export (format is "
                        f"{described(document.get('format'))}, expected {EXPORT_FORMAT!r})")
    if int(document.get("schema", 0)) > SCHEMA_VERSION:
        raise UserError(f"{path}: written by a newer interview (schema {document['schema']}); upgrade first")
    return document


# ----------------------------------------------------------- migrations


def _migrate_1_to_2(store: Store) -> None:
    """Schema 1 kept every table in one `history.json`; split it into segments, keep the original."""
    legacy = store.root / LEGACY_FILE
    try:
        data = read_json(legacy) or {}
    except CorruptFileError as exc:
        backup = move_aside(legacy)
        store._tell(f"{exc}; the old history was moved aside to {backup}")
        return
    from interview.progress.models import Attempt
    attempts = [Attempt.model_validate(d) for d in data.get("attempts", {}).values()]
    store._append(sorted(attempts, key=lambda a: a.finished_at))
    for doc in data.get("mocks", {}).values():
        store.save_mock(doc["mock_id"], doc["data"])
    for doc in data.get("drafts", {}).values():
        store.save_draft(doc["key"], doc["text"], datetime.fromisoformat(doc["saved_at"]))
    kept = legacy.with_name(f"{LEGACY_FILE}.schema1-migrated")
    legacy.replace(kept)
    store._tell(f"your history was upgraded to schema 2; the old file is kept at {kept}")


MIGRATIONS = {1: _migrate_1_to_2}
