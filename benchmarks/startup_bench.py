"""Start-up of the TUI: process start → home screen painted, against a bare Textual app.

Both apps run headless in fresh processes, interleaved, in the same run; each
child prints the wall-clock time at which its first frame was shown (Textual's
`Ready` event), and for the interview app also when the bank and the history
had been loaded in the background.  The figures are the best and the median of the runs (the best is the one
least disturbed by whatever else the machine is doing).
Goal: home painted ≤ 1.5× the bare Header + Footer app.  With `--extra COUNT` (that many
generated questions in the user's packs folder, bank_load's way) it measures the same with a
large bank: issue 16's goal is home content ≤ 1.5× the built-in bank's (run both, compare).

    .venv/bin/python benchmarks/startup_bench.py [--runs N] [--extra COUNT]
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

MINIMAL = """
import sys, time
from textual.app import App
from textual.widgets import Footer, Header

class Minimal(App):
    def compose(self):
        yield Header()
        yield Footer()

    def on_ready(self):
        print("painted", time.time())
        self.exit()

Minimal().run(headless=True, size=(80, 24))
"""

INTERVIEW = """
import sys, time
from pathlib import Path
from interview.cli import build_parser
from interview.app.context import Context
from interview.tui import app as tui_app

class Bench(tui_app.InterviewApp):
    CSS_PATH = str(Path(tui_app.__file__).with_name("app.tcss"))

    def on_ready(self):
        print("painted", time.time())

    def _data_loaded(self, *args):
        super()._data_loaded(*args)
        print("loaded", time.time())
        print("anthropic", "anthropic" in sys.modules)
        self.exit()

app = Bench(Context.from_args(build_parser().parse_args([])))
try:
    app.run(headless=True, size=(80, 24))
finally:
    app.close_store()
"""


def run(code: str, env: dict[str, str]) -> dict[str, float | str]:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"startup_bench: a child failed:\n{out.stderr[-2000:]}")
    marks: dict[str, float | str] = {}
    for line in out.stdout.splitlines():
        name, _, value = line.partition(" ")
        if name in ("painted", "loaded"):
            marks[name] = float(value) - start
        elif name == "anthropic":
            marks[name] = value
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--extra", type=int, default=0, metavar="COUNT",
                        help="put COUNT generated questions in the user's packs folder first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "INTERVIEW_HOME": home}
        if args.extra:
            sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
            from bank_load import generate

            generate(Path(home) / "packs", args.extra)
        run(INTERVIEW, env)  # warm the bank cache and the interpreter's file cache, as a second start does
        run(MINIMAL, env)
        minimal, painted, loaded = [], [], []
        anthropic = set()
        for _ in range(args.runs):
            minimal.append(float(run(MINIMAL, env)["painted"]))
            marks = run(INTERVIEW, env)
            painted.append(float(marks["painted"]))
            loaded.append(float(marks["loaded"]))
            anthropic.add(marks.get("anthropic"))
    print(f"runs: {args.runs} each, interleaved; best (least disturbed by other load) and median")
    for label, stat in (("best", min), ("median", statistics.median)):
        base, home_painted, home_loaded = stat(minimal), stat(painted), stat(loaded)
        print(f"[{label}] minimal Textual app (Header + Footer) painted: {base * 1000:7.1f} ms")
        print(f"[{label}] interview home screen painted:                {home_painted * 1000:7.1f} ms"
              f"   ratio {home_painted / base:.2f}x (goal <= 1.5x)")
        print(f"[{label}] interview bank and history loaded:            {home_loaded * 1000:7.1f} ms"
              f"   ratio {home_loaded / base:.2f}x")
    print(f"anthropic imported at start-up: {'yes' if 'True' in anthropic else 'no'}")


if __name__ == "__main__":
    main()
