"""Full fault injection: every file kind x every damage x every command, plus a real full and read-only disk.

For each case it prints whether every command exited 0 with at most one notice
line and still reported every attempt whose stored bytes were intact.  The
last lines give the totals and, where the machine allows mounting a tmpfs
(root in a container), a real disk-full and read-only run.

Run: nice .venv/bin/python benchmarks/fault_bench.py [--attempts 600]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.faults import COMMANDS, DAMAGES, build_base, check_case, file_kinds, run


def matrix(base: Path, scratch: Path) -> int:
    failures = 0
    kinds = list(file_kinds(base))
    print(f"{'file kind':28} " + " ".join(f"{d:>11}" for d in DAMAGES))
    for kind in kinds:
        cells = []
        for damage in DAMAGES:
            wrong = check_case(base, scratch / "home", kind, damage, list(COMMANDS))
            failures += len(wrong)
            cells.append("ok" if not wrong else f"{len(wrong)} FAIL")
            for line in wrong:
                print(f"    {line}")
        print(f"{kind:28} " + " ".join(f"{c:>11}" for c in cells))
    cases = len(kinds) * len(DAMAGES)
    print(f"{cases} cases x {len(COMMANDS)} commands = {cases * len(COMMANDS)} runs; {failures} failure(s)")
    return failures


def real_disks(base: Path, scratch: Path) -> None:
    """A 1 MB tmpfs that fills up, then the same folder remounted read-only."""
    mount = scratch / "tmpfs"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        print("real disk-full / read-only: skipped (cannot mount a tmpfs here)")
        return
    try:
        home = mount / "home"
        shutil.copytree(base / "history", home / "history")
        filler = mount / "filler"
        with filler.open("wb") as handle:  # fill the disk to the last block
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        other = scratch / "other.json"
        build_base(scratch / "other" / "home", attempts=50)  # new attempts, so the import must write
        run(scratch / "other" / "home", ["history", "export", str(other)])
        outcome = run(home, ["history", "import", str(other)])
        leaks = [p.name for p in mount.rglob("*.tmp")]
        print(f"disk full: history import exit {outcome.code}, stderr {outcome.err.strip()!r}, "
              f"tmp files left {len(leaks)}")
        outcome = run(home, COMMANDS["summary"])
        print(f"disk full: summary exit {outcome.code}, stderr lines {len(outcome.err.strip().splitlines())}")
        filler.unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        for name in ("summary", "history", "export"):
            outcome = run(home, COMMANDS[name])
            print(f"read-only: {name} exit {outcome.code}, stderr {outcome.err.strip()!r}")
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=600)
    parser.add_argument("--disks-only", action="store_true", help="only the real full / read-only disk run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        base = scratch / "base" / "home"
        start = time.perf_counter()
        build_base(base, attempts=args.attempts)
        print(f"base data folder: {args.attempts} attempts, built in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        failures = 0 if args.disks_only else matrix(base, scratch)
        print(f"matrix took {time.perf_counter() - start:.0f} s")
        real_disks(base, scratch)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
