"""`interview summary`, `interview history` and `interview export`: progress from the terminal.

These read the history without Textual.  They take the store's lock when it is
free (so they can repair files and refresh the card cache) and fall back to a
read-only view while the app is running.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview.bank.enums import Category
from interview.cli.context import Context
from interview.cli.output import console, print_json
from interview.errors import UserError

if TYPE_CHECKING:
    from interview.progress.store import Store
    from interview.progress.summary import Summary

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


def open_store(ctx: Context, *, write: bool = False) -> Store:
    """The writer when the lock is free, else (for reading) the read-only view."""
    from interview.progress.storage import StoreLockedError
    from interview.progress.store import Store

    try:
        store = Store.open(ctx.paths)
    except StoreLockedError:
        if write:
            raise
        store = Store.open(ctx.paths, read_only=True)
    for notice in store.notices:
        print(f"interview: note: {notice}", file=sys.stderr)
    store.on_notice = lambda notice: print(f"interview: note: {notice}", file=sys.stderr)
    return store


def _summary(ctx: Context, store: Store, category: str | None) -> Summary:
    from interview.progress.summary import build_summary

    return build_summary(ctx.bank, store, datetime.now().astimezone(), category,
                         target_date=ctx.settings.practice.target_interview_date)


def _report_data(ctx: Context, category: str | None) -> dict[str, Any]:
    from interview.mock.session import MockSessions
    from interview.progress.report import report_data

    with open_store(ctx) as store:
        summary = _summary(ctx, store, category)
        recent = store.attempts(category=category, limit=RECENT_ANSWERS)
        mocks = [card.digest() for card in MockSessions(store, ctx.bank).finished()[:RECENT_ANSWERS]]
    titles = {q.id: q.title for q in ctx.bank}
    return report_data(summary, recent, titles, mocks)


def cmd_summary(args: argparse.Namespace, ctx: Context) -> int:
    if args.json:
        with open_store(ctx) as store:
            print_json(_summary(ctx, store, args.category).model_dump(mode="json"))
        return 0
    if args.markdown:
        from interview.progress.report import summary_markdown

        sys.stdout.write(summary_markdown(_report_data(ctx, args.category)))
        return 0
    with open_store(ctx) as store:
        _print_summary(_summary(ctx, store, args.category))
    return 0


def _print_summary(summary: Summary) -> None:
    from rich.table import Table

    from interview.progress.report import plural, sparkline

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
    with open_store(ctx) as store:
        if args.mocks:
            return _print_mocks(store, args.limit)
        attempts = store.attempts(limit=args.limit)
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
    with open_store(ctx) as store:
        count = store.export_history(args.file)
    print(f"wrote {count} attempts, mocks and drafts to {args.file}")
    return 0


def cmd_history_import(args: argparse.Namespace, ctx: Context) -> int:
    with open_store(ctx, write=True) as store:
        report = store.import_history(args.file)
    print(f"imported {report.attempts_added} attempts ({report.attempts_skipped} already here), "
          f"{report.mocks_added} mock interviews and {report.drafts_added} drafts from {args.file}")
    return 0


MOCK_STATUS = {"not_started": "not started", "in_question": "unfinished", "between_rounds": "unfinished",
               "finished": "not graded", "abandoned": "abandoned"}


def _print_mocks(store: Store, limit: int) -> int:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    from interview.mock.session import all_mocks

    states = all_mocks(store)[:limit]
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
