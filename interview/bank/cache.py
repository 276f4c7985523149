"""`load_bank`: the whole bank (built-in, user packs, extra paths) as a compact index, cached.

The cache holds, per question file, its size and modification time and either its index entry
(`QuestionEntry`, less the file and pack it is filed under) or the problems found in it, and any
warning `bank validate` prints for it; per folder, its modification time and listing; per pack,
its manifest.  A warm start reads that back and checks it against the disk:

- a folder whose modification time is unchanged is not listed again (its files cannot have
  been added, removed or renamed), so finding the files costs one `stat` per folder;
- each file is still `stat`ed (an editor that writes in place changes no folder, so folder
  times alone would keep an edited title stale), but only a changed file is read and
  validated again, with the same `path:line: field: problem` errors;
- a time stamp too recent to trust (within `_RACY_NS` of the check) is checked again next time.

Full questions are not cached: `Bank.get` validates one file when a question is opened.
The search texts (prompts and key points: two thirds of the bytes) follow the index in the
same file and are read only when Browse searches, so listing ten thousand questions reads
a third of it.  The cache is the app's own file, written with `marshal` (plain tuples, dicts
and strings: it reads back two to three times faster than a pickle); a pack's content is only
ever parsed as TOML.  A cache that cannot be read back (garbled, truncated, another version's)
is silently rebuilt.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import stat
import struct
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from interview import __version__
from interview.atomic import atomic_write
from interview.bank.enums import Category, Difficulty
from interview.bank.files import MANIFEST, VOCABULARY, pack_dirs
from interview.bank.index import Bank, LoadProblem, QuestionEntry, SearchText
from interview.paths import Paths, builtin_bank_dir

_FORMAT = 5  # bump whenever QuestionEntry or the layout below changes shape
_RACY_NS = 2_000_000_000  # a folder or file changed this recently may change again in the same tick
# The file: the index part's length (8 bytes, little-endian), the index part, the texts part.
_LENGTH = struct.Struct("<Q")

_Problems = tuple[tuple[Any, ...], ...]
_Text = tuple[str, str]  # a SearchText as marshal writes it
# One question file: (size, mtime_ns, pack name, entry as plain values or None, problems, warnings).
# The entry is (id, title, category, topics, difficulty, minutes, version): its file and pack are
# the record's own path and pack.
_FileRecord = tuple[int, int, str, tuple[Any, ...] | None, _Problems, _Problems]
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
    return load_cached(paths, roots)


def load_cached(paths: Paths, roots: Sequence[Path]) -> Bank:
    """The bank of exactly these roots, through their own cache file (`bank validate PATH` too)."""
    roots_id = hashlib.blake2b("\n".join(map(str, roots)).encode(), digest_size=8).hexdigest()
    cache_file = paths.cache_dir / f"bank-{roots_id}.marshal"
    cached = _read_index(cache_file, roots)
    scan = _Scan(cached)
    try:
        bank = scan.load(roots)
    except Exception:  # records of the right header but a garbled shape: start again without them
        scan = _Scan({})
        bank = scan.load(roots)
    token = cached.get("token")
    if scan.changed:
        old_texts = _read_texts(cache_file, token) if cached else {}
        token = time.time_ns()
        _write_cache(cache_file, scan.state(roots, token), scan.texts(old_texts))
        cache_file.with_suffix(".pickle").unlink(missing_ok=True)  # the whole-bank pickle of 0.x
    bank._read_texts = lambda: _read_texts(cache_file, token)
    return bank


def _header(roots: Sequence[Path]) -> tuple[Any, ...]:
    """What every cached record depends on: the format, the app, the roots, the vocabulary."""
    try:
        vocabulary = os.stat(builtin_bank_dir() / VOCABULARY)
        vocabulary_stamp = (vocabulary.st_size, vocabulary.st_mtime_ns)
    except OSError:
        vocabulary_stamp = (-1, -1)
    return (_FORMAT, __version__, tuple(map(str, roots)), vocabulary_stamp)


def _read_index(cache_file: Path, roots: Sequence[Path]) -> dict[str, Any]:
    """The cached records, or empty ones when the cache is missing, garbled or out of date."""
    try:
        with cache_file.open("rb") as handle:
            (length,) = _LENGTH.unpack(handle.read(_LENGTH.size))
            state = marshal.loads(handle.read(length))
        if isinstance(state, dict) and state.get("header") == _header(roots):
            return state
    except Exception:  # garbled or truncated in any way: rebuilt from the files
        pass
    return {}


def _read_texts(cache_file: Path, token: Any) -> dict[str, SearchText]:
    """The search texts by question file, if the cache is still the one written with `token`
    (else empty: `Bank.search_texts` then builds the questions it finds no text for)."""
    try:
        with cache_file.open("rb") as handle:
            (length,) = _LENGTH.unpack(handle.read(_LENGTH.size))
            handle.seek(length, os.SEEK_CUR)
            stored_token, texts = marshal.loads(handle.read())
        if stored_token == token and isinstance(texts, dict):
            return {path: SearchText(*text) for path, text in texts.items()}
    except Exception:  # garbled, truncated or gone: the texts are rebuilt from the files
        pass
    return {}


def _write_cache(cache_file: Path, state: dict[str, Any], texts: dict[str, _Text]) -> None:
    """Best effort: a read-only or full disk only costs the next start-up a reload."""
    index = marshal.dumps(state)
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_file, b"".join((_LENGTH.pack(len(index)), index,
                                           marshal.dumps((state["token"], texts)))), durable=False)
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
        self.new_texts: dict[str, _Text] = {}  # of the files validated in this pass
        self.changed = not cached
        self.trusted_before = time.time_ns() - _RACY_NS

    def state(self, roots: Sequence[Path], token: int) -> dict[str, Any]:
        return {"header": _header(roots), "token": token, "files": self.files, "folders": self.folders,
                "manifests": self.manifests}

    def texts(self, old: dict[str, SearchText]) -> dict[str, _Text]:
        """Every valid file's search text: this pass's, else the cache's.  One the cache lost
        (its texts part garbled) stays out: `Bank.search_texts` builds that question instead."""
        out: dict[str, _Text] = {}
        for path, record in self.files.items():
            text = self.new_texts.get(path) or old.get(path)
            if record[3] is not None and text is not None:
                out[path] = (text[0], text[1])
        return out

    def load(self, roots: Sequence[Path]) -> Bank:
        index: dict[str, QuestionEntry] = {}
        packs: dict[str, dict[str, Any]] = {}
        problems: list[LoadProblem] = []
        warnings: list[LoadProblem] = []
        categories, difficulties = _CATEGORIES, _DIFFICULTIES
        new_entry = QuestionEntry._make  # ten thousand of these: no keyword handling
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
                for path, record in self._questions(self._question_files(str(pack)), name):
                    entry = record[3]
                    if record[4]:
                        problems.extend(LoadProblem(*problem) for problem in record[4])
                    if entry is None:
                        continue
                    question_id = entry[0]
                    if question_id in index:
                        problems.append(_duplicate(path, question_id, index[question_id].source))
                        continue
                    if record[5]:
                        warnings.extend(LoadProblem(*warning) for warning in record[5])
                    index[question_id] = new_entry((question_id, entry[1], categories[entry[2]], entry[3],
                                                    difficulties[entry[4]], entry[5], path, name, entry[6]))
        if self.old_files.keys() - self.files.keys() or self.old_manifests.keys() - self.manifests.keys():
            self.changed = True  # a file went away: keep the cache from growing with dead records
        problems.sort()
        bank = Bank(index=index, packs=packs, problems=problems)
        bank.warnings = sorted(warnings)
        return bank

    # ------------------------------------------------------------ finding the files

    def _question_files(self, pack: str) -> list[str]:
        """The pack's question files in the order a cold load reads them (sorted by path parts)."""
        out: list[str] = []
        prefix = os.path.join(pack, "")
        for name, is_folder in self._listing(pack):
            path = prefix + name
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

    def _questions(self, paths: list[str], pack: str) -> list[tuple[str, _FileRecord]]:
        """Each file's record: the cached one while its size and time stamp are unchanged."""
        old, records, out = self.old_files, self.files, []
        for path in paths:
            try:
                info = os.stat(path)
            except OSError:
                continue
            cached = old.get(path)
            if (cached is None or cached[1] != info.st_mtime_ns or cached[0] != info.st_size
                    or cached[2] != pack):  # a cached time stamp is never a racy one (those are -1)
                if not stat.S_ISREG(info.st_mode):
                    continue
                cached = self._validated(path, pack, info)
            records[path] = cached
            out.append((path, cached))
        return out

    def _validated(self, path: str, pack: str, info: os.stat_result) -> _FileRecord:
        self.changed = True
        record, text = _validate_question(path, pack, info)
        if text is not None:
            self.new_texts[path] = text
        if record[1] >= self.trusted_before:
            record = (record[0], -1, *record[2:])
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


def _validate_question(path: str, pack: str, info: os.stat_result) -> tuple[_FileRecord, _Text | None]:
    """The file's record, and its search text when it is valid."""
    from interview.bank.loader import load_question_file, question_warning
    from interview.bank.vocabulary import builtin_vocabulary

    problems: list[LoadProblem] = []
    question = load_question_file(Path(path), builtin_vocabulary(), problems, pack=pack)
    if question is None:
        return (info.st_size, info.st_mtime_ns, pack, None, _plain(problems), ()), None
    entry = QuestionEntry.of(question)
    # Plain str for the enums (marshal writes only built-in types); the words many questions share
    # interned, so marshal writes each once and reads back one object, not ten thousand.
    plain = (entry.id, entry.title, sys.intern(str(entry.category)), tuple(map(sys.intern, entry.topics)),
             sys.intern(str(entry.difficulty)), entry.minutes, entry.version)
    warning = question_warning(question)
    record = (info.st_size, info.st_mtime_ns, sys.intern(pack), plain, _plain(problems),
              _plain([warning] if warning else []))
    return record, tuple(SearchText.of(question))  # type: ignore[return-value]


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
