"""Mutation benchmark: do the hidden tests catch a reference solution with one small bug?

Mutants change one spot of a reference solution's syntax tree: an integer off
by one, a flipped comparison, a swapped operator (arithmetic or and/or), a
dropped branch, a flipped boolean or an emptied string constant.

- `bank` (default): every built-in coding question; prints each mutant that
  passes every test (a survivor), so a test can be added where the mutant is
  really wrong.  Goal: no survivor that is wrong.
- `evalplus`: HumanEval+ imported as with `bank import --format evalplus`;
  each mutant is graded and also run on every base and plus input in a plain
  sandboxed child and compared with the canonical outputs (EvalPlus rules).
  False accept = graded passed but wrong on some input; false reject = graded
  failed but right on every input.  Goal: 0 and 0.  HumanEval+ (EvalPlus,
  Apache-2.0; HumanEval by OpenAI, MIT), read from ../shared/data.

    nice -n 10 .venv/bin/python benchmarks/mutation_bench.py bank [--max-mutants 40] [ID ...]
    nice -n 10 .venv/bin/python benchmarks/mutation_bench.py evalplus [--tasks 164] [--max-mutants 8]
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import copy
import gzip
import json
import math
import random
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.bank.models import CodingQuestion  # noqa: E402

EVALPLUS = ROOT.parent / "shared" / "data" / "humanevalplus" / "HumanEvalPlus.jsonl.gz"
FLIP_COMPARE: dict[type, type] = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                                  ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
                                  ast.Is: ast.IsNot, ast.IsNot: ast.Is}
SWAP_OP: dict[type, type] = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv,
                             ast.FloorDiv: ast.Mult, ast.Div: ast.Mult, ast.Mod: ast.FloorDiv,
                             ast.Pow: ast.Mult}


@dataclass(frozen=True)
class Mutant:
    code: str
    line: int
    what: str  # e.g. "`<` -> `<=`"


def _sites(tree: ast.AST, scope: set[str]) -> Iterator[tuple[ast.AST, str]]:
    """(node, kind) for every mutable spot inside the functions/classes named in `scope`."""
    for top in ast.walk(tree):
        if not (isinstance(top, ast.FunctionDef | ast.ClassDef) and top.name in scope):
            continue
        for node in ast.walk(top):
            if isinstance(node, ast.Compare):
                yield from ((node, f"cmp{i}") for i, op in enumerate(node.ops) if type(op) in FLIP_COMPARE)
            elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in SWAP_OP:
                yield node, "op"
            elif isinstance(node, ast.BoolOp):
                yield node, "bool"
            elif isinstance(node, ast.Constant) and type(node.value) is int:
                yield node, "plus1"
                yield node, "minus1"
            elif isinstance(node, ast.Constant) and type(node.value) is bool:
                yield node, "not"
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
                yield node, "empty"
            elif isinstance(node, ast.If):
                yield node, "drop_else" if node.orelse else "drop_if"


def _apply(node: ast.AST, kind: str) -> str:
    """Mutate `node` in place; returns a description."""
    if kind.startswith("cmp") and isinstance(node, ast.Compare):
        i = int(kind[3:])
        old = node.ops[i]
        node.ops[i] = FLIP_COMPARE[type(old)]()
        return f"`{_op(old)}` -> `{_op(node.ops[i])}`"
    if kind == "op" and isinstance(node, ast.BinOp | ast.AugAssign):
        old_op = node.op
        node.op = SWAP_OP[type(old_op)]()
        return f"`{_op(old_op)}` -> `{_op(node.op)}`"
    if kind == "bool" and isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return "`and` <-> `or`"
    if isinstance(node, ast.Constant) and kind in ("plus1", "minus1"):
        old = node.value
        node.value = old + (1 if kind == "plus1" else -1)
        return f"{old} -> {node.value}"
    if isinstance(node, ast.Constant) and kind == "not":
        node.value = not node.value
        return f"{not node.value} -> {node.value}"
    if isinstance(node, ast.Constant) and kind == "empty":
        old = node.value
        node.value = ""
        return f"{old!r} -> ''"
    if isinstance(node, ast.If) and kind == "drop_else":
        node.orelse = []
        return "else branch dropped"
    if isinstance(node, ast.If) and kind == "drop_if":
        node.test = ast.Constant(False)
        return "if branch dropped"
    raise ValueError(kind)


def _op(op: ast.AST) -> str:
    text = ast.unparse(ast.Compare(ast.Name("a"), [op], [ast.Name("b")])) if isinstance(op, ast.cmpop) \
        else ast.unparse(ast.BinOp(ast.Name("a"), op, ast.Name("b")))  # type: ignore[arg-type]
    return text[2:-2]


def mutants(solution: str, scope: set[str], limit: int) -> list[Mutant]:
    """Up to `limit` distinct one-spot mutants of `solution`, spread evenly over its mutable spots."""
    tree = ast.parse(solution)
    reference = ast.unparse(tree)
    sites = list(_sites(tree, scope))
    picked = sites if len(sites) <= limit else [sites[k * len(sites) // limit] for k in range(limit)]
    out: dict[str, Mutant] = {}
    for node, kind in picked:
        index = sites.index((node, kind))
        clone = copy.deepcopy(tree)
        target, _ = list(_sites(clone, scope))[index]
        what = _apply(target, kind)
        code = ast.unparse(clone)
        if code != reference and code not in out:
            out[code] = Mutant(code, getattr(node, "lineno", 0), what)
    return list(out.values())


def scope_of(question: CodingQuestion) -> set[str]:
    """The answer's own code: the entry point and public helpers, not test adapters or node classes."""
    tree = ast.parse(question.code.solution)
    names = {n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}
    return names | {question.code.entry_point}


