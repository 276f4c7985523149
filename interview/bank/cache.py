"""`load_bank`: the whole bank (built-in, user packs, extra paths) as a compact index, cached.

The cache holds, per question file, its size and modification time and either its index entry
(`QuestionEntry`) or the problems found in it; per folder, its modification time and listing;
per pack, its manifest.  A warm start reads that back and checks it against the disk:

- a folder whose modification time is unchanged is not listed again (its files cannot have
  been added, removed or renamed), so finding the files costs one `stat` per folder;
- each file is still `stat`ed (an editor that writes in place changes no folder), but only a
  changed file is read and validated again, with the same `path:line: field: problem` errors;
- a time stamp too recent to trust (within `_RACY_NS` of the check) is checked again next time.

Full questions are not cached: `Bank.get` validates one file when a question is opened.
The cache is the app's own file, written with `marshal` (plain tuples, dicts and strings: it
reads back two to three times faster than a pickle); a pack's content is only ever parsed as
TOML.  A cache that cannot be read back (garbled, truncated, another version's) is silently
rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interview import __version__
from interview.atomic import atomic_write
from interview.bank.enums import Category, Difficulty
from interview.bank.files import MANIFEST, VOCABULARY, pack_dirs
from interview.bank.index import Bank, LoadProblem, QuestionEntry
from interview.paths import Paths, builtin_bank_dir

_FORMAT = 4  # bump whenever QuestionEntry or the layout below changes shape
_RACY_NS = 2_000_000_000  # a folder or file changed this recently may change again in the same tick

# One question file: (size, mtime_ns, pack name, entry as plain values or None, problems as tuples)
_FileRecord = tuple[int, int, str, tuple[Any, ...] | None, tuple[tuple[Any, ...], ...]]
# One folder: (mtime_ns, children in name order as (name, is a folder to walk))
_FolderRecord = tuple[int, tuple[tuple[str, bool], ...]]
# One manifest: (size, mtime_ns, pack name and its validated data, or None, problems)
_ManifestRecord = tuple[int, int, tuple[str, dict[str, Any]] | None, tuple[tuple[Any, ...], ...]]
_CATEGORIES = {c.value: c for c in Category}
_DIFFICULTIES = {d.value: d for d in Difficulty}


def bank_roots(paths: Paths, extra: Sequence[Path] = ()) -> list[Path]:
    """Built-in packs first, then the user's packs, then any `--bank` paths."""
    roots = [builtin_bank_dir()]
    if _holds_files(paths.packs_dir):  # an empty packs/ (or one of empty folders) is not a problem
        roots.append(paths.packs_dir)
    roots.extend(Path(p).expanduser().resolve() for p in extra)
    return roots


def _holds_files(folder: Path) -> bool:
    """Whether `folder` holds any file other than hidden ones (.DS_Store), stopping at the first."""
    return any(not name.startswith(".") for _, _, files in os.walk(folder) for name in files)


def load_bank(
    paths: Paths | None = None, extra: Sequence[Path] = (), use_cache: bool = True
) -> Bank:
    paths = paths or Paths.default()
    roots = bank_roots(paths, extra)
    if not use_cache:
        from interview.bank.loader import load_roots

        return load_roots(roots)
    roots_id = hashlib.blake2b("\n".join(map(str, roots)).encode(), digest_size=8).hexdigest()
    cache_file = paths.cache_dir / f"bank-{roots_id}.marshal"
    scan = _Scan(_read_cache(cache_file, roots))
    try:
        bank = scan.load(roots)
    except Exception:  # records of the right header but a garbled shape: start again without them
        scan = _Scan({})
        bank = scan.load(roots)
    if scan.changed:
        _write_cache(cache_file, scan.state(roots))
        cache_file.with_suffix(".pickle").unlink(missing_ok=True)  # the whole-bank pickle of 0.x
    return bank


def _header(roots: Sequence[Path]) -> tuple[Any, ...]:
    """What every cached record depends on: the format, the app, the roots, the vocabulary."""
    try:
        vocabulary = os.stat(builtin_bank_dir() / VOCABULARY)
        vocabulary_stamp = (vocabulary.st_size, vocabulary.st_mtime_ns)
    except OSError:
        vocabulary_stamp = (-1, -1)
    return (_FORMAT, __version__, tuple(map(str, roots)), vocabulary_stamp)


def _read_cache(cache_file: Path, roots: Sequence[Path]) -> dict[str, Any]:
    """The cached records, or empty ones when the cache is missing, garbled or out of date."""
    try:
        state = marshal.loads(cache_file.read_bytes())
        if isinstance(state, dict) and state.get("header") == _header(roots):
            return state
    except Exception:  # garbled or truncated in any way: rebuilt from the files
        pass
    return {}


