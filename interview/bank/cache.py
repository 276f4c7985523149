"""`load_bank`: the whole bank (built-in, user packs, extra paths), cached on disk.

Validating a few hundred TOML files costs more than reading them back from a
pickle, so the validated bank is cached under the user's cache folder, keyed on
the path, size and modification time of every source file and on the app
version: touching any file invalidates it.  The cache is the app's own file; a
pack's content is only ever parsed as TOML.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from interview import __version__
from interview.atomic import atomic_write
from interview.bank.loader import VOCABULARY, Bank, load_roots, source_files
from interview.paths import Paths, builtin_bank_dir

_FORMAT = 2  # bump whenever the models change shape: a cached bank is pickled models


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


def _fingerprint(roots: Sequence[Path]) -> str:
    digest = hashlib.blake2b(f"{_FORMAT}:{__version__}".encode(), digest_size=16)
    files = [builtin_bank_dir() / VOCABULARY, *source_files(roots)]
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def load_bank(
    paths: Paths | None = None, extra: Sequence[Path] = (), use_cache: bool = True
) -> Bank:
    paths = paths or Paths.default()
    roots = bank_roots(paths, extra)
    if not use_cache:
        return load_roots(roots)
    key = _fingerprint(roots)
    roots_id = hashlib.blake2b("\n".join(map(str, roots)).encode(), digest_size=8).hexdigest()
    cache_file = paths.cache_dir / f"bank-{roots_id}.pickle"
    try:
        with cache_file.open("rb") as handle:
            cached_key, bank = pickle.load(handle)
        if cached_key == key and isinstance(bank, Bank):
            return bank
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError):
        pass
    bank = load_roots(roots)
    _write_cache(cache_file, key, bank)
    return bank


def _write_cache(cache_file: Path, key: str, bank: Bank) -> None:
    """Best effort: a read-only or full disk only costs the next start-up a reload."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache_file, pickle.dumps((key, bank), protocol=pickle.HIGHEST_PROTOCOL), durable=False)
    except OSError:  # atomic_write leaves no temporary file behind: a leaked one would keep a full disk full
        pass
