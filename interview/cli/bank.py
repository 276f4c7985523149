"""`interview bank ...`: list, show, count, validate, check and import questions."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interview.app.context import Context
from interview.bank.enums import Category, Difficulty
from interview.cli.output import Column, console, print_json, print_table, to_terminal
from interview.errors import UsageError, UserError
from interview.words import plural

if TYPE_CHECKING:  # pydantic models stay out of the CLI's start-up
    from rich.text import Text

    from interview.bank.importers.qa import ImportedRow
    from interview.bank.index import QuestionEntry

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
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
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
    check.add_argument("--all", action="store_true",
                       help="with --bank PATH: check the whole bank, not only the pack(s) at PATH")
    check.set_defaults(handler=cmd_check)

    imp = commands.add_parser(
        "import", parents=[common], help="validate a pack (folder, archive or https URL) and add it",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=QA_COLUMNS)
    imp.add_argument("source", metavar="PATH_OR_URL")
    imp.add_argument("--format", choices=IMPORT_FORMATS, default="pack",
                     help="pack (default); humaneval (HumanEval.jsonl, its check() as a script test); "
                     "evalplus (HumanEvalPlus.jsonl[.gz]: base + plus inputs as hidden data tests, "
                     "expected values computed from the canonical solution in a sandboxed child, "
                     "takes a few minutes); mbpp (sanitized .json or full .jsonl with "
                     "text/test_setup_code); qa (a JSONL or CSV table of questions with "
                     "reference answers: columns below)")
    imp.add_argument("--name", help="name of the new pack (default: from the file name)")
    imp.add_argument("--force", action="store_true", help="replace a pack of the same name")
    imp.add_argument("--map", type=Path, metavar="FILE",
                     help="with --format qa: write which row became which question id to FILE "
                     "(tab-separated) instead of printing it")
    imp.add_argument("--json", action="store_true",
                     help="print the pack, the count and (with --format qa) each row's id as JSON")
    imp.set_defaults(handler=cmd_import)


QA_COLUMNS = """\
--format qa reads a CSV file (first row: column names) or a JSONL file (one object a line).
Column names are matched without regard to case; the alternatives are accepted too:
  question           the prompt (at least 10 characters); also: prompt
  reference answer   what a strong answer says; scored against it; also: reference_answer,
                     reference, model_answer, answer
  category           ml_theory, system_design or behavioural
  topics             one or more topic ids, separated by commas, semicolons or spaces
                     (JSONL: also a list); see `interview bank stats`
  difficulty         easy, medium or hard
