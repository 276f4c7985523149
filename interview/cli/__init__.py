"""The `interview` command line.

Every sub-command lives in its own module and registers itself here.  The
non-TUI paths must start fast, so nothing here imports Textual, the graders or
the LLM SDKs at module level: each command imports what it needs when it runs.
Exit codes: 0 success, 1 a user error (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from interview import __version__
from interview.app.context import Context
from interview.errors import UsageError, UserError

# Each module defines `register(subparsers, common)`; the order is the order of --help.
COMMAND_MODULES = (
    "interview.cli.bank",
    "interview.cli.grade",
    "interview.cli.progress",
    "interview.cli.mock",
    "interview.cli.doctor",
)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--bank",
        action="append",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="also load the question pack(s) at PATH (repeatable)",
    )
    parser = argparse.ArgumentParser(
        prog="interview",
        description="Practise AI/ML engineering interviews: coding, ML theory, "
        "AI system design and behavioural rounds. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"interview {__version__}")
    parser.add_argument("--bank", action="append", metavar="PATH", default=[],
                        help="also load the question pack(s) at PATH (repeatable)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        import_module(name).register(subparsers, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace, Context], int] | None = getattr(args, "handler", None)
    try:
        context = Context.from_args(args)
        if handler is None:
            return _run_app(context)
        return handler(args, context)
    except UsageError as exc:
        command = " ".join(filter(None, (args.command, getattr(args, "bank_command", None))))
        print(f"interview {command}: error: {exc} (see `interview {command} --help`)", file=sys.stderr)
        return 2
    except UserError as exc:
        print(f"interview: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interview: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def run() -> None:
    """The `interview` program: `main`, then an exit that skips the collector's last passes.

    At exit the interpreter garbage-collects over every object still alive (the pydantic
    models and validators, the bank index): 10-30 ms of a short command's run, for memory the
    process hands back anyway.  Frozen, those objects are left out of that walk; exit handlers,
    flushing and closing still happen as usual.
    """
    code = main()
    gc.freeze()
    raise SystemExit(code)


def _run_app(context: Context) -> int:
    from interview.tui import run_app

    return run_app(context)
