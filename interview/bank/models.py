"""The question-bank contract: pydantic models every other part of the app reads.

A question file is validated into one of four models, chosen by its `category`
(a discriminated union).  The models are frozen: a loaded bank is shared by the
graders, the store and the UI, and nothing downstream may change it.
"""

from __future__ import annotations

import ast
import itertools
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from interview.bank.enums import CATEGORY_LABELS, ID_PATTERN, Category, Difficulty
from interview.bank.sql import SqlSpec, check_sql_tests
from interview.nesting import MAX_NESTING, first_too_deep_line

DesignPhase = Literal[
    "requirements",
    "data",
    "architecture",
    "serving",
    "evaluation",
    "trade_offs",
    "failure_modes",
    "cost",
]

Complexity = Literal[
    "O(1)", "O(log n)", "O(n)", "O(n log n)", "O(n^2)", "O(n^3)", "O(2^n)"
]

# Input generators for measured complexity checks.  They are implemented by the
# code grader's sandboxed harness; a pack can only name one, never supply code.
ScalingGenerator = Literal[
    "int",
    "int_list",
    "sorted_int_list",
    "int_list_and_target",
    "sorted_int_list_and_target",
    "float_list",
    "string",
    "string_pair",
    "words",
    "intervals",
    "dag",
    "graph_edges",
    "vectors_and_query",
    # worst cases for slow-but-correct answers (see generators.py)
    "brackets",
    "distinct_string",
    "string_and_window",
    "decreasing_int_list",
    "consecutive_runs",
    "layered_dag",
    "int_list_and_window",
    "palindrome",
]

Comparator = Literal[
    "exact", "float", "unordered", "set", "multiset", "any_of", "allclose", "shape", "gradient"
]

# Load-time caps, so a pack cannot make the grader hang: tests per question, and the
# size of one test's data (inputs, expected value or script), counted in characters.
MAX_TESTS = 1000
MAX_TEST_MB = 4


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _literal(value: str, field: str) -> Any:
    """Parse a Python literal written as text; data only, nothing is executed."""
    if first_too_deep_line(value, python=True) is not None:
        raise ValueError(f"{field} nests deeper than {MAX_NESTING} levels; flatten it")
    try:
        return ast.literal_eval(value)
    except (ValueError, SyntaxError, RecursionError, MemoryError) as exc:
        raise ValueError(f"{field} is not a Python literal ({exc.__class__.__name__})") from exc


# --------------------------------------------------------------------- rubric


class KeyPoint(_Model):
    """One claim that earns credit, with other ways a candidate may phrase it.

    A numeric key point also states the `value` the answer must give and the
    absolute `tolerance` around it (in `unit`, e.g. "%"): "95 %" does not make
    the claim "about 19 %".
    """

    text: str = Field(min_length=2)
    also: tuple[str, ...] = ()
    value: float | None = None
    tolerance: float = Field(default=0.0, ge=0)
    unit: str = ""


class Misconception(_Model):
    """A common wrong claim: an answer that makes it loses `penalty` points (of 100)
    and is shown the `correction`, with the sentence that made the claim quoted."""

    claim: str = Field(min_length=5)
    also: tuple[str, ...] = ()
    correction: str = Field(min_length=5)
    penalty: float = Field(default=15.0, gt=0, le=60)
    criterion: str | None = None  # the rubric criterion it contradicts, if one does
    example: str = ""  # an answer making this claim; `bank check` requires it to score <= 40


def _check_vocabulary(kind: str, values: tuple[str, ...], info: ValidationInfo) -> None:
    """Reject ids missing from the vocabulary passed as validation context, if any."""
    vocabulary = (info.context or {}).get("vocabulary")
    if vocabulary is not None:
        vocabulary.check(kind, values)


