"""`interview grade`: score one answer, or a batch of them, from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from interview.cli.context import Context
from interview.cli.output import console, print_json
from interview.errors import UserError


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    grade = subparsers.add_parser(
        "grade", parents=[common],
        help="grade an answer (code is run against all tests; text is scored on the rubric)",
    )
    grade.add_argument("--question", metavar="ID", help="the question id")
    grade.add_argument("--answer", metavar="FILE", type=Path,
                       help="file holding the answer ('-' reads standard input)")
    grade.add_argument("--batch", metavar="FILE.jsonl", type=Path,
                       help='grade many answers: one {"question": ID, "answer": TEXT} per line')
    grade.add_argument("--llm", action="store_true",
                       help="also ask the configured LLM for feedback (see README)")
    grade.add_argument("--json", action="store_true", help="print the full result as JSON")
    grade.set_defaults(handler=cmd_grade)


def _read_answer(path: Path) -> str:
    if str(path) == "-":
        import sys

        return sys.stdin.read()
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        raise UserError(f"--answer {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"--answer {path}: cannot read ({exc})") from None


def cmd_grade(args: argparse.Namespace, ctx: Context) -> int:
    from interview.grading.service import grade_answer

    if args.batch:
        if args.question or args.answer:
            raise UserError("--batch grades a whole file; leave out --question and --answer")
        return _grade_batch(args, ctx)
    if not args.question or not args.answer:
        raise UserError("give --question ID and --answer FILE (or --batch FILE.jsonl)")
    question = ctx.bank.get(args.question)
    answer = _read_answer(args.answer)
    result = grade_answer(question, answer)
    if args.llm:
        from interview.grading.llm.cli import add_llm_feedback

        result = add_llm_feedback(ctx, question, answer, result)
    if args.json:
        print_json(result.model_dump(mode="json"))
    else:
        from interview.cli.render import render_result

        render_result(result, console())
    return 0


def _grade_batch(args: argparse.Namespace, ctx: Context) -> int:
    from interview.grading.service import grade_answer

    try:
        lines = args.batch.read_text("utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"--batch {args.batch}: cannot read ({exc})") from None
    results = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            question_id, answer = item["question"], item["answer"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise UserError(
                f'{args.batch}:{number}: expected {{"question": ID, "answer": TEXT}}'
            ) from None
        result = grade_answer(ctx.bank.get(question_id), str(answer))
        results.append(result)
    if args.json:
        print_json([r.model_dump(mode="json") for r in results])
    else:
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, header_style="bold")
        table.add_column("question")
        table.add_column("score", justify="right")
        table.add_column("summary")
        for r in results:
            table.add_row(Text(r.question_id), f"{r.score:.0f}", Text(r.summary))
        console().print(table)
        mean = sum(r.score for r in results) / len(results) if results else 0.0
        print(f"{len(results)} answer(s), mean score {mean:.1f}")
    return 0