def _write_cache(cache_file: Path, state: dict[str, Any]) -> None:
    """Best effort: a read-only or full disk only costs the next start-up a reload."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_file, marshal.dumps(state), durable=False)
    except OSError:  # atomic_write leaves no temporary file behind: a leaked one would keep a full disk full
        pass


class _Scan:
    """One pass over the roots, reusing every cached record whose file or folder is unchanged."""

    def __init__(self, cached: dict[str, Any]) -> None:
        self.old_files: dict[str, _FileRecord] = cached.get("files", {})
        self.old_folders: dict[str, _FolderRecord] = cached.get("folders", {})
        self.old_manifests: dict[str, _ManifestRecord] = cached.get("manifests", {})
        self.files: dict[str, _FileRecord] = {}
        self.folders: dict[str, _FolderRecord] = {}
        self.manifests: dict[str, _ManifestRecord] = {}
        self.changed = not cached
        self.trusted_before = time.time_ns() - _RACY_NS

    def state(self, roots: Sequence[Path]) -> dict[str, Any]:
        return {"header": _header(roots), "files": self.files, "folders": self.folders,
                "manifests": self.manifests}

    def load(self, roots: Sequence[Path]) -> Bank:
        index: dict[str, QuestionEntry] = {}
        packs: dict[str, dict[str, Any]] = {}
        problems: list[LoadProblem] = []
        for root in roots:
            found = pack_dirs(root)
            if not found:
                problems.append(LoadProblem(str(root), 1, "pack.toml",
                                            "no pack here: a pack folder needs a pack.toml"))
            for pack in found:
                manifest = self._manifest(pack, problems)
                if manifest is None:
                    continue
                name, data = manifest
                if name in packs:
                    problems.append(LoadProblem(str(pack / MANIFEST), 1, "name",
                                                f"pack '{name}' is already loaded; rename one of them"))
                    continue
                packs[name] = data
                for path in self._question_files(str(pack)):
                    record = self._question(path, name)
                    if record is None:
                        continue
                    entry, file_problems = record[3], record[4]
                    problems.extend(LoadProblem(*problem) for problem in file_problems)
                    if entry is None:
                        continue
                    question = QuestionEntry(entry[0], entry[1], _CATEGORIES[entry[2]], entry[3],
                                             _DIFFICULTIES[entry[4]], *entry[5:])
                    if question.id in index:
                        problems.append(_duplicate(path, question.id, index[question.id].source))
                        continue
                    index[question.id] = question
        if self.old_files.keys() - self.files.keys() or self.old_manifests.keys() - self.manifests.keys():
            self.changed = True  # a file went away: keep the cache from growing with dead records
        problems.sort()
        return Bank(index=index, packs=packs, problems=problems)

    # ------------------------------------------------------------ finding the files

    def _question_files(self, pack: str) -> list[str]:
        """The pack's question files in the order a cold load reads them (sorted by path parts)."""
        out: list[str] = []
        for name, is_folder in self._listing(pack):
            path = os.path.join(pack, name)
            if is_folder:
                out.extend(self._question_files(path))
            elif name.endswith(".toml") and name not in (MANIFEST, VOCABULARY):
                out.append(path)
        return out

    def _listing(self, folder: str) -> tuple[tuple[str, bool], ...]:
        try:
            mtime = os.stat(folder).st_mtime_ns
        except OSError:
            return ()
        cached = self.old_folders.get(folder)
        if cached is not None and cached[0] == mtime:
            children = cached[1]
        else:
            self.changed = True
            children = tuple(sorted((entry.name, _walkable(entry)) for entry in _scandir(folder)))
        self.folders[folder] = (mtime if mtime < self.trusted_before else -1, children)
        return children

    # ------------------------------------------------------------ reading them

    def _question(self, path: str, pack: str) -> _FileRecord | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        cached = self.old_files.get(path)
        if cached is not None and cached[:3] == (info.st_size, info.st_mtime_ns, pack):
            record = cached
        else:
            self.changed = True
            record = _validate_question(path, pack, info)
        if record[1] >= self.trusted_before:
            record = (record[0], -1, *record[2:])
        self.files[path] = record
        return record

    def _manifest(self, pack: Path, problems: list[LoadProblem]) -> tuple[str, dict[str, Any]] | None:
        path = str(pack / MANIFEST)
        try:
            info = os.stat(path)
        except OSError:
            info = None
        cached = self.old_manifests.get(path)
        if info is not None and cached is not None and cached[:2] == (info.st_size, info.st_mtime_ns):
            record = cached
        else:
            self.changed = True
            record = _validate_manifest(pack, info)
        if record[1] >= self.trusted_before:
            record = (record[0], -1, *record[2:])
        self.manifests[path] = record
        problems.extend(LoadProblem(*problem) for problem in record[3])
        return record[2]


def _scandir(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def _walkable(entry: os.DirEntry[str]) -> bool:
    """A real sub-folder (symlinked folders are not followed inside a pack, as `rglob` does not)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _validate_question(path: str, pack: str, info: os.stat_result) -> _FileRecord:
    from interview.bank.loader import load_question_file
    from interview.bank.vocabulary import builtin_vocabulary

    problems: list[LoadProblem] = []
    question = load_question_file(Path(path), builtin_vocabulary(), problems, pack=pack)
    entry = None
    if question is not None:  # plain str for the enums: marshal writes only built-in types
        entry = tuple(str(value) if isinstance(value, Category | Difficulty) else value
                      for value in QuestionEntry.of(question))
    return (info.st_size, info.st_mtime_ns, pack, entry, _plain(problems))


def _validate_manifest(pack: Path, info: os.stat_result | None) -> _ManifestRecord:
    from interview.bank.loader import load_manifest

    problems: list[LoadProblem] = []
    manifest = load_manifest(pack, problems)
    data = (manifest.name, manifest.model_dump(mode="json")) if manifest is not None else None
    size, mtime = (info.st_size, info.st_mtime_ns) if info is not None else (-1, -1)
    return (size, mtime, data, _plain(problems))


def _plain(problems: list[LoadProblem]) -> tuple[tuple[Any, ...], ...]:
    return tuple((p.path, p.line, p.field, p.message) for p in problems)


def _duplicate(path: str, question_id: str, origin: str) -> LoadProblem:
    from interview.bank.loader import duplicate_id

    return duplicate_id(Path(path), question_id, origin)
