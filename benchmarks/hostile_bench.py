"""Hostile-input corpus: each item in its own process, with its time, exit, notice and peak RSS.

Goal per item: exit as expected with one line, within its deadline, peak RSS <= 200 MB.
The items are tests/hostile_items.py (files in tests/data/hostile/, bombs generated here).

Run: nice .venv/bin/python benchmarks/hostile_bench.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fake_llm import FakeServer  # noqa: E402
from tests.hostile_corpus import TricklingServer  # noqa: E402
from tests.hostile_items import ITEMS, apply_seams, judge  # noqa: E402

RSS_GOAL_MB = 200


def child(argv_json: str, seams_json: str) -> None:
    """Inside the measured process: apply the item's test seams, then run the command."""
    from interview.cli import main

    seams = json.loads(seams_json)
    apply_seams({k: frozenset(v) if isinstance(v, list) else v for k, v in seams.items()})
    sys.exit(main(json.loads(argv_json)))


def run_child(argv: list[str], seams: dict[str, object], env: dict[str, str], scratch: Path
              ) -> tuple[int, str, str, float, float]:
    """(exit code, stdout, stderr, seconds, peak RSS in MB) of one item in its own process."""
    out_path, err_path = scratch / "stdout", scratch / "stderr"
    start = time.monotonic()
    with out_path.open("w") as out, err_path.open("w") as err:
        process = subprocess.Popen([sys.executable, __file__, "--child", json.dumps(argv), json.dumps(seams)],
                                   env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    took = time.monotonic() - start
    return (process.returncode, out_path.read_text(errors="replace"), err_path.read_text(errors="replace"),
            took, usage.ru_maxrss / 1024)  # ru_maxrss is in kilobytes on Linux


def startup_s(scratch: Path) -> float:
    """What any item pays before its hostile part: a process, the bank, the Anthropic SDK's import."""
    answer = scratch / "answer.md"
    answer.write_text("Bias is systematic error; variance is sensitivity to the sample.")
    argv = ["grade", "--question", "ml.bias-variance-tradeoff", "--answer", str(answer)]
    env = {**os.environ, "INTERVIEW_HOME": str(scratch / "home"), "PYTHONPATH": str(REPO)}
    took = run_child(argv, {}, env, scratch)[3]
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", "import anthropic"], check=True)
    return took + time.monotonic() - start


def measure() -> int:
    failures = 0
    with FakeServer() as llm, TricklingServer() as trickle, tempfile.TemporaryDirectory() as tmp:
        allowance = startup_s(Path(tmp))
        print(f"start-up allowance added to each deadline (a process, the bank, the SDK import): "
              f"{allowance:.1f} s")
        print(f"{'item':42} {'exit':>4} {'time s':>7} {'peak RSS MB':>11}  verdict")
        urls = {"llm": llm.url, "trickle": trickle.url}
        for number, item in enumerate(ITEMS):
            scratch = Path(tmp) / f"item-{number}"
            scratch.mkdir()
            home = scratch / "home"
            setup = item.prepare(home, scratch, urls)
            llm.replies[:] = setup.replies
            seams = {k: sorted(v) if isinstance(v, frozenset) else v for k, v in setup.seams.items()}
            env = {**os.environ, **setup.env, "INTERVIEW_HOME": str(home), "PYTHONPATH": str(REPO)}
            code, out, err, took, peak_mb = run_child(setup.argv, seams, env, scratch)
            wrong = judge(item, code, out, err, took - allowance)
            if peak_mb > RSS_GOAL_MB:
                wrong.append(f"peak RSS {peak_mb:.0f} MB > {RSS_GOAL_MB} MB")
            failures += bool(wrong)
            verdict = "ok" if not wrong else "FAIL: " + "; ".join(wrong)
            print(f"{item.name[:42]:42} {code:>4} {took:7.1f} {peak_mb:11.0f}  {verdict}")
    print(f"{len(ITEMS)} items, {len(ITEMS) - failures} pass, {failures} fail (goal: one line, in time, "
          f"<= {RSS_GOAL_MB} MB)")
    return failures


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    sys.exit(1 if measure() else 0)
