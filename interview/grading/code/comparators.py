"""Comparators as data: how a test's expected value is matched against the answer's.

Runs inside the sandboxed child (standard library only, no package imports),
and is importable in the app for its tests.

- exact: equality, with lists and tuples interchangeable and booleans kept apart
  from integers (`True` is not an acceptable answer for `1`);
- float: numbers within `rel_tol`/`abs_tol` (NaN matches NaN), element by element;
- unordered: the same elements in any order at the top level (duplicates count);
- multiset: order ignored at every nesting level (e.g. groups of anagrams);
- set: the same distinct elements, order and duplicates ignored;
- any_of: `expected` lists every accepted answer; any exact match passes.
"""

from __future__ import annotations

import math

TYPE_CHECKING = False
if TYPE_CHECKING:  # importing `typing` would cost the child ~10 ms
    from typing import Any

_SEQ = (list, tuple)


def matches(actual: Any, expected: Any, compare: str = "exact",
            rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> bool:
    """True when `actual` is an accepted answer for `expected` under `compare`."""
    if compare == "exact":
        return _equal(actual, expected, None)
    if compare == "float":
        return _equal(actual, expected, (rel_tol, abs_tol))
    if compare == "any_of":
        return any(_equal(actual, option, None) for option in expected)
    if not isinstance(actual, (*_SEQ, set, frozenset)):
        return False
    if compare == "set":
        return _counts(actual, False, distinct=True) == _counts(expected, False, distinct=True)
    if compare in ("unordered", "multiset"):
        deep = compare == "multiset"
        return len(actual) == len(expected) and _counts(actual, deep) == _counts(expected, deep)
    raise ValueError(f"unknown comparator {compare!r}")


def _equal(actual: Any, expected: Any, tol: tuple[float, float] | None) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(actual) is type(expected) and actual == expected
    if tol is not None and isinstance(expected, int | float) and isinstance(actual, int | float):
        if math.isnan(expected) or math.isnan(actual):
            return math.isnan(expected) and math.isnan(actual)
        return math.isclose(actual, expected, rel_tol=tol[0], abs_tol=tol[1])
    if isinstance(expected, _SEQ):
        return (isinstance(actual, _SEQ) and len(actual) == len(expected)
                and all(_equal(a, e, tol) for a, e in zip(actual, expected, strict=True)))
    if isinstance(expected, dict):
        return (isinstance(actual, dict) and actual.keys() == expected.keys()
                and all(_equal(actual[k], v, tol) for k, v in expected.items()))
    return bool(actual == expected)


def _freeze(value: Any, deep: bool) -> Any:
    """A hashable stand-in; with `deep`, inner sequences lose their order too."""
    if isinstance(value, _SEQ):
        items = [_freeze(v, deep) for v in value]
        return _Bag(items) if deep else tuple(items)
    if isinstance(value, set | frozenset):
        return frozenset(_freeze(v, deep) for v in value)
    if isinstance(value, dict):
        return frozenset((k, _freeze(v, deep)) for k, v in value.items())
    if isinstance(value, bool):
        return ("bool", value)
    try:
        hash(value)
    except TypeError:
        return ("repr", repr(value))
    return value


class _Bag(frozenset):  # type: ignore[type-arg]
    """An order-free, duplicate-aware sequence: a frozenset of (item, count) pairs."""

    def __new__(cls, items: list[Any]) -> _Bag:
        counts: dict[Any, int] = {}
        for item in items:
            counts[item] = counts.get(item, 0) + 1
        return super().__new__(cls, counts.items())


def _counts(values: Any, deep: bool, distinct: bool = False) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for value in values:
        key = _freeze(value, deep)
        counts[key] = 1 if distinct else counts.get(key, 0) + 1
    return counts