Each question's id is <pack>.<first words of the prompt>; a prompt that repeats an earlier one
(or starts with the same words) gets -2, -3 ... and the row table says why. The import prints
which row (the line number; a CSV's header is row 1) became which id, or writes it with --map.
"""


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--category", choices=[c.value for c in Category])
    parser.add_argument("--topic", help="a topic id from the vocabulary")
    parser.add_argument("--difficulty", choices=[d.value for d in Difficulty])


def _summary_row(q: QuestionEntry) -> dict[str, Any]:
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
            raise UsageError(f"--topic: {exc}") from None
    questions = bank.filter(args.category, args.topic, args.difficulty)
    if args.json:
        print_json([_summary_row(q) for q in questions])
        return 0
    columns = [Column("id"), Column("category"), Column("difficulty"), Column("min", right=True),
               Column("title", grow=True)]
    rows: list[list[Any]] = [[q.id, q.category, q.difficulty.value, str(q.minutes), q.title]
                             for q in questions]
    if to_terminal() and _table_width(rows) > console().width:
        # Too narrow for one line a question: the title gets the whole width, the id its own line.
        columns = [Column("question", grow=True), Column("difficulty"), Column("min", right=True)]
        rows = [[_stacked(q.title, q.id), q.difficulty.value, str(q.minutes)] for q in questions]
    print_table(columns, rows, footer=plural(len(questions), "question"))
    return 0


def _table_width(rows: list[list[Any]]) -> int:
    """The width a one-line-per-row table needs: every column as wide as its longest cell, plus gaps."""
    if not rows:
        return 0
    return sum(max(len(row[i]) for row in rows) for i in range(len(rows[0]))) + 2 * (len(rows[0]) - 1)


def _stacked(title: str, question_id: str) -> Text:
    from rich.text import Text

    return Text.assemble((title, "bold"), "\n", (question_id, "cyan"))


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
    page = _Page()
    page.heading(q.title, f"({q.id})")
    page.line(f"{q.category_label} · {q.difficulty.value} · {q.minutes} min · topics: {', '.join(q.topics)}")
    page.markdown(q.prompt)
    if isinstance(q, CodingQuestion):
        page.markdown(f"```{q.code.language}\n{q.code.starter.rstrip()}\n```")
        page.line(f"{plural(len(q.code.visible_tests), 'visible test')}, "
                  f"{len(q.code.hidden_tests)} hidden · limits {q.code.time_limit_s:g} s, "
                  f"{q.code.memory_limit_mb} MB"
                  + (f" · target {q.code.complexity}" if q.code.complexity else ""))
    page.line(f"{plural(len(q.hints), 'hint')} available in practice mode.")
    facts = getattr(q, "facts", ())
    if facts:
        important = sum(f.important for f in facts)
        page.line(f"{plural(len(facts), 'fact')} the interviewer reveals only when asked "
                  f"({important} a strong candidate asks for) — ask them in the clarify phase of the app.")
    if q.follow_ups and args.answer:  # what the interviewer may ask next, with what it probes
        page.heading("Follow-ups", level=2)
        for follow_up in q.follow_ups:
            probes = f"(probes {follow_up.probes}, when {follow_up.when})" if follow_up.probes else ""
            scored = "" if follow_up.scored else "(not scored)"
            page.line(f"- {follow_up.text}", " ".join(filter(None, (probes, scored))))
    if facts and args.answer:
        page.heading("Facts", level=2)
        for fact in facts:
            page.line(f"- {fact.id}{' (important)' if fact.important else ''}: {fact.answer}")
    if args.answer:
        page.heading("Model answer", level=2)
        answer = q.code.solution if isinstance(q, CodingQuestion) else q.model_answer
        body = f"```{q.code.language}\n{answer.rstrip()}\n```" if isinstance(q, CodingQuestion) else answer
        page.markdown(body)
    return 0


class _Page:
    """`bank show`'s page: drawn with rich for a person at a terminal; in a pipe, plain Markdown
    (the prompt and answers as written, `#` headings), with no rich import and no escape codes.
    The question's own text is never read as rich markup: `[dim]` in a prompt is shown."""

    def __init__(self) -> None:
        self.out = console() if to_terminal() else None
        self.after_blank = True  # plain text: a block starts with one blank line, never two

    def heading(self, title: str, note: str = "", level: int = 1) -> None:
        if self.out is None:
            gap = "" if self.after_blank else "\n"
            print(f"{gap}{'#' * level} {title}" + (f"  {note}" if note else ""))
        else:
            from rich.rule import Rule
            from rich.text import Text

            self.out.print(Rule(Text.assemble(title, (f"  {note}" if note else "", "dim")), align="left"))
        self.after_blank = False

    def line(self, text: str, note: str = "") -> None:
        if self.out is None:
            print(f"{text} {note}" if note else text)
            self.after_blank = False
        else:
            from rich.text import Text

            self.out.print(Text.assemble(text, (f" {note}" if note else "", "dim")))

    def markdown(self, text: str) -> None:
        if self.out is None:
            print(("" if self.after_blank else "\n") + text.strip() + "\n")
            self.after_blank = True
        else:
            from rich.markdown import Markdown

            self.out.print(Markdown(text))


def bank_stats(questions: list[QuestionEntry]) -> dict[str, Any]:
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
    stats = bank_stats(list(ctx.bank.index.values()))
    if args.json:
        print_json(stats)
        return 0
    columns = [Column("category"), *(Column(d.value, right=True) for d in Difficulty),
               Column("total", right=True)]
    rows = [[c.value, *(str(stats["by_category_difficulty"][c.value].get(d.value, 0)) for d in Difficulty),
             str(stats["by_category"].get(c.value, 0))] for c in Category]
    print_table(columns, rows, title=plural(stats["total"], "question"))
    print()  # in a pipe, the blank line separates the two tables
    print_table([Column("topic"), Column("questions", right=True)],
                [[topic, str(count)] for topic, count in stats["by_topic"].items()], title="by topic")
    return 0


def cmd_validate(args: argparse.Namespace, ctx: Context) -> int:
    """Every file's problems and warnings, through the bank cache: a file unchanged since it was
    last validated is not validated again (its record holds what was wrong with it)."""
    from interview.bank.cache import bank_roots, load_cached

    for path in args.paths:
        if not path.exists():
            raise UserError(f"{path}: no such file or folder")
    roots = [p.resolve() for p in args.paths] or bank_roots(ctx.paths, ctx.extra_banks)
    bank = load_cached(ctx.paths, roots)
    for problem in bank.problems:
        print(problem)
    for warning in bank.warnings:
        print(f"warning: {warning}")
    status = f"{plural(len(bank), 'valid question')} in {plural(len(bank.pack_names), 'pack')}"
    if bank.warnings:
        status += f", {len(bank.warnings)} with unscored follow-ups"
    if bank.problems:
        print(f"{status}; {plural(len(bank.problems), 'problem')}")
        return 1
    print(f"{status}; no problems")
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    from interview.grading.bank_check import check_bank

    if args.all and (args.ids or not ctx.extra_banks):
        raise UsageError("--all widens --bank PATH to the whole bank; give --bank PATH and no ids")
    broken: list[str] = []
    if args.ids:
        questions = [ctx.bank.get(i) for i in args.ids]
    elif ctx.extra_banks and not args.all:
        folders = [root.expanduser().resolve() for root in ctx.extra_banks]
        questions = [ctx.bank.get(q.id) for q in ctx.bank.index.values() if _under(q.source, folders)]
        # A file of the pack that does not load fails the gate too, not only a wrong answer.
        broken = [str(problem) for problem in ctx.bank.problems if _under(problem.path, folders)]
    else:
        questions = list(ctx.bank)
    if args.category:
        questions = [q for q in questions if q.category == args.category]
    failures = broken + check_bank(ctx.bank, questions, progress=_progress_line)
    for failure in failures:
        print(failure)
    print(f"checked {plural(len(questions), 'question')}: "
          + (plural(len(failures), "failure") if failures else "all pass"))
    return 1 if failures else 0


def _under(path: str, folders: list[Path]) -> bool:
    """Whether a question's or a problem's file is in one of the `--bank` folders."""
    return bool(path) and any(Path(path).resolve().is_relative_to(folder) for folder in folders)


def _progress_line(done: int, total: int) -> None:
    """A line that counts up on stderr for a person watching; nothing in a log or a pipe."""
    import sys

    if sys.stderr.isatty():
        print(f"\rchecking {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    import sys

    from interview.bank.importing import import_source

    if args.map is not None and args.format != "qa":
        raise UsageError("--map lists the rows of a --format qa table; leave it out for other formats")
    imported: list[ImportedRow] = []

    def note(notice: str) -> None:
        print(f"interview: note: {notice}", file=sys.stderr)

    pack_name, count = import_source(ctx.paths, args.source, args.format, args.name, args.force,
                                     on_notice=note, on_rows=imported.extend)
    done = f"imported {plural(count, 'question')} as pack '{pack_name}' into {ctx.paths.packs_dir}"
    if args.json:
        if imported and args.map is not None:
            _write_map(args.map, imported)
        print_json({"pack": pack_name, "imported": count, "folder": str(ctx.paths.packs_dir / pack_name),
                    "rows": [{"row": r.row, "id": r.question_id, "title": r.title, "note": r.note}
                             for r in imported]})
    elif imported and args.map is not None:
        _write_map(args.map, imported)
        print(f"{done}; which row became which id is in {args.map}")
    elif imported:
        print_table([Column("row", right=True), Column("id"), Column("note", grow=True)],
                    [[str(r.row), r.question_id, r.note] for r in imported])
        print(done, file=sys.stdout if to_terminal() else sys.stderr)  # piped stdout holds only the rows
    else:
        print(done)
    return 0


def _write_map(path: Path, rows: list[ImportedRow]) -> None:
    lines = ["row\tid\ttitle\tnote"] + [f"{r.row}\t{r.question_id}\t{r.title}\t{r.note}" for r in rows]
    try:
        path.write_text("\n".join(lines) + "\n", "utf-8")
    except OSError as exc:
        raise UserError(f"--map {path}: cannot write ({exc.strerror}); the pack was imported") from None
