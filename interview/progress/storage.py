"""The file layer under the store: atomic TinyDB storage, the single-writer lock, backups.

Every write goes to a temporary file in the same folder, is fsynced and then
renamed over the old file, so a crash or a `kill -9` leaves either the old or
the new file, never a torn one.  A file that still fails to parse was damaged
from outside; it is moved aside (never overwritten) and the caller tells the user.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from interview.atomic import atomic_write
from interview.errors import UserError


class CorruptFileError(Exception):
    """A store file exists but is not a TinyDB JSON document."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


class StoreLockedError(UserError):
    """Another running `interview` holds the history for writing."""


class ReadOnlyError(UserError):
    """A write was attempted on a store opened read-only."""


def read_json(path: Path) -> dict[str, Any] | None:
    """The parsed file, None when it does not exist, CorruptFileError when it cannot be parsed."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CorruptFileError(path, f"not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise CorruptFileError(path, "not a TinyDB document (the top level is not an object)")
    return data


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged file to `<name>.corrupt-<UTC timestamp>` beside it and return the new path."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, target)
    return target


class AtomicJSONStorage(Storage):
    """A TinyDB storage that keeps the data in memory and replaces the file atomically on write.

    It is only safe because one process writes (the store's lock), which is
    also why reads can be served from memory after the first.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._data: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._data is None:
            self._data = read_json(self.path)
            if self._data is None:
                return None
        return dict(self._data)

    def raw(self) -> dict[str, Any]:
        """The cached data itself, for bulk readers that must not pay for TinyDB's copies."""
        self.read()
        return self._data or {}

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.path}: the history is open read-only; nothing was written")
        try:
            atomic_write(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
        except BaseException:
            self._data = None  # memory may be ahead of the file now; reload on next read
            raise
        self._data = data

    def close(self) -> None:
        self._data = None


def open_db(path: Path, read_only: bool = False) -> TinyDB:
    """A TinyDB on an atomic storage; raises CorruptFileError at once if the file is damaged."""
    db = TinyDB(path, storage=AtomicJSONStorage, read_only=read_only)
    storage(db).read()
    return db


def storage(db: TinyDB) -> AtomicJSONStorage:
    return db.storage  # type: ignore[return-value]


class Lock:
    """An exclusive, non-blocking lock on a file; the kernel drops it if the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock_fd(fd)
        except OSError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise StoreLockedError(
                f"{self.path.parent}: the history is in use by another running interview "
                f"(pid {holder}); close it first, or use the read-only view"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None


def _lock_fd(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def empty_db(path: Path) -> TinyDB:
    """A read-only stand-in for a damaged file that a reader may not move aside."""
    db = TinyDB(path, storage=AtomicJSONStorage, read_only=True)
    storage(db)._data = {}
    return db
