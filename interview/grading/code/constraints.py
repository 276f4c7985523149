"""A question's forbidden calls and imports (`CodeSpec.forbid`), checked on the answer's syntax tree.

Runs in the trusted process before the answer does; nothing is executed.  Three
kinds of rule (see docs/question-format.md):

- a name, `sorted`: any use of the name, not only a direct call (`s = sorted`
  and `map(sorted, ...)` count);
- a method, `list.sort`: any `.sort` attribute, on anything (`xs.sort()`,
  `list.sort(xs)`, `m = xs.sort`), and `from x import sort`;
- a module, `import:heapq`: `import heapq`, `import heapq.x`, `from heapq import ...`
  (with `*`, anywhere in the file).

A forbidden name, method or module written as a string (`getattr(xs, "sort")`,
`__import__("heapq")`, `sys.modules["heapq"]`) counts as using it.  And because a
string can be built at run time, a question that forbids anything also forbids
the ways to look a name up by a computed string or to reach the interpreter's
internals: `eval`/`exec`/`compile`/`__import__`, `getattr` (and `methodcaller`,
`attrgetter`) with a non-literal name, `globals`/`locals`/`vars`, `__builtins__`,
the `builtins`/`importlib`/`gc`/`inspect`/`ctypes`/`pickle`/`marshal` modules,
`sys.modules`, frames and tracebacks, and dunder attributes other than the
ordinary protocol ones.  An honest answer needs none of them.

What it cannot see: a forbidden function reached through an allowed library
that calls it internally (e.g. `queue.PriorityQueue` uses `heapq`); that is by
design, the rule is about the answer's own code.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from interview.bank.models import parse_forbid

ESCAPE = "escape"  # the `rule` of a violation that is a way around the rules, not a rule itself
DYNAMIC_CALLS = frozenset({"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "breakpoint",
                           "__builtins__"})
NAME_LOOKUPS = frozenset({"getattr", "methodcaller", "attrgetter"})  # fine with a literal name only
ESCAPE_MODULES = frozenset({"builtins", "importlib", "gc", "inspect", "ctypes", "pickle", "marshal",
                            "_pickle", "copyreg", "runpy", "code", "codeop", "pkgutil", "types", "_imp",
                            "imp"})
INTERNAL_ATTRS = frozenset({"modules", "_getframe", "f_globals", "f_locals", "f_builtins", "f_back",
                            "tb_frame", "tb_next", "gi_frame", "cr_frame", "ag_frame", "co_consts",
                            "__traceback__"})
PROTOCOL_DUNDERS = frozenset({
    "__init__", "__new__", "__name__", "__qualname__", "__doc__", "__class__", "__repr__", "__str__",
    "__len__", "__iter__", "__next__", "__contains__", "__getitem__", "__setitem__", "__delitem__",
    "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__", "__bool__", "__call__",
    "__enter__", "__exit__", "__add__", "__sub__", "__mul__", "__truediv__", "__floordiv__", "__mod__",
    "__neg__", "__abs__", "__iadd__", "__radd__", "__slots__", "__annotations__", "__future__",
})


@dataclass(frozen=True)
class Rule:
    """One parsed `forbid` entry."""

    text: str  # as written, e.g. "list.sort"
    kind: str  # "name", "method" or "module"
    target: str  # the name, the method's name, or the dotted module

    def strings(self) -> set[str]:
        """The string literals that name what this rule forbids."""
        return {self.target, self.text}


@dataclass(frozen=True)
class Violation:
    """A use of something forbidden: where, which rule, and a one-line message for the candidate."""

    line: int
    rule: str  # the `forbid` entry, or "escape" for a way around the rules
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def parse_rule(entry: str) -> Rule:
    """Parse a `forbid` entry; ValueError naming the entry and the accepted forms otherwise."""
    kind, target = parse_forbid(entry)
    return Rule(entry, kind, target)


def check_constraints(code: str, forbid: Sequence[str]) -> list[Violation]:
    """Every use of something `forbid` rules out in `code`, in line order; [] if none (or no rules).

    For the grade: each violation is a failed "constraints" criterion line
    (`str(violation)` reads "line 3: `.sort()` is not allowed in this question").
    Code that does not parse gives [] here; the runner reports the syntax error.
    Raises ValueError for a malformed `forbid` entry (the bank validates them at load).
    """
    rules = [parse_rule(entry) for entry in forbid]
    if not rules:
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(code)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return []
    found = {(v.line, v.rule, v.message): v for v in _visit(tree, rules)}
    return sorted(found.values(), key=lambda v: (v.line, v.rule, v.message))


def _visit(tree: ast.AST, rules: list[Rule]) -> Iterator[Violation]:
    names = {r.target: r for r in rules if r.kind == "name"}
    methods = {r.target: r for r in rules if r.kind == "method"}
    modules = [r for r in rules if r.kind == "module"]
    strings = {s: r for r in rules for s in r.strings()}
    annotations = _annotation_nodes(tree)
    calls = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 1)
        if isinstance(node, ast.Name) and id(node) not in annotations:
            if node.id in names:
                yield Violation(line, names[node.id].text, f"`{node.id}` is not allowed in this question")
            elif node.id in DYNAMIC_CALLS:
                yield _escape(line, f"`{node.id}` is not allowed when a question forbids calls")
            elif node.id in NAME_LOOKUPS and not _literal_lookup(node, node.id, calls):
                yield _escape(line, f"`{node.id}` with a computed name is not allowed here")
        elif isinstance(node, ast.Attribute):
            yield from _attribute(node, line, methods, names, calls)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            yield from _import(node, line, modules, methods, names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in strings:
            rule = strings[node.value]
            yield Violation(line, rule.text, f"the string {node.value!r} names something forbidden here "
                                             f"({rule.text})")
        elif isinstance(node, ast.Constant) and node.value in ("builtins", "__builtins__"):
            yield _escape(line, f"{node.value!r} is not allowed when a question forbids calls")


def _attribute(node: ast.Attribute, line: int, methods: dict[str, Rule], names: dict[str, Rule],
               calls: dict[int, ast.Call]) -> Iterator[Violation]:
    attr = node.attr
    if attr in methods:
        yield Violation(line, methods[attr].text, f"`.{attr}` is not allowed in this question")
    elif attr in names:  # builtins.sorted, __builtins__.sorted, module.sorted
        yield Violation(line, names[attr].text, f"`{attr}` is not allowed in this question")
    elif attr in NAME_LOOKUPS and not _literal_lookup(node, attr, calls):
        yield _escape(line, f"`.{attr}` with a computed name is not allowed here")
    elif attr in INTERNAL_ATTRS or (attr.startswith("__") and attr.endswith("__")
                                    and attr not in PROTOCOL_DUNDERS):
        yield _escape(line, f"`.{attr}` reaches the interpreter's internals, not allowed here")


def _import(node: ast.Import | ast.ImportFrom, line: int, modules: list[Rule], methods: dict[str, Rule],
            names: dict[str, Rule]) -> Iterator[Violation]:
    imported = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                else [node.module] if node.module and not node.level else [])
    for module in imported:
        for rule in modules:
            if module == rule.target or module.startswith(rule.target + "."):
                yield Violation(line, rule.text, f"importing `{module}` is not allowed in this question")
        if module.split(".")[0] in ESCAPE_MODULES:
            yield _escape(line, f"importing `{module}` is not allowed when a question forbids calls")
    if isinstance(node, ast.ImportFrom):
        for alias in node.names:
            named = methods.get(alias.name) or names.get(alias.name)
            if named is not None:
                yield Violation(line, named.text, f"importing `{alias.name}` is not allowed in this question")


def _escape(line: int, message: str) -> Violation:
    return Violation(line, ESCAPE, message)


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """ids of the Name nodes inside type annotations: `-> list[int]` is no use of `list`."""
    roots: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            roots.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            roots.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            roots.append(node.annotation)
    return {id(n) for root in roots for n in ast.walk(root) if isinstance(n, ast.Name)}


def _literal_lookup(func: ast.expr, name: str, calls: dict[int, ast.Call]) -> bool:
    """Whether `func` (getattr & co.) is called directly, with literal attribute names only."""
    call = calls.get(id(func))
    if call is None or call.keywords:
        return False
    looked_up = call.args[1:2] if name == "getattr" else call.args
    return bool(looked_up) and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                   for a in looked_up)
