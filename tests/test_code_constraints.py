"""Forbidden calls and imports, checked on the answer's syntax tree before it runs.

The evasions were written before the checker: each must be caught with a line
number.  The honest answers must not be flagged (a false alarm costs a real
candidate their score).
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from interview.bank.loader import load_roots
from interview.bank.models import CodeSpec, CodingQuestion
from interview.grading.code.constraints import check_constraints
from interview.paths import builtin_bank_dir

NO_SORT = ("sorted", "list.sort")
NO_HEAPQ = ("import:heapq",)

EVASIONS: list[tuple[str, tuple[str, ...], str]] = [
    # (code, forbid, why it must be caught)
    ("def f(xs):\n    return sorted(xs)\n", NO_SORT, "direct call"),
    ("def f(xs):\n    xs.sort()\n", NO_SORT, "method call"),
    ("def f(xs):\n    xs[:] = sorted(xs)\n", NO_SORT, "slice assignment of sorted"),
    ("def f(xs):\n    s = sorted\n    return s(xs)\n", NO_SORT, "alias"),
    ("def f(xs):\n    return list(map(sorted, [xs]))[0]\n", NO_SORT, "passed as a value"),
    ("def f(xs):\n    list.sort(xs)\n", NO_SORT, "unbound method"),
    ("def f(xs):\n    m = xs.sort\n    m()\n", NO_SORT, "bound method alias"),
    ("def f(xs):\n    getattr(xs, 'sort')()\n", NO_SORT, "getattr with the name"),
    ("def f(xs):\n    getattr(xs, 'so' + 'rt')()\n", NO_SORT, "getattr with a built name"),
    ("def f(xs):\n    g = getattr\n    g(xs, 'sort')()\n", NO_SORT, "getattr alias"),
    ("def f(xs):\n    return getattr(__builtins__, 'sorted')(xs)\n", NO_SORT, "getattr on __builtins__"),
    ("def f(xs):\n    return __builtins__.sorted(xs)\n", NO_SORT, "__builtins__ attribute"),
    ("import builtins\ndef f(xs):\n    return builtins.sorted(xs)\n", NO_SORT, "builtins module"),
    ("from builtins import sorted as s\ndef f(xs):\n    return s(xs)\n", NO_SORT, "from builtins import"),
    ("def f(xs):\n    return eval('sor' + 'ted')(xs)\n", NO_SORT, "eval of a string"),
    ("def f(xs):\n    exec('xs.sort()')\n", NO_SORT, "exec of a string"),
    ("def f(xs):\n    return eval(compile('sorted(xs)', 'x', 'eval'))\n", NO_SORT, "compile"),
    ("def f(xs):\n    import operator\n    operator.methodcaller('sort')(xs)\n", NO_SORT, "methodcaller"),
    ("def f(xs):\n    import operator\n    operator.methodcaller(chr(115) + 'ort')(xs)\n", NO_SORT,
     "methodcaller with a built name"),
    ("def f(xs):\n    return type(xs).__dict__['sort'](xs)\n", NO_SORT, "class __dict__"),
    ("def f(xs):\n    return vars(type(xs))['sort'](xs)\n", NO_SORT, "vars()"),
    ("def f(xs):\n    return globals()['__builtins__']\n", NO_SORT, "globals()"),
    ("import sys\ndef f(xs):\n    return sys.modules['builtins'].sorted(xs)\n", NO_SORT, "sys.modules"),
    ("import sys\ndef f(xs):\n    return sys._getframe().f_builtins['sor' + 'ted'](xs)\n", NO_SORT,
     "frame builtins"),
    ("def f(xs):\n    try:\n        1 / 0\n    except Exception as e:\n"
     "        b = e.__traceback__.tb_frame.f_globals\n", NO_SORT, "traceback frame"),
    ("def f(xs):\n    return ().__class__.__base__.__subclasses__()\n", NO_SORT, "subclass walk"),
    ("def f(xs):\n    return object.__getattribute__(xs, 'so' + 'rt')()\n", NO_SORT, "__getattribute__"),
    ("import importlib\ndef f(xs):\n    return importlib.import_module('builtins').sorted(xs)\n", NO_SORT,
     "importlib"),
    ("import gc\ndef f(xs):\n    return gc.get_referrers(xs)\n", NO_SORT, "gc object graph"),
    ("import heapq\ndef f(xs):\n    return heapq.nsmallest(len(xs), xs)\n", NO_HEAPQ, "import"),
    ("import heapq as h\ndef f(xs):\n    return h.nsmallest(2, xs)\n", NO_HEAPQ, "import as"),
    ("from heapq import *\ndef f(xs):\n    heapify(xs)\n", NO_HEAPQ, "star import"),
    ("from heapq import heapify\ndef f(xs):\n    heapify(xs)\n", NO_HEAPQ, "from import"),
    ("def f(xs):\n    from heapq import heapify\n    heapify(xs)\n", NO_HEAPQ, "local import"),
    ("def f(xs):\n    return __import__('heapq').nsmallest(2, xs)\n", NO_HEAPQ, "__import__"),
    ("def f(xs):\n    import importlib\n    return importlib.import_module('heap' + 'q')\n", NO_HEAPQ,
     "import_module with a built name"),
    ("import sys\ndef f(xs):\n    return sys.modules['heapq']\n", NO_HEAPQ, "sys.modules lookup"),
    ("def f(xs):\n    return [sorted][0](xs)\n", NO_SORT, "inside a list"),
    ("def f(xs, key=sorted):\n    return key(xs)\n", NO_SORT, "default argument"),
    ("@sorted\ndef f(xs):\n    pass\n", NO_SORT, "decorator"),
    ("def f(xs):\n    return \uff53orted(xs)\n", NO_SORT, "full-width letter (NFKC)"),
    ("def f(xs):\n    return print.__self__.sorted(xs)\n", NO_SORT, "builtin's __self__"),
    ("def f(xs):\n    getattr(*[xs, 'so' + 'rt'])()\n", NO_SORT, "getattr with star args"),
    ("class L(list):\n    def go(self):\n        super().sort()\n", NO_SORT, "super()"),
    ("def f(xs):\n    getattr(xs, 'so' 'rt')()\n", NO_SORT, "implicit concatenation"),
]

HONEST: list[tuple[str, tuple[str, ...]]] = [
    ("def sort_colors(nums: list[int]) -> None:\n    low, mid, high = 0, 0, len(nums) - 1\n"
     "    while mid <= high:\n        if nums[mid] == 0:\n"
     "            nums[low], nums[mid] = nums[mid], nums[low]\n"
     "            low += 1\n            mid += 1\n        elif nums[mid] == 1:\n            mid += 1\n"
     "        else:\n            nums[mid], nums[high] = nums[high], nums[mid]\n"
     "            high -= 1\n", NO_SORT),
    ('def f(nums: list[int]) -> None:\n    """Counting sort; sorted() is not allowed here."""\n'
     "    counts = [nums.count(c) for c in range(3)]  # do not call sorted\n"
     "    sorted_part = [c for c in range(3) for _ in range(counts[c])]\n"
     "    nums[:] = sorted_part\n", NO_SORT),
    ("import sys\nfrom collections import Counter, deque\nsys.setrecursionlimit(10000)\n"
     "def f(nums: list[int]) -> int:\n    return max(Counter(nums).values()) + len(deque(nums))\n", NO_SORT),
    ("class Node:\n    def __init__(self, val):\n        self.val = val\n    def __repr__(self):\n"
     "        return f'Node({self.val})'\ndef f(n):\n    return getattr(n, 'val')\n", NO_SORT),
    ("import heapq\ndef f(xs):\n    return heapq.nlargest(2, xs)\n", NO_SORT),
    ("def f(xs):\n    return sorted(xs)\n", NO_HEAPQ),
    ("import heapqueue_like as hq\ndef f(xs):\n    return hq\n", NO_HEAPQ),
    ("def f(xs):\n    return eval('1 + 1')\n", ()),
]


@pytest.mark.parametrize(("code", "forbid", "why"), EVASIONS, ids=[e[2] for e in EVASIONS])
def test_evasions_are_caught_with_a_line(code: str, forbid: tuple[str, ...], why: str) -> None:
    violations = check_constraints(code, forbid)
    assert violations, why
    lines = code.count("\n") + 1
    assert all(1 <= v.line <= lines for v in violations)
    assert all("\n" not in v.message and v.message for v in violations)


@pytest.mark.parametrize(("code", "forbid"), HONEST)
def test_honest_answers_are_not_flagged(code: str, forbid: tuple[str, ...]) -> None:
    assert check_constraints(code, forbid) == []


def test_the_violation_names_the_line_and_the_rule() -> None:
    code = "def f(xs):\n    ys = list(xs)\n    ys.sort()\n    return ys\n"
    [violation] = check_constraints(code, NO_SORT)
    assert violation.line == 3 and violation.rule == "list.sort"
    assert "sort" in violation.message and str(violation).startswith("line 3: ")


def test_unparsable_code_is_left_to_the_runner() -> None:
    assert check_constraints("def f(:\n", NO_SORT) == []


@pytest.mark.parametrize("entry", ["", "sorted()", "list.", "import:", "import:heap q", "a.b.c", "1abc",
                                   "imports:heapq"])
def test_unknown_forbid_syntax_is_a_clear_load_error(entry: str) -> None:
    with pytest.raises(ValidationError, match="forbid"):
        CodeSpec.model_validate({"entry_point": "f", "signature": "def f():", "starter": "", "solution": "",
                                 "tests": [{"args": [], "expected": 1}], "forbid": [entry]})


def test_valid_forbid_entries_load() -> None:
    spec = CodeSpec.model_validate({
        "entry_point": "f", "signature": "def f():", "starter": "", "solution": "",
        "tests": [{"args": [], "expected": 1}],
        "forbid": ["sorted", "list.sort", "import:heapq", "import:os.path"]})
    assert spec.forbid == ("sorted", "list.sort", "import:heapq", "import:os.path")


def test_bank_references_keep_their_own_rules_and_the_issue_cheat_is_caught() -> None:
    bank = load_roots([builtin_bank_dir()])
    constrained = [q for q in bank if isinstance(q, CodingQuestion) and q.code.forbid]
    assert {"coding.sort-colors", "coding.valid-palindrome"} <= {q.id for q in constrained}
    for q in constrained:
        assert check_constraints(q.code.solution, q.code.forbid) == [], q.id
    sort_colors = bank.get("coding.sort-colors")
    assert isinstance(sort_colors, CodingQuestion)
    cheat = "def sort_colors(nums):\n    nums[:] = sorted(nums)\n"
    [violation] = check_constraints(cheat, sort_colors.code.forbid)
    assert violation.line == 2 and violation.rule == "sorted"


SORT_QUESTION_TESTS = [{"name": "three", "args": [[3, 1, 2]], "expected": [1, 2, 3]},
                       {"name": "four", "args": [[4, 3, 2, 1]], "expected": [1, 2, 3, 4]},
                       {"name": "two", "args": [[2, 1]], "expected": [1, 2], "hidden": True},
                       {"name": "dupes", "args": [[2, 2, 1]], "expected": [1, 2, 2], "hidden": True}]


def _sort_question() -> CodingQuestion:
    from tests.test_code_runner import question

    return question(SORT_QUESTION_TESTS, starter="def f(xs):\n    pass\n", forbid=["sorted", "list.sort"])


@pytest.mark.parametrize("code", ["", "def f(xs):\n    pass\n", "def f(xs):\n    return xs\n",
                                  "def f(xs):\n    raise NotImplementedError\n"])
def test_an_answer_that_passes_nothing_earns_no_constraint_credit(code: str) -> None:
    from interview.grading.code import grade_code

    result = grade_code(_sort_question(), code)
    assert result.score == 0, result.criteria
    [constraints] = [c for c in result.criteria if c.criterion_id == "constraints"]
    assert constraints.score == 0 and "no test" in constraints.verdict


def test_constraint_credit_follows_the_tests_passed() -> None:
    from interview.grading.code import grade_code

    q = _sort_question()
    bubble = ("def f(xs):\n    xs = list(xs)\n    for i in range(len(xs)):\n"
              "        for j in range(len(xs) - 1):\n            if xs[j] > xs[j + 1]:\n"
              "                xs[j], xs[j + 1] = xs[j + 1], xs[j]\n    return xs\n")
    assert grade_code(q, bubble).score == 100
    half = "def f(xs):\n    return [1, 2] if len(xs) == 2 else [1, 2, 3]\n"  # passes 'three' and 'two'
    result = grade_code(q, half)
    assert result.score == 50, result.criteria  # 2/4 tests: half the correctness, half the constraint credit
    cheat = grade_code(q, "def f(xs):\n    return sorted(xs)\n")
    assert round(cheat.score, 1) == 66.7  # every test, no constraint credit
