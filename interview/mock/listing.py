"""The mock templates as plain data, for `interview mock --list`, without building pydantic models.

Building the template models costs `mock --list` more than the rest of the command, so the
validated templates' plain data (what `--list --json` prints) is cached in one marshal file,
keyed by the stamp of every template file.  A new or changed file means a full validation
(`templates.load_templates`), so a bad file still stops with its one-line
`path: field: problem` error, and is never cached.  A mock itself always starts from the models.
"""

from __future__ import annotations

import marshal
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview import __version__
from interview.atomic import atomic_write
from interview.bank.enums import CATEGORY_LABELS, Category
from interview.paths import Paths

BUILTIN_DIR = Path(__file__).resolve().parent / "templates"
_FORMAT = 1  # bump whenever the cached data changes shape
_RACY_NS = 2_000_000_000  # a file changed this recently may change again with the same stamp


@dataclass(frozen=True)
class TemplateListing:
    """One template as `model_dump(mode="json")` of the validated model wrote it (without `source`)."""

    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def minutes(self) -> int:
        return sum(int(r["minutes"]) for r in self.data["rounds"])

    @property
    def rounds_text(self) -> str:
        """Each round as "questions × category (minutes)"."""
        return ", ".join(f"{r['questions']} × {CATEGORY_LABELS[Category(r['category'])]} ({r['minutes']})"
                         for r in self.data["rounds"])


def list_templates(paths: Paths) -> list[TemplateListing]:
    """All templates (built-in first, the user's own on top), from the cache when every file is unchanged."""
    cache_file = paths.cache_dir / "templates.marshal"
    stamps = _stamps([BUILTIN_DIR, paths.templates_dir])
    key = (_FORMAT, __version__, stamps)
    if stamps is not None:
        try:
            cached = marshal.loads(cache_file.read_bytes())
            if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == key:
                return [TemplateListing(data) for data in cached[1]]
        except Exception:  # missing, garbled or truncated in any way: validated again below
            pass

    from interview.mock.templates import load_templates

    data = [t.model_dump(mode="json", exclude={"source"}) for t in load_templates(paths).values()]
    if stamps is not None and all(time.time_ns() - mtime > _RACY_NS for *_, mtime in stamps):
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cache_file, marshal.dumps((key, data)), durable=False)
        except OSError:  # best effort: a read-only or full disk only costs the next listing a validation
            pass
    return [TemplateListing(d) for d in data]


def _stamps(folders: list[Path]) -> tuple[tuple[str, int, int], ...] | None:
    """(path, size, mtime) of every template file in `folders`, in load order; None when one
    cannot be read (then nothing is cached and loading reports it)."""
    stamps = []
    try:
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.glob("*.toml")):
                info = os.stat(path)
                stamps.append((str(path), info.st_size, info.st_mtime_ns))
    except OSError:
        return None
    return tuple(stamps)