# ------------------------------------------------------------------ bank


def _shrink(value: Any, rng: random.Random) -> Any:
    """A random value shaped like `value` (same types, small sizes), for differential testing."""
    if isinstance(value, bool):
        return rng.random() < 0.5
    if isinstance(value, int):
        return rng.choice([value, value + 1, value - 1, 0, 1, 2, rng.randint(-5, 12)])
    if isinstance(value, float):
        return rng.choice([value, round(rng.uniform(-3, 3), 2), 0.0, 1.0])
    if isinstance(value, str):
        alphabet = value or "ab"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, min(len(value) + 3, 12))))
    if isinstance(value, list) and value:
        return [_shrink(rng.choice(value), rng) for _ in range(rng.randint(0, min(len(value) + 2, 9)))]
    return copy.deepcopy(value)


def distinguishing_input(question: CodingQuestion, mutant: str, tries: int = 3000) -> tuple[Any, Any] | None:
    """(args, reference output) for an input on which `mutant` differs from the reference, if fuzzing
    near the question's own test inputs finds one: the proof that a surviving mutant is really wrong."""
    from interview.grading.code.comparators import matches

    if question.code.kind != "function":
        return None
    seeds = [t for t in question.code.tests if t.args is not None and not t.kwargs]
    if not seeds:
        return None
    funcs = []
    for code in (question.code.solution, mutant):
        namespace: dict[str, Any] = {"__name__": "solution"}
        exec(compile(code, "<mutant>", "exec"), namespace)  # our own reference and its mutants
        funcs.append(namespace[question.code.entry_point])
    rng = random.Random(7)
    signal.signal(signal.SIGALRM, _too_slow)
    for _ in range(tries):
        test = rng.choice(seeds)
        args = tuple(_shrink(a, rng) for a in test.args or ())
        outputs = []
        for func in funcs:
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            try:
                outputs.append(("ok", func(*copy.deepcopy(args))))
            except Exception as exc:  # any failure is an observable difference
                outputs.append(("raised", type(exc).__name__))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        (kind, expected), got = outputs
        if kind != "ok":
            continue  # outside the reference's domain
        if got[0] != "ok" or not matches(got[1], expected, test.compare, test.rel_tol, test.abs_tol):
            return args, expected
    return None


def _too_slow(signum: int, frame: Any) -> None:
    raise TimeoutError


async def _bank(questions: list[CodingQuestion], limit: int) -> int:
    from interview.grading.code import run_code

    slots = asyncio.Semaphore(2)
    survivors: list[str] = []
    totals = [0, 0]

    async def one(question: CodingQuestion, mutant: Mutant) -> None:
        async with slots:
            result = await run_code(question, mutant.code, measure_complexity=False)
        totals[0] += 1
        if result.code is not None and result.code.verdict == "passed":
            lines = question.code.solution.splitlines()
            source = lines[mutant.line - 1].strip() if 0 < mutant.line <= len(lines) else ""
            found = distinguishing_input(question, mutant.code)
            proof = (f"WRONG on args {found[0]!r} (expected {found[1]!r})" if found
                     else "no differing input found (equivalent?)")
            survivors.append(f"{question.id}: line {mutant.line}: {mutant.what}  in  {source}\n    {proof}")
        else:
            totals[1] += 1

    jobs = [one(q, m) for q in questions for m in mutants(q.code.solution, scope_of(q), limit)]
    await asyncio.gather(*jobs)
    for line in sorted(survivors):
        print("survives:", line)
    print(f"{len(questions)} questions, {totals[0]} mutants, {totals[1]} caught, {len(survivors)} survive")
    return 1 if survivors else 0


