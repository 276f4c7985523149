"""Where a bank's files are: pack folders and their question files (no pydantic here, so the
cached start-up can find them without importing the question models)."""

from __future__ import annotations

from pathlib import Path

MANIFEST = "pack.toml"
VOCABULARY = "vocabulary.toml"


def pack_dirs(root: Path) -> list[Path]:
    """The packs under `root`: itself if it has a manifest, else its sub-folders that do."""
    if (root / MANIFEST).is_file():
        return [root]
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and (p / MANIFEST).is_file())


def question_files(pack: Path) -> list[Path]:
    return sorted(
        p for p in pack.rglob("*.toml") if p.name not in (MANIFEST, VOCABULARY) and p.is_file()
    )
