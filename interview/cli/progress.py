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
from interview.cli.output import console, print_json
from interview.errors import UserError

if TYPE_CHECKING:
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
    """Run `operation` on the history through the application service (on its store thread).

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
        return service.with_store(operation)
    finally:
        service.close()


def _summary(ctx: Context, store: Store, category: str | None) -> Summary:
    from interview.progress.summary import build_summary

    return build_summary(ctx.bank, store, datetime.now().astimezone(), category,
                         target_date=ctx.settings.practice.target_interview_date)


def _report_data(ctx: Context, category: str | None) -> dict[str, Any]:
    from interview.mock.session import MockSessions
    from interview.progress.report import report_data

    def read(store: Store) -> tuple[Summary, list[Attempt], list[dict[str, object]]]:
        return (_summary(ctx, store, category), store.attempts(category=category, limit=RECENT_ANSWERS),
                [card.digest() for card in MockSessions(store, ctx.bank).finished()[:RECENT_ANSWERS]])

    summary, recent, mocks = in_history(ctx, read)
    titles = {q.id: q.title for q in ctx.bank}
    return report_data(summary, recent, titles, mocks)


def cmd_summary(args: argparse.Namespace, ctx: Context) -> int:
    if args.json:
        print_json(in_history(ctx, lambda store: _summary(ctx, store, args.category)).model_dump(mode="json"))
        return 0
    if args.markdown:
        from interview.progress.report import summary_markdown

        sys.stdout.write(summary_markdown(_report_data(ctx, args.category)))
        return 0
    _print_summary(in_history(ctx, lambda store: _summary(ctx, store, args.category)))
    return 0


def _print_summary(summary: Summary) -> None:
    from rich.table import Table

    from interview.progress.report import sparkline
    from interview.words import plural

    out = console()
    if not summary.total_attempts:
        out.print("No attempts yet. Practise a question (`interview`) and your summary appears here.")
    else:
        days = plural(len(summary.practice_days), "day")
        out.print(f"{plural(summary.total_attempts, 'attempt')} on {days} · "
                  f"streak {plural(summary.streak_days, 'day')} · recent {sparkline(summary.recent_scores)}")
        areas = Table(title="Weakest areas first", title_justify="left")
        for column in ("Area", "Kind", "Mastery", "Trend", "Attempts", "Last practised", "Status"):
            areas.add_column(column)
        for area in sorted(summary.topics + summary.dimensions, key=lambda a: a.mastery)[:12]:
            style = {"weak": "red", "fading": "yellow", "strong": "green"}.get(area.status, "")
            areas.add_row(area.label, area.kind, f"{area.mastery:.0%} ± {area.uncertainty:.0%}",
                          sparkline(area.trend), str(area.attempts),
                          area.last_practised.astimezone().strftime("%Y-%m-%d"),
                          f"[{style}]{area.status}[/]" if style else area.status)
        out.print(areas)
    table = Table(title="By category", title_justify="left")
    for column in ("Category", "Attempts", "Mastery", "Due", "Readiness"):
        table.add_column(column)
    for cat in summary.categories:
        ready = cat.readiness
        readiness = f"{ready.score:.0%} {ready.verdict}, {ready.days_left} d" if ready else "–"
        table.add_row(cat.label, str(cat.attempts), "–" if cat.mastery is None else f"{cat.mastery:.0%}",
                      str(cat.due), readiness)
    out.print(table)
    if summary.recommendations:
        out.print("[bold]Next up[/]")
        for rec in summary.recommendations:
            out.print(f"  {rec.question_id}  {rec.title} — {rec.reason}: {rec.detail}")


def cmd_history(args: argparse.Namespace, ctx: Context) -> int:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    if args.limit < 1:
        raise UserError(f"--limit {args.limit}: give a positive number")
    out = console()
    if args.mocks:
        from interview.mock.session import all_mocks

        return _print_mocks(in_history(ctx, all_mocks)[:args.limit])
    attempts = in_history(ctx, lambda store: store.attempts(limit=args.limit))
    if not attempts:
        out.print("No attempts yet.")
        return 0
    table = Table(box=SIMPLE_HEAD)
    for column in ("When", "Question", "Mode", "Score", "Hints", "Min", "Id"):
        table.add_column(column, no_wrap=column == "Question")
    for a in attempts:
        table.add_row(a.finished_at.astimezone().strftime("%Y-%m-%d %H:%M"), a.question_id, a.mode,
                      f"{a.score:.0f}", str(a.hints_used), f"{a.time_taken_s / 60:.0f}", a.id[:8])
    out.print(table)
    return 0


def cmd_history_export(args: argparse.Namespace, ctx: Context) -> int:
    count = in_history(ctx, lambda store: store.export_history(args.file))
    print(f"wrote {count} attempts, mocks and drafts to {args.file}")
    return 0


def cmd_history_import(args: argparse.Namespace, ctx: Context) -> int:
    report = in_history(ctx, lambda store: store.import_history(args.file), write=True)
    print(f"imported {report.attempts_added} attempts ({report.attempts_skipped} already here), "
          f"{report.mocks_added} mock interviews and {report.drafts_added} drafts from {args.file}")
    return 0


MOCK_STATUS = {"not_started": "not started", "in_question": "unfinished", "between_rounds": "unfinished",
               "finished": "not graded", "abandoned": "abandoned"}


def _print_mocks(states: list[MockState]) -> int:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    out = console()
    if not states:
        out.print("No mock interviews yet. Start one with `interview mock --template phone-screen`.")
        return 0
    table = Table(box=SIMPLE_HEAD)
    for column in ("When", "Template", "Mode", "Status", "Score", "Signal", "Id"):
        table.add_column(column, no_wrap=column == "Id", overflow="fold")
    for state in states:
        card = state.scorecard or {}
        status = "graded" if card else MOCK_STATUS[state.phase.value]
        table.add_row(state.created_at.astimezone().strftime("%Y-%m-%d"), state.template.name,
                      state.mode, status, f"{card['score']:.0f}" if card else "–", card.get("signal", "–"),
                      state.id[:8])
    out.print(table)
    return 0


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
