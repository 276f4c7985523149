"""`interview summary`, `interview history` and `interview export`: progress from the terminal.

These read the history without Textual.  They take the store's lock when it is
free (so they can repair files and refresh the card cache) and fall back to a
read-only view while the app is running.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from interview.app.context import Context
from interview.bank.enums import Category
from interview.cli.output import Column, console, print_json, print_table, to_terminal
from interview.errors import UsageError, UserError
from interview.words import plural

if TYPE_CHECKING:
    from interview.app.service import AppService
    from interview.app.views import AttemptRow
    from interview.mock.engine import MockState
    from interview.paths import Paths
    from interview.progress.models import Attempt
    from interview.progress.store import Store
    from interview.progress.summary import Summary

T = TypeVar("T")

RECENT_ANSWERS = 10


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    categories = [c.value for c in Category]
    summary = subparsers.add_parser("summary", parents=[common],
                                    help="your weakest topics and dimensions, due reviews and what next")
    summary.add_argument("--category", choices=categories, help="only this category")
    style = summary.add_mutually_exclusive_group()
    style.add_argument("--json", action="store_true", help="print the summary as JSON")
    style.add_argument("--markdown", action="store_true", help="print the summary as Markdown")
    summary.set_defaults(handler=cmd_summary)

    history = subparsers.add_parser("history", parents=[common],
                                    help="list past attempts; export or import the whole history")
    history.add_argument("--limit", type=int, default=20, metavar="N", help="how many (default 20)")
    history.add_argument("--mocks", action="store_true", help="list mock interviews instead")
    history.add_argument("--json", action="store_true", help="print the list as JSON")
    history.set_defaults(handler=cmd_history)
    actions = history.add_subparsers(dest="history_action", metavar="ACTION")
    export = actions.add_parser("export", help="write your whole history to one JSON file (a backup)")
    export.add_argument("file", type=Path, metavar="FILE.json")
    export.set_defaults(handler=cmd_history_export)
    load = actions.add_parser("import", help="merge a history export into this one (no duplicates)")
    load.add_argument("file", type=Path, metavar="FILE.json")
    load.set_defaults(handler=cmd_history_import)

    report = subparsers.add_parser("export", parents=[common],
                                   help="write a progress report to share with a mentor")
    report.add_argument("--format", choices=("md", "html", "json"), default="md", help="default md")
    report.add_argument("--output", type=Path, metavar="FILE", help="write here instead of printing")
    report.add_argument("--category", choices=categories, help="only this category")
    report.set_defaults(handler=cmd_export)


def in_history(ctx: Context, operation: Callable[[Store], T], *, write: bool = False) -> T:
    """Run `operation` on the history through the application service (on its store thread)."""
    return in_service(ctx, lambda service: service.with_store(operation), write=write)


def in_service(ctx: Context, operation: Callable[[AppService], T], *, write: bool = False) -> T:
    """Run `operation` with the application service open on the history.

    The writer's lock is taken when it is free, else (for reading) the read-only view;
    every queued write is finished before the command returns.
    """
    from interview.app.service import AppService, Hooks
    from interview.progress.storage import StoreLockedError
    from interview.progress.store import Store

    def open_store(paths: Paths) -> Store:
        try:
            return Store.open(paths)
        except StoreLockedError:
            if write:
                raise
            return Store.open(paths, read_only=True)

    service = AppService(ctx, Hooks(open_store=open_store))
    try:
        report = service.open(ctx.bank)
        if report.error:
            raise UserError(report.error)
        for notice in report.notices:
            print(f"interview: note: {notice}", file=sys.stderr)

        def tell_later(store: Store) -> None:
            # Damage found after opening (an index rebuilt while reading) is told as it happens, once.
            store.on_notice = lambda notice: print(f"interview: note: {notice}", file=sys.stderr)

        service.with_store(tell_later)
        return operation(service)
    finally:
        service.close()


def _summary(ctx: Context, store: Store, category: str | None) -> Summary:
    from interview.progress.summary import build_summary

    return build_summary(ctx.bank, store, datetime.now().astimezone(), category,
                         target_date=ctx.target_date)


def _report_data(ctx: Context, category: str | None) -> dict[str, Any]:
    from interview.mock.session import MockSessions
    from interview.progress.report import report_data

    def read(store: Store) -> tuple[Summary, list[Attempt], list[dict[str, object]]]:
        return (_summary(ctx, store, category), store.attempts(category=category, limit=RECENT_ANSWERS),
                [card.digest() for card in MockSessions(store, ctx.bank).finished()[:RECENT_ANSWERS]])

    summary, recent, mocks = in_history(ctx, read)
    titles = {q.id: q.title for q in ctx.bank.index.values()}
    return report_data(summary, recent, titles, mocks)


def cmd_summary(args: argparse.Namespace, ctx: Context) -> int:
    if args.json:
        from interview.progress.summary import summary_json

        print_json(summary_json(in_history(ctx, lambda store: _summary(ctx, store, args.category))))
        return 0
    if args.markdown:
        from interview.progress.report import summary_markdown

        sys.stdout.write(summary_markdown(_report_data(ctx, args.category)))
        return 0
    _print_summary(in_history(ctx, lambda store: _summary(ctx, store, args.category)))
    return 0


def _print_summary(summary: Summary) -> None:
    from interview.progress.report import sparkline

    say, styled = _writer()
    if not summary.total_attempts:
        say("No attempts yet. Practise a question (`interview`) and your summary appears here.")
    else:
        days = plural(len(summary.practice_days), "day")
        say(f"{plural(summary.total_attempts, 'attempt')} on {days} · "
            f"streak {plural(summary.streak_days, 'day')} · recent {sparkline(summary.recent_scores)}")
        areas = sorted(summary.topics + summary.dimensions, key=lambda a: a.mastery)[:12]
        print_table(
            [Column("area", grow=True), Column("kind"), Column("mastery", right=True), Column("trend"),
             Column("attempts", right=True), Column("last practised"), Column("status")],
            [[area.label, area.kind, f"{area.mastery:.0%} ± {area.uncertainty:.0%}", sparkline(area.trend),
              str(area.attempts), area.last_practised.astimezone().strftime("%Y-%m-%d"),
              styled(area.status, STATUS_STYLE.get(area.status, ""))] for area in areas],
            title="Weakest areas first")
        print()
    rows = []
    for cat in summary.categories:
        ready = cat.readiness
        readiness = f"{ready.score:.0%} {ready.verdict}, {ready.days_left} d" if ready else "–"
        rows.append([cat.label, str(cat.attempts), "–" if cat.mastery is None else f"{cat.mastery:.0%}",
                     str(cat.due), readiness])
    print_table([Column("category", grow=True), Column("attempts", right=True), Column("mastery", right=True),
                 Column("due", right=True), Column("readiness")], rows, title="By category")
    if summary.recommendations:
        say(styled("Next up", "bold"))
        for rec in summary.recommendations:
            say(f"  {rec.question_id}  {rec.title} — {rec.reason}: {rec.detail}")


def _writer() -> tuple[Callable[[Any], None], Callable[[str, str], Any]]:
    """How the summary prints a line and styles a word: through rich for a person at a terminal;
    plain text in a pipe, which then needs no rich import (a sixth of the command's start-up)."""
    if not to_terminal():
        return print, lambda text, _style: text
    from rich.text import Text

    out = console()
    return lambda line: out.print(line, markup=False), Text


STATUS_STYLE = {"weak": "red", "fading": "yellow", "strong": "green"}
WHEN = "%Y-%m-%d %H:%M"  # local time, minutes: what a person reads and `sort` orders


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    if args.limit < 1:
        raise UsageError(f"--limit {args.limit}: give a positive number")
    if args.mocks:
        from interview.mock.session import all_mocks

        return _print_mocks(in_history(ctx, all_mocks)[:args.limit], args.json)
    def newest(service: AppService) -> tuple[list[AttemptRow], dict[str, str | None]]:
        """The rows shown (no answer body is read) and, for --json, the mock ids of mock attempts."""
        rows = service.attempt_rows(args.limit)
        mocks = [r.id for r in rows if r.mode == "mock"] if args.json else []
        return rows, service.mock_ids(mocks) if mocks else {}

    rows, mock_ids = in_service(ctx, newest)
    if args.json:
        print_json([_attempt_row(r, mock_ids.get(r.id)) for r in rows])
        return 0
    if not rows:
        print("No attempts yet.")
        return 0
    print_table([Column("when"), Column("question"), Column("mode"), Column("score", right=True),
                 Column("hints", right=True), Column("min", right=True), Column("id")],
                [[r.when.astimezone().strftime(WHEN), r.question_id, r.mode, f"{r.score:.0f}",
                  str(r.hints), f"{r.seconds / 60:.0f}", r.id] for r in rows])
    return 0


def _attempt_row(row: AttemptRow, mock_id: str | None) -> dict[str, Any]:
    return {"id": row.id, "finished_at": row.when.astimezone().isoformat(),
            "question_id": row.question_id, "category": row.category, "mode": row.mode,
            "score": round(row.score, 1), "hints_used": row.hints,
            "time_taken_s": round(row.seconds, 1), "mock_id": mock_id}


def cmd_history_export(args: argparse.Namespace, ctx: Context) -> int:
    count = in_history(ctx, lambda store: store.export_history(args.file))
    print(f"wrote {plural(count, 'attempt')}, with your mocks and drafts, to {args.file}")
    return 0


def cmd_history_import(args: argparse.Namespace, ctx: Context) -> int:
    report = in_history(ctx, lambda store: store.import_history(args.file), write=True)
    print(f"imported {plural(report.attempts_added, 'attempt')} ({report.attempts_skipped} already here), "
          f"{plural(report.mocks_added, 'mock interview')} and {plural(report.drafts_added, 'draft')} "
          f"from {args.file}")
    return 0


MOCK_STATUS = {"not_started": "not started", "in_question": "unfinished", "between_rounds": "unfinished",
               "finished": "not graded", "abandoned": "abandoned"}


def _print_mocks(states: list[MockState], as_json: bool) -> int:
    rows = [_mock_row(state) for state in states]
    if as_json:
        print_json(rows)
        return 0
    if not states:
        print("No mock interviews yet. Start one with `interview mock --template phone-screen`.")
        return 0
    print_table([Column("when"), Column("template"), Column("mode"), Column("status"),
                 Column("score", right=True), Column("signal"), Column("id")],
                [[r["created_at"][:16].replace("T", " "), r["template"], r["mode"], r["status"],
                  "–" if r["score"] is None else f"{r['score']:.0f}", r["signal"] or "–", r["id"]]
                 for r in rows],
                footer="resume an unfinished one with `interview mock --resume ID`")
    return 0


def _mock_row(state: MockState) -> dict[str, Any]:
    card = state.scorecard or {}
    return {"id": state.id, "created_at": state.created_at.astimezone().isoformat(),
            "template": state.template.name, "mode": state.mode,
            "status": "graded" if card else MOCK_STATUS[state.phase.value],
            "score": card.get("score"), "signal": card.get("signal")}


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    from interview.progress.report import render

    text = render(_report_data(ctx, args.category), args.format)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, "utf-8")
    except OSError as exc:
        raise UserError(f"--output {args.output}: cannot write ({exc.strerror})") from None
    print(f"wrote the {args.format} report to {args.output}")
    return 0
