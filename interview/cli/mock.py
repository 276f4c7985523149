"""`interview mock`: list templates, or open a timed mock interview in the app."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, Literal

from interview.app.context import Context
from interview.cli.output import Column, print_json, print_table
from interview.errors import UsageError

if TYPE_CHECKING:
    from interview.mock.listing import TemplateListing


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    mock = subparsers.add_parser(
        "mock", parents=[common], help="sit a timed mock interview (opens the app)",
        description="Start a timed mock interview from a template or from custom rounds. "
        "Strict mode (the default) has no hints and no pause; the verdict comes at the end.",
    )
    mock.add_argument("--list", action="store_true", help="list the mock templates")
    mock.add_argument("--template", metavar="NAME", help="start a mock from this template")
    mock.add_argument("--round", action="append", metavar="CATEGORY:N:MINUTES[:DIFFICULTY]",
                      help="a custom round (repeatable), e.g. --round coding:2:45 --round behavioural:3:20")
    mock.add_argument("--practice", action="store_true",
                      help="practice mode: pause allowed (marked as such in history)")
    mock.add_argument("--resume", nargs="?", const="latest", metavar="ID",
                      help="resume an interrupted mock (the latest one by default)")
    mock.add_argument("--json", action="store_true", help="with --list: print the templates as JSON")
    mock.set_defaults(handler=cmd_mock)


def cmd_mock(args: argparse.Namespace, ctx: Context) -> int:
    chosen = sum(bool(x) for x in (args.list, args.template, args.round, args.resume))
    if chosen != 1:
        raise UsageError("choose one of --list, --template NAME, --round ... or --resume [ID]")
    if args.json and not args.list:
        raise UsageError("--json goes with --list (a mock itself runs in the app)")
    if args.list:
        from interview.mock.listing import list_templates

        return _list(list_templates(ctx.paths), args.json)
    from interview.mock.templates import MockRequest, custom_template, get_template, parse_round

    mode: Literal["strict", "practice"] = "practice" if args.practice else "strict"
    if args.resume:
        request = MockRequest(resume_id=args.resume)
    elif args.template:
        request = MockRequest(template=get_template(ctx.paths, args.template), mode=mode)
    else:
        request = MockRequest(template=custom_template([parse_round(r) for r in args.round]), mode=mode)
    from interview.tui import run_app

    return run_app(ctx, mock=request)


def _list(templates: list[TemplateListing], as_json: bool) -> int:
    if as_json:
        print_json([t.data for t in templates])
        return 0
    rows = [[t.id, str(t.minutes), t.rounds_text] for t in templates]
    print_table([Column("template"), Column("min", right=True),
                 Column("rounds: questions × category (minutes)", grow=True)],
                rows, footer="start one with: interview mock --template NAME")
    return 0
