"""`interview doctor`: check the data folder and, with --repair, heal it after a backup."""

from __future__ import annotations

import argparse
from typing import Any

from interview.cli.context import Context
from interview.words import plural


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    doctor = subparsers.add_parser(
        "doctor", help="check your data folder (history, settings, caches); --repair fixes it after a backup"
    )
    doctor.add_argument("--repair", action="store_true",
                        help="back up the history, then rebuild indexes, salvage files, clear caches")
    doctor.set_defaults(handler=cmd_doctor)


def cmd_doctor(args: argparse.Namespace, ctx: Context) -> int:
    from interview.progress.checkup import Checkup, check, repair

    report = check(ctx.paths)
    _print(ctx, report)
    if not args.repair:
        if report.findings:
            print("run `interview doctor --repair` to fix what can be (the history is backed up first)")
        return 1 if report.findings else 0
    if not report.findings:
        return 0
    backup, said = repair(ctx.paths)
    if backup is not None:
        print(f"backed up the history to {backup}")
    for line in said:
        print(f"repaired: {line}")
    after: Checkup = check(ctx.paths)
    for finding in after.findings:
        print(f"still wrong: {finding.path}: {finding.problem} — {finding.repair}")
    print(f"after repair: {plural(after.attempts, 'attempt')} in {plural(after.segments, 'segment')}, "
          f"{plural(len(after.findings), 'problem')} left")
    return 1 if after.findings else 0


def _print(ctx: Context, report: Any) -> None:
    print(f"data folder: {ctx.paths.home}")
    for note in report.notes:
        print(f"note: {note}")
    for finding in report.findings:
        print(f"problem: {finding.path}: {finding.problem} — repair: {finding.repair}")
    verdict = plural(len(report.findings), "problem") if report.findings else "no problems"
    print(f"history: {plural(report.attempts, 'attempt')} in {plural(report.segments, 'segment')}; {verdict}")
