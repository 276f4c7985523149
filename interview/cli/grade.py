"""`interview grade`: score one answer, or a batch of them, from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview.app.context import Context
from interview.cli.output import Column, print_json, print_table
from interview.errors import UsageError, UserError
from interview.words import plural

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
                       help='grade many answers: one {"question": ID, "answer": TEXT} per line; a bad '
                       "line is reported by its number and the rest are still graded")
    grade.add_argument("--llm", action="store_true",
                       help="also ask the configured LLM for feedback (see README)")
    grade.add_argument("--self-assess", action="store_true",
                       help="mark which key points you covered; prints your score beside the offline one")
    grade.add_argument("--json", action="store_true",
                       help="print the full result as JSON (with --batch: results and failures by line)")
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
    """The same grading the app uses (through the application service), for one answer."""
    from interview.app.service import AppService
    from interview.grading.rubric.lexicon import use_cache_dir

    use_cache_dir(ctx.paths.cache_dir)  # the compiled lexicon is kept beside the bank cache
    return AppService(ctx).grade_now(question, answer)  # opens no store: no thread is started


def cmd_grade(args: argparse.Namespace, ctx: Context) -> int:
    if args.batch:
        if args.question or args.answer or args.llm or args.self_assess:
            raise UsageError("--batch grades a whole file; leave out --question, --answer, --llm and "
                             "--self-assess")
        return _grade_batch(args, ctx)
    if not args.question or not args.answer:
        raise UsageError("give --question ID and --answer FILE (or --batch FILE.jsonl)")
    if args.self_assess and str(args.answer) == "-":
        raise UsageError("--self-assess asks questions on standard input; give the answer as a file")
    question = ctx.bank.get(args.question)
    answer = _read_answer(args.answer)
    result = grade(ctx, question, answer)
    if args.llm:
        result = add_llm_feedback(ctx, question, answer, result)
    own = _self_assess(result) if args.self_assess else None
    if args.json:
        data = result.model_dump(mode="json")
        if own is not None:
            data["self_assessment"] = own.model_dump(mode="json")
        print_json(data)
    else:
        from interview.cli.render import render_result

        render_result(result)
        if own is not None:
            print(f"offline score {result.score:.0f} · your self-assessed score {own.score:.0f} "
                  "(kept side by side; your own marks count at half weight in your progress)")
    return 0


def _self_assess(result: Any) -> Any:
    """Ask which key points the user covered: numbers, or Enter to keep the scorer's marks."""
    from interview.grading.rubric.self_assess import key_points, self_assess

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
    """Grade every line it can; each bad line is one error naming its number, and the exit code is 1."""
    lines = _batch_lines(args.batch)
    if not any(line.strip() for line in lines):
        raise UserError(f"--batch {args.batch}: no answers in it; {BATCH_SHAPE} on each line")
    graded: list[tuple[int, GradeResult]] = []
    failed: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            question_id, answer = _batch_item(line)
            graded.append((number, grade(ctx, _batch_question(ctx, question_id), answer)))
        except UserError as exc:
            failed.append({"line": number, "error": str(exc)})
            print(f"interview: error: {args.batch}: line {number}: {exc}", file=sys.stderr)
    mean = sum(r.score for _, r in graded) / len(graded) if graded else None
    if args.json:
        print_json({"graded": len(graded), "failed": len(failed),
                    "mean_score": None if mean is None else round(mean, 1),
                    "results": [{"line": n, **r.model_dump(mode="json")} for n, r in graded],
                    "failures": failed})
    else:
        footer = (f"{plural(len(graded), 'answer')} graded" + (f", mean score {mean:.1f}" if graded else "")
                  + (f"; {plural(len(failed), 'line')} not graded (see above)" if failed else ""))
        print_table([Column("line", right=True), Column("question"), Column("score", right=True),
                     Column("summary", grow=True)],
                    [[str(n), r.question_id, f"{r.score:.0f}", r.summary] for n, r in graded], footer=footer)
    return 1 if failed else 0


def _batch_lines(path: Path) -> list[str]:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BATCH_BYTES + 1)
    except OSError as exc:
        raise UserError(f"--batch {path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BATCH_BYTES:
        raise UserError(f"--batch {path}: larger than {MAX_BATCH_BYTES >> 20} MB; split it into "
                        "smaller files")
    try:
        return raw.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise UserError(f"--batch {path}: not UTF-8 text; save it as UTF-8") from None


BATCH_SHAPE = 'expected {"question": ID, "answer": TEXT}'


def _batch_item(line: str) -> tuple[str, str]:
    """The question id and answer of one batch line, or a UserError saying what is wrong with it."""
    try:
        item = json.loads(line)
    except RecursionError:
        raise UserError(f"nests too deeply; {BATCH_SHAPE}") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"not JSON ({exc.msg} at column {exc.colno}); {BATCH_SHAPE}") from None
    if not isinstance(item, dict):
        raise UserError(f"a JSON {type(item).__name__}, not an object; {BATCH_SHAPE}")
    missing = [key for key in ("question", "answer") if key not in item]
    if missing:
        raise UserError(f"no \"{missing[0]}\" field; {BATCH_SHAPE}")
    question_id, answer = item["question"], item["answer"]
    if not isinstance(question_id, str) or not question_id.strip():
        raise UserError(f'"question" is {json.dumps(question_id)[:40]}; give a question id, e.g. '
                        '"coding.two-sum"')
    if not isinstance(answer, str):
        raise UserError(f'"answer" is {json.dumps(answer)[:40]}; give the answer as text')
    if len(answer.encode("utf-8", "surrogatepass")) > MAX_ANSWER_BYTES:
        raise UserError(f"the answer is larger than {MAX_ANSWER_BYTES // 1024} KB; shorten it")
    return question_id, answer


def _batch_question(ctx: Context, question_id: str) -> AnyQuestion:
    """The question, with a batch-style message: "unknown question id 'x'" (and the closest id)."""
    try:
        return ctx.bank.get(question_id)
    except UserError as exc:
        hint = str(exc).split("; ", 1)[-1]
        raise UserError(f"unknown question id '{question_id}'; {hint}") from None


def add_llm_feedback(ctx: Context, question: AnyQuestion, answer: str, result: GradeResult) -> GradeResult:
    """The result with `llm` filled in, or unchanged with one notice line on stderr."""
    import asyncio

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
