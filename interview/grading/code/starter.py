"""What the starter code earns on its own, so an answer is credited only for what it adds.

An empty body passes some honest tests (an empty list is already sorted, one-class
input has no AUC), and a starter may hold working code the question asks to fix.  So
the unchanged starter scored 8-30 on nine built-in questions.  The grader runs the
starter on the same tests (once per question and test set, then cached): the tests it
passes tell nothing about an answer and earn nothing.  An answer that only passes
those scores 0, whatever its wording; an answer whose syntax tree is the starter's
(comments, docstrings and layout aside) is named as the unchanged starter.
"""

from __future__ import annotations

import ast
import hashlib
import warnings
from collections import OrderedDict

from interview.bank.models import CodeSpec, TestCase

_CACHE_SIZE = 256
_passes: OrderedDict[str, frozenset[int]] = OrderedDict()


async def starter_passes(spec: CodeSpec, tests: list[TestCase]) -> frozenset[int]:
    """Positions in `tests` that the question's starter passes (empty if it does not run)."""
    if not _normalised(spec.starter):
        return frozenset()
    key = hashlib.sha256("\0".join([spec.starter, spec.model_dump_json(exclude={"starter", "solution"}),
                                    *(t.model_dump_json() for t in tests)]).encode()).hexdigest()
    known = _passes.get(key)
    if known is None:
        from interview.grading.code.runner import run_tests

        run = await run_tests(spec, spec.starter, tests, measure=False)
        known = passed_positions(run.outcomes, len(tests))
        _passes[key] = known
        while len(_passes) > _CACHE_SIZE:
            _passes.popitem(last=False)
    return known


def passed_positions(outcomes: list, count: int) -> frozenset[int]:
    """Which of `count` tests passed; none if the outcomes do not line up with the tests."""
    if len(outcomes) != count:
        return frozenset()
    return frozenset(i for i, outcome in enumerate(outcomes) if outcome.verdict == "passed")


def same_as_starter(code: str, starter: str) -> bool:
    """Whether `code` is the starter with at most comments, docstrings and layout changed."""
    mine = _normalised(code)
    return mine is not None and mine == _normalised(starter)


def _normalised(code: str) -> str | None:
    """The syntax tree without docstrings, as text; None if the code does not parse or is empty."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    if not tree.body:
        return None
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(tree, include_attributes=False)
