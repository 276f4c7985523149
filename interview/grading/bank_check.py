"""`interview bank check`: prove every question's reference material against the graders.

Coding: the reference solution passes every test and an empty body fails one.
Free text: the model answer scores >= 80, the weak example scores at least 25
points below the strong one, another question's model answer scores <= 30, and
each misconception's example scores <= 40. System design: a prompt stating numbers with
a scale or unit has a `sizing` criterion of real weight (`interview.bank.sizing`), and the
model answer uses the numbers of every important fact (the design is judged against them).

A coding question's own code keeps the rules the judge holds answers to: the reference
solution, the starter and every code block of the model answer use nothing its `forbid`
list rules out and import nothing but the standard library and `allow_imports`.  Those
failures read `path: field: problem`, so the author knows which file and which field to edit.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Callable, Iterator, Sequence

from interview.bank.loader import Bank
from interview.bank.models import AnyQuestion, CodingQuestion, Fact, SystemDesignQuestion
from interview.bank.sizing import sizing_problem


def check_bank(
    bank: Bank,
    questions: Sequence[AnyQuestion],
    progress: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Every failure as one `question-id: problem` line (empty when all pass)."""
    from interview.grading.code.check import check_coding_questions
    from interview.grading.rubric.check import check_text_question

    failures: list[str] = []
    done = 0

    def one_done() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, len(questions))

    coding = [q for q in questions if isinstance(q, CodingQuestion)]
    failures.extend(problem for q in coding for problem in reference_rule_problems(q))
    failures.extend(check_coding_questions(coding, one_done))
    for question in questions:
        if isinstance(question, CodingQuestion):
            continue
        failures.extend(f"{question.id}: {p}" for p in check_text_question(question, bank))
        if (problem := sizing_problem(question)) is not None:
            failures.append(f"{question.id}: {problem}")
        failures.extend(f"{question.id}: {p}" for p in fact_problems(question))
        one_done()
    return failures


def fact_problems(question: AnyQuestion) -> list[str]:
    """One line per important fact whose numbers the model answer never uses."""
    if not isinstance(question, SystemDesignQuestion) or not question.facts:
        return []
    from interview.interviewer.clarify import facts_the_model_answer_ignores, told_numbers

    def told(fact: Fact) -> str:
        return ", ".join(f"{n:g}" for n in sorted(told_numbers(fact)))

    return [f"facts `{f.id}`: the model answer never uses {told(f)} ({f.about}); a strong candidate "
            "asks for it, so the model design should size with it"
            for f in facts_the_model_answer_ignores(question)]


_CODE_BLOCK = re.compile(r"```[ \t]*([\w+-]*)[ \t]*\n(.*?)```", re.DOTALL)
_PYTHON = frozenset({"", "python", "py", "python3"})


def reference_rule_problems(question: CodingQuestion) -> list[str]:
    """Where the question's own code breaks a rule its answers are graded by, one line each.

    A reference that uses what `forbid` rules out would teach the very thing the question
    refuses (and its grade would fail the constraints criterion); an import outside the
    standard library and `allow_imports` cannot run in the sandbox.
    """
    from interview.grading.code.constraints import check_constraints

    spec = question.code
    if spec.language != "python":
        return []
    where = question.source or question.id
    problems: list[str] = []
    for field, code in _own_code(question):
        problems.extend(f"{where}: {field}: {violation} (`forbid` = {list(spec.forbid)})"
                        for violation in check_constraints(code, spec.forbid))
        problems.extend(f"{where}: {field}: imports `{module}`, which is neither in the standard library nor "
                        f"in `allow_imports` {list(spec.allow_imports)}; add it there or drop the import"
                        for module in _outside_imports(code, spec.allow_imports))
    return problems


def _own_code(question: CodingQuestion) -> Iterator[tuple[str, str]]:
    yield "code.solution", question.code.solution
    yield "code.starter", question.code.starter
    fences = _CODE_BLOCK.findall(question.model_answer)
    blocks = [code for language, code in fences if language.lower() in _PYTHON]
    for number, block in enumerate(blocks, 1):
        yield f"model_answer (code block {number} of {len(blocks)})", block


def _outside_imports(code: str, allowed: Sequence[str]) -> list[str]:
    """Top-level modules `code` imports that the sandbox will not provide (none if it does not parse)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return []
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module.split(".")[0])
    return sorted(m for m in modules if m not in sys.stdlib_module_names and m not in allowed)
