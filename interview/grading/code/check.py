"""`bank check` for coding questions: the reference passes every test; an empty body and the starter
each fail one.

Questions are run concurrently (a few child processes at a time) because a
bank holds hundreds of them and each check is two short-lived children.
"""

from __future__ import annotations

import ast
import asyncio
import os
from collections.abc import Callable, Sequence

from interview.bank.models import CodingQuestion
from interview.grading.code import run_code
from interview.grading.code.starter import starter_passes


def stub_answer(solution: str, entry_point: str, body: str = "pass") -> str:
    """`solution` with the entry point's body (for a class: every method's body) replaced by `body`.

    Helper functions and imports around it stay, so the stub differs from the
    reference only where the answer's own logic lives.
    """
    tree = ast.parse(solution)
    replacement = ast.parse(body).body
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == entry_point:
            node.body = list(replacement)
            break
        if isinstance(node, ast.ClassDef) and node.name == entry_point:
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    item.body = list(replacement)
            break
    else:
        raise ValueError(f"the solution does not define `{entry_point}` at the top level")
    return ast.unparse(tree)


async def _check_one(question: CodingQuestion, slots: asyncio.Semaphore) -> list[str]:
    spec = question.code
    async with slots:
        problems = []
        reference = await run_code(question, spec.solution, measure_complexity=False)
        code = reference.code
        if code is None or code.syntax_error:
            return [f"{question.id}: the reference solution has a syntax error: "
                    f"{code.syntax_error if code else '?'}"]
        for outcome in code.tests:
            if outcome.verdict != "passed":
                detail = outcome.message or (f"expected {outcome.expected}, got {outcome.actual}"
                                             if outcome.expected else "")
                problems.append(f"{question.id}: the reference solution fails test '{outcome.name}' "
                                f"({outcome.verdict}{': ' + detail.splitlines()[0] if detail else ''})")
        if spec.language == "sql":
            return problems + await _check_empty_sql(question)
        if len(await starter_passes(spec, list(spec.tests))) == len(spec.tests):
            problems.append(f"{question.id}: the starter passes every test, so no test tells an answer "
                            "from it; add a test the starter fails")
        try:
            stub = stub_answer(spec.solution, spec.entry_point)
        except (SyntaxError, ValueError) as exc:
            return [*problems, f"{question.id}: cannot build an empty-body answer: {exc}"]
        empty = await run_code(question, stub, measure_complexity=False)
        if empty.code is not None and empty.code.verdict == "passed":
            problems.append(f"{question.id}: an empty body (`pass`) passes every test; "
                            "add a test that needs real work")
        return problems


async def _check_empty_sql(question: CodingQuestion) -> list[str]:
    """An empty answer is refused, and a query of the right width returning no rows fails a test."""
    from interview.grading.code.sql import empty_answer

    problems = []
    blank = await run_code(question, "", measure_complexity=False)
    if blank.score > 0:
        problems.append(f"{question.id}: an empty answer scores {blank.score:g}")
    empty = await run_code(question, empty_answer(question.code), measure_complexity=False)
    if empty.code is not None and empty.code.verdict == "passed":
        problems.append(f"{question.id}: an empty result (no rows) passes every test; add a test whose "
                        "expected rows are not empty")
    return problems


async def check_async(questions: Sequence[CodingQuestion], workers: int | None = None,
                      on_done: Callable[[], None] | None = None) -> list[str]:
    slots = asyncio.Semaphore(workers or max(2, os.cpu_count() or 2))

    async def check(question: CodingQuestion) -> list[str]:
        lines = await _check_one(question, slots)
        if on_done is not None:
            on_done()
        return lines

    results = await asyncio.gather(*(check(q) for q in questions))
    return [line for lines in results for line in lines]


def check_coding_questions(questions: Sequence[CodingQuestion],
                           on_done: Callable[[], None] | None = None) -> list[str]:
    """Every problem as a `question-id: problem` line; empty when every question is sound.

    `on_done` is called as each question finishes, for a progress line on long runs.
    """
    if not questions:
        return []
    return asyncio.run(check_async(questions, on_done=on_done))
