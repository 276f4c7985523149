"""Bank load time: cold (validate everything) and warm (cache), against plain tomllib.

Prints, for the built-in bank and for a generated 10,000-question bank, the time
to parse the files with bare `tomllib` and the time of a cold and a warm
`load_bank`, with their ratios to the bare parse, all measured in this one run.

    python benchmarks/bank_load.py
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

from interview.bank.cache import load_bank
from interview.bank.files import question_files
from interview.paths import Paths, builtin_bank_dir

TEMPLATE = (builtin_bank_dir() / "ml_theory/bias_variance/bias-variance-tradeoff.toml").read_text()


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) if runs < 5 else statistics.median(times)


def bare_parse(root: Path) -> None:
    for pack in sorted(p for p in root.iterdir() if p.is_dir()):
        for file in question_files(pack):
            with file.open("rb") as handle:
                tomllib.load(handle)


def generate(root: Path, count: int) -> None:
    pack = root / "generated"
    pack.mkdir(parents=True)
    (pack / "pack.toml").write_text('name = "generated"\n')
    for i in range(count):
        folder = pack / f"part{i // 500:03d}"
        folder.mkdir(exist_ok=True)
        text = TEMPLATE.replace('id = "ml.bias-variance-tradeoff"', f'id = "gen.q{i:05d}"')
        (folder / f"q{i:05d}.toml").write_text(text)


def measure(label: str, home: Path, extra: list[Path], parse_root: Path, runs: int) -> None:
    paths = Paths(home).ensure()
    bare = best_of(runs, lambda: bare_parse(parse_root))

    def cold() -> None:
        shutil.rmtree(paths.cache_dir, ignore_errors=True)
        load_bank(paths, extra)

    cold_time = best_of(runs, cold)
    load_bank(paths, extra)
    warm_time = best_of(max(runs, 5), lambda: load_bank(paths, extra))
    count = len(load_bank(paths, extra))
    print(f"{label}: {count} questions")
    print(f"  bare tomllib parse   {bare * 1000:9.1f} ms")
    print(f"  cold load (validate) {cold_time * 1000:9.1f} ms   ratio {cold_time / bare:5.2f}x")
    print(f"  warm load (cache)    {warm_time * 1000:9.1f} ms   ratio {warm_time / bare:5.2f}x")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["INTERVIEW_HOME"] = str(root / "home")
        measure("built-in bank", root / "home", [], builtin_bank_dir(), runs=5)
        generate(root / "big", 10_000)
        # The generated bank is loaded on top of the built-in one; parse both for a fair ratio.
        both = root / "both"
        both.mkdir()
        for pack in [*builtin_bank_dir().iterdir(), root / "big" / "generated"]:
            if pack.is_dir():
                (both / pack.name).symlink_to(pack)
        measure("built-in + generated 10,000", root / "home2", [root / "big"], both, runs=3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