def _key_point(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Criterion(_Model):
    """A weighted rubric criterion: what is assessed and the key points that earn it."""

    id: str = Field(pattern=ID_PATTERN)
    assesses: str = Field(min_length=3)
    dimension: str
    weight: float = Field(default=1.0, gt=0, le=100)
    key_points: tuple[KeyPoint, ...] = ()
    strong: str = ""
    weak: str = ""

    @field_validator("dimension")
    @classmethod
    def _known_dimension(cls, value: str, info: ValidationInfo) -> str:
        _check_vocabulary("dimension", (value,), info)
        return value

    @field_validator("key_points", mode="before")
    @classmethod
    def _coerce_key_points(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [_key_point(v) for v in value]
        return value


class ExampleAnswer(_Model):
    """A hand-scored answer that lets `bank check` prove the graders agree with a person."""

    kind: Literal["strong", "weak"]
    score: int = Field(ge=0, le=100)
    answer: str = Field(min_length=1)


# ------------------------------------------------- follow-ups and facts


FollowUpWhen = Literal["always", "missing", "met"]


class FollowUp(_Model):
    """A question the interviewer asks after the main answer, scored like a small question.

    `probes` names the rubric criterion it digs into; `when` asks it only when that
    criterion was missed ("missing") or met ("met", to go deeper).  A follow-up with
    no `key_points` is unscored (a plain string in the file loads as one).
    """

    text: str = Field(min_length=5)
    key_points: tuple[KeyPoint, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    probes: str | None = None
    when: FollowUpWhen = "always"
    dimension: str | None = None  # defaults to the probed criterion's dimension, else "depth"
    model_answer: str = ""

    @field_validator("key_points", mode="before")
    @classmethod
    def _coerce_key_points(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [_key_point(v) for v in value]
        return value

    @field_validator("dimension")
    @classmethod
    def _known_dimension(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            _check_vocabulary("dimension", (value,), info)
        return value

    @property
    def scored(self) -> bool:
        return bool(self.key_points)


def _follow_up(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Fact(_Model):
    """Something a system-design interviewer knows and reveals only when asked
    (scale, latency budget, users, cost ceiling, constraints)."""

    id: str = Field(pattern=ID_PATTERN)
    about: str = Field(min_length=2)  # what it is about, e.g. "daily active users"
    answer: str = Field(min_length=2)  # what the interviewer says when asked
    asked_by: tuple[str, ...] = Field(min_length=1)  # phrasings that ask for it
    important: bool = False  # a strong candidate asks for it before designing


# ---------------------------------------------------------------- code tests


class MethodCall(_Model):
    """One step of a class test: call `method(*args)`; check the result if `expected` is set."""

    method: str
    args: tuple[Any, ...] = ()
    expected: Any = None
    check: bool = False


def _method_call(value: Any) -> Any:
    """Accept the compact `["put", [1, 1]]` / `["get", [1], 1]` forms of a call."""
    if isinstance(value, list | tuple):
        if not 1 <= len(value) <= 3:
            raise ValueError("a call is [method, [args]] or [method, [args], expected]")
        method, args = value[0], (value[1] if len(value) > 1 else [])
        if len(value) == 3:
            return {"method": method, "args": args, "expected": value[2], "check": True}
        return {"method": method, "args": args}
    return value


class TestCase(_Model):
    """One test of a coding answer, as data.

    Exactly one of three shapes: a function call (`args` → `expected`), a class
    session (`calls`, the first being the constructor), or assertion code imported
    from a benchmark set (`script`, which only ever runs inside the sandbox).
    Values TOML cannot express (None, tuples, sets) are written in the
    `*_literal` twins as Python literals.
    """

    __test__ = False  # not a pytest class

    name: str = ""
    hidden: bool = False
    args: tuple[Any, ...] | None = None
    kwargs: dict[str, Any] = Field(default_factory=dict)
    expected: Any = None
    calls: tuple[MethodCall, ...] | None = None
    script: str | None = None
    compare: Comparator = "exact"
    rel_tol: float = Field(default=1e-6, ge=0)
    abs_tol: float = Field(default=1e-9, ge=0)
    check_arg: int | None = Field(default=None, ge=0)
    has_expected: bool = False
    # SQL questions: the test's data set, loaded after the question's schema — rows per table
    # (`tables_literal` for NULLs) and/or `setup` SQL; `expected` is then the list of result rows.
    tables: dict[str, tuple[tuple[Any, ...], ...]] | None = None
    setup: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "args_literal" in data:
            parsed = _literal(str(data.pop("args_literal")), "args_literal")
            data["args"] = parsed if isinstance(parsed, tuple) else (parsed,)
        if "expected_literal" in data:
            data["expected"] = _literal(str(data.pop("expected_literal")), "expected_literal")
        if "tables_literal" in data:
            data["tables"] = _literal(str(data.pop("tables_literal")), "tables_literal")
        if "calls_literal" in data:
            data["calls"] = _literal(str(data.pop("calls_literal")), "calls_literal")
        if isinstance(data.get("calls"), list | tuple):
            data["calls"] = [_method_call(c) for c in data["calls"]]
        data["has_expected"] = "expected" in data
        return data

    @model_validator(mode="after")
    def _one_shape(self) -> TestCase:
        shapes = [self.args is not None, self.calls is not None, self.script is not None, self.is_sql]
        if sum(shapes) != 1:
            raise ValueError("a test needs exactly one of `args`, `calls` or `script` "
                             "(an SQL test: `tables` and/or `setup`)")
        if (self.args is not None or self.is_sql) and not self.has_expected:
            raise ValueError("a test with `args` or `tables` needs `expected` (or `expected_literal`)")
        if self.calls is not None and not self.calls:
            raise ValueError("`calls` must start with the constructor call")
        if self.compare == "any_of" and not isinstance(self.expected, list | tuple):
            raise ValueError("compare = 'any_of' needs `expected` to be a list of accepted values")
        return self

    @property
    def is_sql(self) -> bool:
        return self.tables is not None or self.setup is not None


class ScalingCheck(_Model):
    """Measure growth by timing the answer on generated inputs of increasing size."""

    generator: ScalingGenerator
    sizes: tuple[int, ...] = Field(default=(1000, 2000, 4000, 8000), min_length=3)
    params: dict[str, Any] = Field(default_factory=dict)

    @field_validator("sizes")
    @classmethod
    def _increasing(cls, sizes: tuple[int, ...]) -> tuple[int, ...]:
        if any(b <= a for a, b in itertools.pairwise(sizes)) or sizes[0] < 1:
            raise ValueError("sizes must be positive and strictly increasing")
        return sizes


def parse_forbid(entry: str) -> tuple[Literal["name", "method", "module"], str]:
    """A `forbid` entry as (kind, what): "sorted" → name, "list.sort" → method "sort",
    "import:heapq" → module "heapq"; ValueError naming the entry otherwise."""
    module = entry.removeprefix("import:")
    if entry.startswith("import:") and all(part.isidentifier() for part in module.split(".")):
        return "module", module
    if entry.isidentifier():
        return "name", entry
    parts = entry.split(".")
    if len(parts) == 2 and all(part.isidentifier() for part in parts):
        return "method", parts[1]
    raise ValueError(f"forbid entry {entry!r}: write a name (\"sorted\"), a method (\"list.sort\") "
                     "or a module (\"import:heapq\")")


def _size(value: Any) -> int:
    """A cheap size estimate of a test's data, in characters."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple | set | frozenset):
        return 2 + sum(_size(v) + 1 for v in value)
    if isinstance(value, dict):
        return 2 + sum(_size(k) + _size(v) + 2 for k, v in value.items())
    return 8


class CodeSpec(_Model):
    """Everything the code grader needs to run a coding answer."""

    kind: Literal["function", "class"] = "function"
    entry_point: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    signature: str
    starter: str
    solution: str
    tests: tuple[TestCase, ...] = Field(min_length=1)
    time_limit_s: float = Field(default=2.0, gt=0, le=60)
    memory_limit_mb: int = Field(default=256, ge=32, le=4096)
    complexity: Complexity | None = None
    scaling: ScalingCheck | None = None
    # Calls or imports the answer may not use, checked on its syntax tree before it runs:
    # a name ("sorted"), a method ("list.sort" forbids any `.sort(...)` call) or a module
    # ("import:heapq").
    forbid: tuple[str, ...] = ()
    # Third-party packages the answer may import (e.g. "numpy"); nothing else is importable.
    allow_imports: tuple[str, ...] = ()
    language: Literal["python", "sql"] = "python"
    sql: SqlSpec | None = None  # `[code.sql]`: the schema and row comparison of an SQL question

    @model_validator(mode="before")
    @classmethod
    def _sql_defaults(cls, data: Any) -> Any:
        """An SQL answer is one query: it has no entry point or signature to write."""
        if isinstance(data, dict) and data.get("language") == "sql":
            return {"entry_point": "query", "signature": "one SQL query: SELECT … or WITH … SELECT …", **data}
        return data

    @model_validator(mode="after")
    def _language_matches(self) -> CodeSpec:
        if self.language == "python":
            if self.sql is not None or any(t.is_sql for t in self.tests):
                raise ValueError("[code.sql] and `tables`/`setup` tests need language = \"sql\"")
            return self
        if self.sql is None:
            raise ValueError("an SQL question needs a [code.sql] table with its `schema`")
        python_only = [name for name, value in (("kind", self.kind != "function"), ("forbid", self.forbid),
                                                ("allow_imports", self.allow_imports),
                                                ("complexity", self.complexity), ("scaling", self.scaling))
                       if value]
        if python_only:
            raise ValueError(f"`{python_only[0]}` does not apply to an SQL question")
        check_sql_tests(self.sql, self.tests)
        return self

    @field_validator("forbid")
    @classmethod
    def _forbid_syntax(cls, entries: tuple[str, ...]) -> tuple[str, ...]:
        for entry in entries:
            parse_forbid(entry)
        return entries

    @field_validator("tests", mode="before")
    @classmethod
    def _capped(cls, tests: Any) -> Any:
        if isinstance(tests, list | tuple) and len(tests) > MAX_TESTS:
            raise ValueError(f"at most {MAX_TESTS} tests per question, found {len(tests)}; "
                             "split the question or use a scaling generator for large inputs")
        return tests

    @model_validator(mode="after")
    def _small_tests(self) -> CodeSpec:
        for index, test in enumerate(self.tests):
            size = _size((test.args, test.kwargs, test.expected, test.script, test.setup, test.tables,
                          [(c.args, c.expected) for c in test.calls or ()]))
            if size > MAX_TEST_MB * 2**20:
                raise ValueError(f"tests[{index}]: its input is {size / 2**20:.1f} MB, over the "
                                 f"{MAX_TEST_MB} MB limit per test; use a scaling generator for big inputs")
        return self

    @model_validator(mode="after")
    def _kind_matches_tests(self) -> CodeSpec:
        for index, test in enumerate(self.tests):
            if self.kind == "class" and test.args is not None:
                raise ValueError(f"tests[{index}]: a class question's tests use `calls`")
            if self.kind == "function" and test.calls is not None:
                raise ValueError(f"tests[{index}]: `calls` is only for kind = 'class'")
        return self

    @property
    def visible_tests(self) -> tuple[TestCase, ...]:
        return tuple(t for t in self.tests if not t.hidden)

    @property
    def hidden_tests(self) -> tuple[TestCase, ...]:
        return tuple(t for t in self.tests if t.hidden)


# ------------------------------------------------------------------ questions


class QuestionBase(_Model):
    id: str = Field(pattern=ID_PATTERN, max_length=120)
    version: int = Field(default=1, ge=1)
    title: str = Field(min_length=3, max_length=120)
    topics: tuple[str, ...] = Field(min_length=1)
    difficulty: Difficulty
    prompt: str = Field(min_length=10)
    minutes: int = Field(ge=1, le=120)
    hints: tuple[str, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    model_answer: str = Field(min_length=1)
    rubric: tuple[Criterion, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    examples: tuple[ExampleAnswer, ...] = ()
    # Where the question came from; set by the loader, not written in the file.
    source: str = ""
    pack: str = ""

    @field_validator("follow_ups", mode="before")
    @classmethod
    def _coerce_follow_ups(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [_follow_up(v) for v in value]
        return value

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        _check_vocabulary("topic", value, info)
        return value

    @model_validator(mode="after")
    def _unique_criteria(self) -> QuestionBase:
        ids = [c.id for c in self.rubric]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"rubric criterion ids repeat: {', '.join(dupes)}")
        return self

    @model_validator(mode="after")
    def _references_exist(self) -> QuestionBase:
        criteria = {c.id for c in self.rubric}
        for index, follow_up in enumerate(self.follow_ups):
            if follow_up.probes is not None and follow_up.probes not in criteria:
                raise ValueError(f"follow_ups[{index}].probes: no rubric criterion '{follow_up.probes}'")
        for index, wrong in enumerate(self.misconceptions):
            if wrong.criterion is not None and wrong.criterion not in criteria:
                raise ValueError(f"misconceptions[{index}].criterion: no criterion '{wrong.criterion}'")
        return self

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[Category(self.category)]  # type: ignore[attr-defined]

    def example(self, kind: Literal["strong", "weak"]) -> ExampleAnswer | None:
        return next((e for e in self.examples if e.kind == kind), None)


class _FreeText(QuestionBase):
    @model_validator(mode="after")
    def _needs_rubric(self) -> _FreeText:
        if not self.rubric:
            raise ValueError("a free-text question needs at least one [[rubric]] criterion")
        return self


class CodingQuestion(QuestionBase):
    category: Literal["coding"]
    code: CodeSpec


class MLTheoryQuestion(_FreeText):
    category: Literal["ml_theory"]


class SystemDesignQuestion(_FreeText):
    category: Literal["system_design"]
    phases: tuple[DesignPhase, ...] = Field(min_length=1)
    facts: tuple[Fact, ...] = ()

    @model_validator(mode="after")
    def _unique_facts(self) -> SystemDesignQuestion:
        ids = [f.id for f in self.facts]
        if len(ids) != len(set(ids)):
            raise ValueError("facts ids repeat")
        return self


class BehaviouralQuestion(_FreeText):
    category: Literal["behavioural"]
    competencies: tuple[str, ...] = Field(min_length=1)
    star: bool = True


Question = Annotated[
    CodingQuestion | MLTheoryQuestion | SystemDesignQuestion | BehaviouralQuestion,
    Field(discriminator="category"),
]
AnyQuestion = CodingQuestion | MLTheoryQuestion | SystemDesignQuestion | BehaviouralQuestion


class PackManifest(_Model):
    """`pack.toml`: who wrote a pack and under what licence."""

    name: str = Field(pattern=ID_PATTERN)
    version: str = "1.0.0"
    description: str = ""
    author: str = ""
    licence: str = ""