# ------------------------------------------------------------------ evalplus


def _same(out: Any, expected: Any, atol: float) -> bool:
    """EvalPlus's rule: equal, or for floats close within atol and a relative 1e-7."""
    if isinstance(expected, float) or isinstance(out, float):
        if not isinstance(out, int | float) or not isinstance(expected, int | float) or isinstance(out, bool):
            return False
        if math.isnan(expected) or math.isnan(out):
            return math.isnan(expected) and math.isnan(out)
        return math.isclose(out, expected, rel_tol=1e-7, abs_tol=atol)
    if isinstance(expected, list | tuple) and isinstance(out, list | tuple):
        return len(out) == len(expected) and all(_same(o, e, atol)
                                                 for o, e in zip(out, expected, strict=True))
    return type(out) is type(expected) and bool(out == expected)


def _evalplus(tasks: int, limit: int) -> int:
    from interview.bank.importers.evalplus import canonical_outputs, convert, decode
    from interview.grading.code import grade_code

    if not EVALPLUS.is_file():
        print(f"skipped: {EVALPLUS} is absent")
        return 0
    with gzip.open(EVALPLUS, "rt", encoding="utf-8") as source:
        records = [json.loads(line) for line in source][:tasks]
    kinds = ("mutants", "wrong", "caught", "false_accept", "false_reject", "canonical_fail")
    counts = dict.fromkeys(kinds, 0)
    for record in records:
        data, _ = convert(record, "hep")
        question = CodingQuestion.model_validate(data)
        entry = question.code.entry_point
        if grade_code(question, question.code.solution, measure_complexity=False).score != 100:
            counts["canonical_fail"] += 1
            print(f"{record['task_id']}: the canonical solution fails its own tests")
        inputs = [list(i) for i in [*record["base_input"], *record["plus_input"]]]
        truth = canonical_outputs(question.code.solution, entry, inputs)
        atol = float(record.get("atol") or 0)
        for mutant in mutants(question.code.solution, {entry}, limit):
            counts["mutants"] += 1
            graded = grade_code(question, mutant.code, measure_complexity=False)
            passed = graded.code is not None and graded.code.verdict == "passed"
            got = canonical_outputs(mutant.code, entry, inputs, timeout=20)
            wrong = any("ok" in t and ("ok" not in g or not _same(decode(g["ok"]), decode(t["ok"]), atol))
                        for t, g in zip(truth, got, strict=True))
            if entry == "find_zero":  # any root is right: trust the polynomial check
                wrong = not passed
            counts["wrong"] += wrong
            counts["caught"] += wrong and not passed
            if passed and wrong:
                counts["false_accept"] += 1
                print(f"false accept: {record['task_id']} line {mutant.line}: {mutant.what}")
            if not passed and not wrong:
                counts["false_reject"] += 1
                print(f"false reject: {record['task_id']} line {mutant.line}: {mutant.what} "
                      f"({graded.summary})")
    print(", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    return 1 if counts["false_accept"] or counts["false_reject"] or counts["canonical_fail"] else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", choices=("bank", "evalplus"), default="bank")
    parser.add_argument("ids", nargs="*", help="bank mode: only these question ids")
    parser.add_argument("--max-mutants", type=int, default=None, help="per question (bank 40, evalplus 8)")
    parser.add_argument("--tasks", type=int, default=164, help="evalplus mode: the first N tasks")
    args = parser.parse_args()
    started = time.perf_counter()
    if args.mode == "evalplus":
        status = _evalplus(args.tasks, args.max_mutants or 8)
    else:
        from interview.bank.loader import load_roots

        bank = load_roots([ROOT / "question_bank"])
        questions = [q for q in bank if isinstance(q, CodingQuestion) and (not args.ids or q.id in args.ids)]
        status = asyncio.run(_bank(questions, args.max_mutants or 40))
    print(f"{time.perf_counter() - started:.0f} s")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
