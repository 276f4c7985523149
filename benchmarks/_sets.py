"""Load HumanEval and sanitized MBPP from ../shared/data as packs, through the real importer."""

from __future__ import annotations

import tempfile
from pathlib import Path

from interview.bank.importers.benchmarks import build_pack
from interview.bank.loader import load_roots
from interview.bank.models import CodingQuestion

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
SETS = {"humaneval": DATA / "humaneval" / "HumanEval.jsonl", "mbpp": DATA / "mbpp" / "sanitized-mbpp.json"}
ATTRIBUTION = ("HumanEval (OpenAI, MIT) and MBPP sanitized (Austin et al. 2021, Google Research, CC-BY-4.0), "
               "read from ../shared/data")


def available() -> bool:
    return all(path.is_file() for path in SETS.values())


def load_questions() -> list[CodingQuestion]:
    """All 591 problems as validated coding questions (HumanEval first)."""
    with tempfile.TemporaryDirectory() as tmp:
        packs = []
        for name, path in SETS.items():
            build_pack(path, Path(tmp) / name, name, name)
            packs.append(Path(tmp) / name)
        bank = load_roots(packs)
    if bank.problems:
        raise SystemExit(f"the converted packs do not load: {bank.problems[0]}")
    return [q for q in bank if isinstance(q, CodingQuestion)]
