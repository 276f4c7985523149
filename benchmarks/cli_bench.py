"""Whole-process time of every non-TUI command, against `python -c "import pydantic, tinydb"`.

Each command runs as a fresh process (stdout piped, as in a script) in a throwaway data
folder with a warm bank cache, interleaved with the floor and a bare `python -I -c pass`,
all in the same run. Printed: the median and best of each, and the median as a multiple of
the floor's median, and each command's peak memory (the child's maximum resident set).
Goal (issue 16): every command ≤ 1.5× the floor; a coding answer adds only its sandbox run;
with `--extra 10000` (that many generated questions in the user's packs folder) every warm
command ≤ 1.3× the same command on the built-in bank and peak memory ≤ 120 MB.

    .venv/bin/python benchmarks/cli_bench.py [--runs N] [--extra COUNT] [--only WORD ...]
                                             [--against OTHER_CHECKOUT]

`--against` also runs every command from another checkout of the repository (e.g. the
commit before a change, from `git archive`), interleaved in the same run, and prints its
median beside this one's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TEXT_ANSWER = ("Bias is error from overly simple assumptions, variance is sensitivity to the training "
               "sample; more capacity trades one for the other, and regularisation moves along it.")
CODE_ANSWER = ("def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
               "        if target - x in seen:\n            return [seen[target - x], i]\n"
               "        seen[x] = i\n")


def commands(work: Path) -> dict[str, list[str]]:
    text, code = work / "answer.md", work / "two_sum.py"
    text.write_text(TEXT_ANSWER)
    code.write_text(CODE_ANSWER)
    interview = [sys.executable, "-m", "interview"]
    return {
        "floor: import pydantic, tinydb": [sys.executable, "-c", "import pydantic, tinydb"],
        "bare: python -I -c pass": [sys.executable, "-I", "-c", "pass"],
        "--version": [*interview, "--version"],
        "bank list": [*interview, "bank", "list"],
        "bank list --json": [*interview, "bank", "list", "--json"],
        "bank stats": [*interview, "bank", "stats"],
        "bank show": [*interview, "bank", "show", "ml.bias-variance-tradeoff"],
        "bank validate": [*interview, "bank", "validate"],
        "summary": [*interview, "summary"],
        "history": [*interview, "history"],
        "mock --list": [*interview, "mock", "--list"],
        "doctor": [*interview, "doctor"],
        "grade (text answer)": [*interview, "grade", "--question", "ml.bias-variance-tradeoff",
                                "--answer", str(text)],
        "grade (two-sum, runs code)": [*interview, "grade", "--question", "coding.two-sum",
                                       "--answer", str(code)],
    }


def timed(argv: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Seconds for one whole process (output discarded) and its peak resident memory in MB.

    `cwd` is outside any checkout: `python -m` puts the working folder first on sys.path, which
    would otherwise shadow the PYTHONPATH of `--against` and time this checkout twice.
    """
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(child.pid, 0)
    child.returncode = 0  # reaped here: keep Popen from waiting on it again
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def generate_pack(packs: Path, count: int) -> None:
    """`count` questions in one pack, made from a built-in question with new ids (bank_load's way)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bank_load import generate

    generate(packs, count)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--extra", type=int, default=0, metavar="COUNT",
                        help="put COUNT generated questions in the user's packs folder first")
    parser.add_argument("--only", nargs="+", metavar="WORD", default=[],
                        help="time only the commands whose name holds one of these words (and the floors)")
    parser.add_argument("--against", type=Path, metavar="CHECKOUT",
                        help="also time the commands from this other checkout, in the same run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cli-bench-") as tmp:
        work = Path(tmp)
        envs = {"this": {**os.environ, "INTERVIEW_HOME": str(work / "home")}}
        if args.against:
            envs["other"] = {**os.environ, "INTERVIEW_HOME": str(work / "other-home"),
                             "PYTHONPATH": str(args.against.resolve())}
        if args.extra:
            for home in ("home", "other-home"):
                generate_pack(work / home / "packs", args.extra)
        todo = {name: argv for name, argv in commands(work).items()
                if not args.only or name.startswith(("floor", "bare")) or any(w in name for w in args.only)}
        runs = [(name, side, argv) for name, argv in todo.items() for side in envs
                if side == "this" or argv[1:3] == ["-m", "interview"]]
        for _, side, argv in runs:  # warm: the bank cache, the byte-code, the page cache
            timed(argv, envs[side], work)
        times: dict[tuple[str, str], list[float]] = {(name, side): [] for name, side, _ in runs}
        peaks: dict[tuple[str, str], float] = dict.fromkeys(times, 0.0)
        for _ in range(args.runs):
            for name, side, argv in runs:  # interleaved, so load on the machine hits all alike
                seconds, peak = timed(argv, envs[side], work)
                times[name, side].append(seconds)
                peaks[name, side] = max(peaks[name, side], peak)
    floor = statistics.median(times["floor: import pydantic, tinydb", "this"])
    extra = f", {args.extra:,} extra questions" if args.extra else ""
    print(f"{args.runs} runs each, interleaved; whole-process wall time, stdout piped{extra}")
    print(f"{'command':32} {'median':>9} {'best':>9} {'× floor':>8} {'peak':>7}"
          + (f"  {'other median':>12} {'× floor':>8}" if args.against else ""))
    for name in todo:
        samples = times[name, "this"]
        median = statistics.median(samples)
        line = (f"{name:32} {median * 1000:7.0f}ms {min(samples) * 1000:7.0f}ms {median / floor:7.2f}× "
                f"{peaks[name, 'this']:4.0f} MB")
        if (name, "other") in times:
            other = statistics.median(times[name, "other"])
            line += f"  {other * 1000:10.0f}ms {other / floor:7.2f}×"
        print(line)


if __name__ == "__main__":
    main()
