"""Soak: 200 Pilot sessions of random typing, ctrl+q at random points, submits and ratings.

Every iteration starts the app afresh; after each one every character that was in
the editor must be in the store (the draft, or the submitted attempt).  Prints
the counts and the time; exits non-zero on the first lost character or failed start.

Run: nice .venv/bin/python benchmarks/soak_tui.py [ITERATIONS] [SEED]
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the soak routine is shared with the short test in tests/


def main() -> int:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 13
    with tempfile.TemporaryDirectory() as home:
        os.environ["INTERVIEW_HOME"] = home
        from interview.paths import Paths
        from tests.tui_soak import soak

        started = time.perf_counter()
        report = asyncio.run(soak(Paths(Path(home)).ensure(), iterations, seed))
        elapsed = time.perf_counter() - started
    print(f"soak: {report.iterations} sessions, every one started; {report.characters} keystrokes; "
          f"{report.quits} ctrl+q mid-answer, {report.kept} kept drafts, {report.submitted} submitted "
          f"and rated; nothing lost ({len(report.drafts)} drafts, {len(report.answers)} answers checked "
          f"after every session) in {elapsed:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
