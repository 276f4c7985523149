"""`interview bank ...`: list, show, count, validate, check and import questions."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview.app.context import Context
from interview.bank.enums import Category, Difficulty
from interview.cli.output import console, print_json
from interview.errors import UserError

if TYPE_CHECKING:  # pydantic models stay out of the CLI's start-up
    from interview.bank.models import AnyQuestion

IMPORT_FORMATS = ("pack", "humaneval", "evalplus", "mbpp", "qa")


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    bank = subparsers.add_parser("bank", help="browse, check and extend the question bank")
    commands = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", parents=[common], help="list questions")
    _add_filters(listing)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", parents=[common], help="show one question")
    show.add_argument("id")
    show.add_argument("--answer", action="store_true", help="also show the model answer")
    show.add_argument("--json", action="store_true", help="print the question as JSON")
    show.set_defaults(handler=cmd_show)

    stats = commands.add_parser("stats", parents=[common],
                                help="count questions by category, topic, difficulty")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(handler=cmd_stats)

    validate = commands.add_parser(
        "validate", parents=[common], help="validate packs (default: the whole bank)"
    )
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    validate.set_defaults(handler=cmd_validate)

    check = commands.add_parser(
        "check", parents=[common],
        help="grade every reference solution and model answer (quality gate for packs)",
    )
    check.add_argument("--category", choices=[c.value for c in Category])
    check.add_argument("ids", nargs="*", metavar="ID", help="only these questions")
    check.set_defaults(handler=cmd_check)

    imp = commands.add_parser("import", parents=[common],
                              help="validate a pack (folder, archive or https URL) and add it")
    imp.add_argument("source", metavar="PATH_OR_URL")
    imp.add_argument("--format", choices=IMPORT_FORMATS, default="pack",
                     help="pack (default); humaneval (HumanEval.jsonl, its check() as a script test); "
                     "evalplus (HumanEvalPlus.jsonl[.gz]: base + plus inputs as hidden data tests, "
                     "expected values computed from the canonical solution in a sandboxed child, "
                     "takes a few minutes); mbpp (sanitized .json or full .jsonl with "
                     "text/test_setup_code); qa (JSONL/CSV question + reference answer)")
    imp.add_argument("--name", help="name of the new pack (default: from the file name)")
    imp.add_argument("--force", action="store_true", help="replace a pack of the same name")
    imp.set_defaults(handler=cmd_import)


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--category", choices=[c.value for c in Category])
    parser.add_argument("--topic", help="a topic id from the vocabulary")
    parser.add_argument("--difficulty", choices=[d.value for d in Difficulty])


def _summary_row(q: AnyQuestion) -> dict[str, Any]:
    return {
        "id": q.id,
        "title": q.title,
        "category": q.category,
        "difficulty": q.difficulty.value,
        "minutes": q.minutes,
        "topics": list(q.topics),
        "pack": q.pack,
    }


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    bank = ctx.bank
    if args.topic:
        from interview.bank.vocabulary import builtin_vocabulary

        try:
            builtin_vocabulary().check("topic", (args.topic,))
        except ValueError as exc:
            raise UserError(f"--topic: {exc}") from None
    questions = bank.filter(args.category, args.topic, args.difficulty)
    if args.json:
        print_json([_summary_row(q) for q in questions])
        return 0
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "category", "difficulty", "min", "title"):
        table.add_column(column, no_wrap=column != "title")
    for q in questions:
        table.add_row(q.id, q.category, q.difficulty.value, str(q.minutes), q.title)
    out = console()
    out.print(table)
    out.print(f"{len(questions)} question(s)")
    return 0


def cmd_show(args: argparse.Namespace, ctx: Context) -> int:
    from interview.bank.models import CodingQuestion

    q = ctx.bank.get(args.id)
    if args.json:
        data = q.model_dump(mode="json")
        if not args.answer:
            data.pop("model_answer", None)
            if isinstance(q, CodingQuestion):
                data["code"].pop("solution", None)
                data["code"]["tests"] = [t for t in data["code"]["tests"] if not t["hidden"]]
        print_json(data)
        return 0
    from rich.markdown import Markdown
    from rich.rule import Rule

    out = console()
    out.print(Rule(f"{q.title}  [dim]({q.id})[/dim]", align="left"))
    out.print(f"{q.category_label} · {q.difficulty.value} · {q.minutes} min · "
              f"topics: {', '.join(q.topics)}")
    out.print(Markdown(q.prompt))
    if isinstance(q, CodingQuestion):
        out.print(Markdown(f"```{q.code.language}\n{q.code.starter.rstrip()}\n```"))
        out.print(f"{len(q.code.visible_tests)} visible test(s), "
                  f"{len(q.code.hidden_tests)} hidden · limits {q.code.time_limit_s:g} s, "
                  f"{q.code.memory_limit_mb} MB"
                  + (f" · target {q.code.complexity}" if q.code.complexity else ""))
    out.print(f"{len(q.hints)} hint(s) available in practice mode.")
    facts = getattr(q, "facts", ())
    if facts:
        important = sum(f.important for f in facts)
        out.print(f"{len(facts)} fact(s) the interviewer reveals only when asked ({important} a strong "
                  "candidate asks for) — ask them in the clarify phase of the app.")
    if q.follow_ups and args.answer:  # what the interviewer may ask next, with what it probes
        out.print(Rule("Follow-ups", align="left"))
        for follow_up in q.follow_ups:
            probes = (f" [dim](probes {follow_up.probes}, when {follow_up.when})[/dim]"
                      if follow_up.probes else "")
            scored = "" if follow_up.scored else " [dim](not scored)[/dim]"
            out.print(f"- {follow_up.text}{probes}{scored}")
    if facts and args.answer:
        out.print(Rule("Facts", align="left"))
        for fact in facts:
            out.print(f"- {fact.id}{' (important)' if fact.important else ''}: {fact.answer}")
    if args.answer:
        out.print(Rule("Model answer", align="left"))
        answer = q.code.solution if isinstance(q, CodingQuestion) else q.model_answer
        body = f"```{q.code.language}\n{answer.rstrip()}\n```" if isinstance(q, CodingQuestion) else answer
        out.print(Markdown(body))
    return 0


def bank_stats(questions: list[AnyQuestion]) -> dict[str, Any]:
    return {
        "total": len(questions),
        "by_category": dict(Counter(q.category for q in questions)),
        "by_difficulty": dict(Counter(q.difficulty.value for q in questions)),
        "by_category_difficulty": {
            c.value: dict(Counter(q.difficulty.value for q in questions if q.category == c))
            for c in Category
        },
        "by_topic": dict(sorted(Counter(t for q in questions for t in q.topics).items())),
    }


def cmd_stats(args: argparse.Namespace, ctx: Context) -> int:
    stats = bank_stats(list(ctx.bank))
    if args.json:
        print_json(stats)
        return 0
    from rich.table import Table

    out = console()
    table = Table(title=f"{stats['total']} questions", box=None, header_style="bold")
    table.add_column("category")
    for d in Difficulty:
        table.add_column(d.value, justify="right")
    table.add_column("total", justify="right")
    for c in Category:
        row = stats["by_category_difficulty"][c.value]
        table.add_row(c.value, *(str(row.get(d.value, 0)) for d in Difficulty),
                      str(stats["by_category"].get(c.value, 0)))
    out.print(table)
    topics = Table(title="by topic", box=None, header_style="bold")
    topics.add_column("topic")
    topics.add_column("questions", justify="right")
    for topic, count in stats["by_topic"].items():
        topics.add_row(topic, str(count))
    out.print(topics)
    return 0


def cmd_validate(args: argparse.Namespace, ctx: Context) -> int:
    from interview.bank.cache import bank_roots
    from interview.bank.loader import load_roots

    for path in args.paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
    roots = [p.resolve() for p in args.paths] or bank_roots(ctx.paths, ctx.extra_banks)
    bank = load_roots(roots)
    for problem in bank.problems:
        print(problem)
    from interview.bank.warnings import follow_up_warnings

    warnings = follow_up_warnings(bank)
    for warning in warnings:
        print(f"warning: {warning}")
    status = f"{len(bank)} valid question(s) in {len(bank.packs)} pack(s)"
    if warnings:
        status += f", {len(warnings)} with unscored follow-ups"
    if bank.problems:
        print(f"{status}; {len(bank.problems)} problem(s)")
        return 1
    print(f"{status}; no problems")
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    from interview.grading.bank_check import check_bank

    questions = [ctx.bank.get(i) for i in args.ids] if args.ids else list(ctx.bank)
    if args.category:
        questions = [q for q in questions if q.category == args.category]
    failures = check_bank(ctx.bank, questions, progress=_progress_line)
    for failure in failures:
        print(failure)
    print(f"checked {len(questions)} question(s): "
          + (f"{len(failures)} failure(s)" if failures else "all pass"))
    return 1 if failures else 0


def _progress_line(done: int, total: int) -> None:
    import sys

    if sys.stderr.isatty():
        print(f"\rchecking {done}/{total}", end="" if done < total else "\n", file=sys.stderr)


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    from interview.bank.importing import import_source

    pack_name, count = import_source(ctx.paths, args.source, args.format, args.name, args.force,
                                     on_notice=lambda notice: print(f"interview: note: {notice}"))
    print(f"imported {count} question(s) as pack '{pack_name}' into {ctx.paths.packs_dir}")
    return 0
