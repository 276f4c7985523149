"""`interview grade`: score one answer, or a batch of them, from the command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview.app.context import Context
from interview.cli.output import console, print_json
from interview.errors import UserError

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion
    from interview.grading.models import GradeResult


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
    grade.add_argument("--self-assess", action="store_true",
                       help="mark which key points you covered; prints your score beside the offline one")
    grade.add_argument("--json", action="store_true", help="print the full result as JSON")
    grade.set_defaults(handler=cmd_grade)


MAX_BATCH_BYTES = 64 << 20  # a few hundred answers at the answer limit
MAX_ANSWER_BYTES = 200 * 1024  # ~30,000 words: far beyond any interview answer, small enough to grade at once


def _too_big(where: str) -> UserError:
    return UserError(f"{where}: the answer is larger than {MAX_ANSWER_BYTES // 1024} KB; shorten it (an "
                     "interview answer is a few pages at most)")


def _read_answer(path: Path) -> str:
    """The answer, reading at most one byte past the limit, so /dev/zero or an endless pipe stop at once."""
    if str(path) == "-":
        text = sys.stdin.read(MAX_ANSWER_BYTES + 1)
        if len(text.encode("utf-8", "surrogatepass")) > MAX_ANSWER_BYTES:
            raise _too_big("--answer -")
        return text
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_ANSWER_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"--answer {path}: no such file") from None
    except OSError as exc:
        raise UserError(f"--answer {path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise _too_big(f"--answer {path}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"--answer {path}: cannot read ({exc})") from None


def grade(ctx: Context, question: AnyQuestion, answer: str) -> GradeResult:
    """The same `grade()` the app uses (through the application service), for one answer."""
    from interview.app.service import AppService

    return asyncio.run(AppService(ctx).grade(question, answer))


def cmd_grade(args: argparse.Namespace, ctx: Context) -> int:
    if args.batch:
        if args.question or args.answer:
            raise UserError("--batch grades a whole file; leave out --question and --answer")
        return _grade_batch(args, ctx)
    if not args.question or not args.answer:
        raise UserError("give --question ID and --answer FILE (or --batch FILE.jsonl)")
    question = ctx.bank.get(args.question)
    answer = _read_answer(args.answer)
    result = grade(ctx, question, answer)
    if args.llm:
        result = add_llm_feedback(ctx, question, answer, result)
    own = _self_assess(result, answer_from_stdin=str(args.answer) == "-") if args.self_assess else None
    if args.json:
        data = result.model_dump(mode="json")
        if own is not None:
            data["self_assessment"] = own.model_dump(mode="json")
        print_json(data)
    else:
        from interview.cli.render import render_result

        render_result(result, console())
        if own is not None:
            print(f"offline score {result.score:.0f} · your self-assessed score {own.score:.0f} "
                  "(kept side by side; your own marks count at half weight in your progress)")
    return 0


def _self_assess(result: Any, answer_from_stdin: bool) -> Any:
    """Ask which key points the user covered: numbers, or Enter to keep the scorer's marks."""
    import sys

    from interview.grading.rubric.self_assess import key_points, self_assess

    if answer_from_stdin:
        raise UserError("--self-assess asks questions on standard input; give the answer as a file")
    points = key_points(result)
    if not points:
        raise UserError(f"--self-assess: question '{result.question_id}' has no key points to mark")
    out = sys.stderr
    print("Key points ([x] = the scorer found it):", file=out)
    for number, (_, text, found) in enumerate(points, start=1):
        print(f"  {number:2}. [{'x' if found else ' '}] {text}", file=out)
    print("Numbers of the key points you covered, e.g. 1,3,4 (Enter keeps the scorer's marks): ",
          end="", file=out, flush=True)
    line = sys.stdin.readline().strip()
    chosen = {i for i, (_, _, found) in enumerate(points, start=1) if found}
    if line:
        try:
            chosen = {int(part) for part in line.replace(" ", ",").split(",") if part}
        except ValueError:
            raise UserError(f"--self-assess: '{line}' is not a list of key-point numbers") from None
        wrong = sorted(n for n in chosen if not 1 <= n <= len(points))
        if wrong:
            raise UserError(f"--self-assess: there is no key point {wrong[0]} (1-{len(points)})")
    covered: dict[str, list[str]] = {}
    for number in sorted(chosen):
        cid, text, _ = points[number - 1]
        covered.setdefault(cid, []).append(text)
    return self_assess(result, covered)


def _grade_batch(args: argparse.Namespace, ctx: Context) -> int:
    try:
        with args.batch.open("rb") as handle:
            raw = handle.read(MAX_BATCH_BYTES + 1)
        lines = raw.decode("utf-8").splitlines()
    except OSError as exc:
        raise UserError(f"--batch {args.batch}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise UserError(f"--batch {args.batch}: not UTF-8 text; save it as UTF-8") from None
    if len(raw) > MAX_BATCH_BYTES:
        raise UserError(f"--batch {args.batch}: larger than {MAX_BATCH_BYTES >> 20} MB; split it into "
                        "smaller files")
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
        if len(str(answer).encode("utf-8", "surrogatepass")) > MAX_ANSWER_BYTES:
            raise _too_big(f"{args.batch}:{number}")
        result = grade(ctx, ctx.bank.get(question_id), str(answer))
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


def add_llm_feedback(ctx: Context, question: AnyQuestion, answer: str, result: GradeResult) -> GradeResult:
    """The result with `llm` filled in, or unchanged with one notice line on stderr."""
    from interview.grading.llm import LLMUnavailable, request_feedback

    show = sys.stderr.isatty()

    def on_text(text: str) -> None:
        if show:
            sys.stderr.write(".")
            sys.stderr.flush()

    try:
        feedback = asyncio.run(request_feedback(question, answer, result, ctx.settings.llm, ctx.paths,
                                                on_text=on_text))
    except LLMUnavailable as exc:
        print(f"interview: no LLM feedback, the offline score stands: {exc}", file=sys.stderr)
        return result
    finally:
        if show:
            sys.stderr.write("\n")
    return result.model_copy(update={"llm": feedback})
