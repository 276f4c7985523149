"""Comparators as data: how a test's expected value is matched against the answer's.

Runs only on the trusted side, on plain values rebuilt from the child's data
(wire.py): a NumPy array arrives as `wire.Array`, any object without a plain
form as `wire.Opaque`, which equals nothing.

- exact: equality, with lists and tuples interchangeable and booleans kept apart
  from integers (`True` is not an acceptable answer for `1`);
- float: numbers within `rel_tol`/`abs_tol` (NaN matches NaN), element by element;
- unordered: the same elements in any order at the top level (duplicates count);
- multiset: order ignored at every nesting level (e.g. groups of anagrams);
- set: the same distinct elements, order and duplicates ignored;
- any_of: `expected` lists every accepted answer; any exact match passes.
- allclose: a NumPy array of the expected shape, of the expected dtype kind (float
  for a float literal, integer for ints, bool for booleans; an empty `[]` any numeric kind),
  values within tolerances;
- shape: a NumPy array (or nested list) of the expected shape, values not checked;
  these three, and float, look through a tuple or list holding arrays (`(loss, grad)`)
  item by item, naming the item that fails ("item [1]: shape (4,), expected (2, 2)");
- gradient: a gradient check, ‖a − e‖ / max(‖a‖ + ‖e‖, tiny) ≤ rel_tol (no shape slack).
"""

from __future__ import annotations

import math

from interview.grading.code.wire import Array

TYPE_CHECKING = False
if TYPE_CHECKING:  # importing `typing` would cost the child ~10 ms
    from typing import Any

_SEQ = (list, tuple)


def matches(actual: Any, expected: Any, compare: str = "exact",
            rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> bool:
    """True when `actual` is an accepted answer for `expected` under `compare`."""
    if compare in ARRAY_COMPARATORS:
        return explain(actual, expected, compare, rel_tol, abs_tol) is None
    if isinstance(actual, Array):
        actual = actual.data
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
    if isinstance(actual, Array):  # e.g. the gradient in a returned `(loss, grad)`
        return actual.shape == shape_of(expected) and _equal(actual.data, expected, tol)
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


ARRAY_COMPARATORS = ("allclose", "shape", "gradient")
NUMERIC = "biufc"  # NumPy dtype kinds that hold numbers


def explain(actual: Any, expected: Any, compare: str, rel_tol: float = 1e-6,
            abs_tol: float = 1e-9) -> str | None:
    """Why `actual` is not accepted for `expected` under `compare`, in one line naming where
    (None when it is accepted): the item, the numbers and their errors, shape and dtype."""
    if compare in ARRAY_COMPARATORS:
        return _array_items(actual, expected, compare, rel_tol, abs_tol, "")
    if matches(actual, expected, compare, rel_tol, abs_tol):
        return None
    if isinstance(actual, Array):
        actual = actual.data
    reason: str | None
    if compare in ("exact", "float"):
        tol = (rel_tol, abs_tol) if compare == "float" else None
        reason = _difference(actual, expected, tol, "")
        if reason and tol is not None:
            reason += _errors(list(_pairs(actual, expected)), "numbers")
    elif compare == "any_of":
        reason = f"matches none of the {len(expected)} accepted answers"
    else:
        reason = _bag_difference(actual, expected, compare)
    return reason or f"does not match the expected value ({compare})"


def _difference(actual: Any, expected: Any, tol: tuple[float, float] | None, path: str) -> str | None:
    """The first place where `actual` differs from `expected` (exact, or float with `tol`)."""
    if isinstance(actual, Array):
        if actual.shape != shape_of(expected):
            return f"{_at(path)}shape {actual.shape}, expected {shape_of(expected)}"
        actual = actual.data
    numbers = not isinstance(actual, bool) and not isinstance(expected, bool) and all(
        isinstance(v, int | float) for v in (actual, expected))
    if tol is not None and numbers:
        reason = _number(actual, expected, *tol)
        return _at(path) + reason if reason else None
    if isinstance(expected, _SEQ):
        if not isinstance(actual, _SEQ):
            wanted = f"a {type(expected).__name__} of {len(expected)} items"
            return f"{_at(path)}{_typed(actual)}, expected {wanted}"
        if len(actual) != len(expected):
            return f"{_at(path)}{len(actual)} items, expected {len(expected)}"
        return next((r for i, (a, e) in enumerate(zip(actual, expected, strict=True))
                     if (r := _difference(a, e, tol, f"{path}[{i}]"))), None)
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{_at(path)}{_typed(actual)}, expected a dict"
        missing = sorted(map(repr, expected.keys() - actual.keys()))
        extra = sorted(map(repr, actual.keys() - expected.keys()))
        if missing or extra:
            parts = [f"missing keys [{', '.join(missing[:5])}]" if missing else "",
                     f"unexpected keys [{', '.join(extra[:5])}]" if extra else ""]
            return _at(path) + "; ".join(p for p in parts if p)
        return next((r for k, e in expected.items()
                     if (r := _difference(actual[k], e, tol, f"{path}[{k!r}]"))), None)
    if _equal(actual, expected, None):
        return None
    plain = type(actual) is type(expected) or numbers
    got, want = (repr(actual), repr(expected)) if plain else (_typed(actual), _typed(expected))
    got, want = got[:80], want[:80]
    return f"item {path}: {got}, expected {want}" if path else f"expected {want}, got {got}"


def _typed(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})"[:100] if not isinstance(value, (*_SEQ, dict)) else (
        f"a {type(value).__name__}")


def _pairs(actual: Any, expected: Any) -> Any:
    """Every (answer, expected) pair of numbers where the two structures line up."""
    if isinstance(actual, Array):
        actual = actual.data
    if isinstance(expected, _SEQ) and isinstance(actual, _SEQ) and len(actual) == len(expected):
        for a, e in zip(actual, expected, strict=True):
            yield from _pairs(a, e)
    elif isinstance(expected, dict) and isinstance(actual, dict):
        for key in expected.keys() & actual.keys():
            yield from _pairs(actual[key], expected[key])
    elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in (actual, expected)):
        yield actual, expected


def _errors(pairs: list[tuple[float, float]], noun: str) -> str:
    """'; max abs error …, max rel error … over N numbers' (finite pairs only)."""
    finite = [(a, e) for a, e in pairs if math.isfinite(a) and math.isfinite(e)]
    if not finite:
        return ""
    worst_abs = max(abs(a - e) for a, e in finite)
    worst_rel = max((abs(a - e) / abs(e) for a, e in finite if e), default=0.0)
    return f"; max abs error {worst_abs:.3g}, max rel error {worst_rel:.3g} over {len(pairs)} {noun}"


def _bag_difference(actual: Any, expected: Any, compare: str) -> str:
    """What is missing and what is unexpected, order ignored (duplicates count unless `set`)."""
    if not isinstance(actual, (*_SEQ, set, frozenset)):
        return f"{_typed(actual)}, expected a list"
    deep, distinct = compare == "multiset", compare == "set"
    shown: dict[Any, Any] = {}
    for value in (*expected, *actual):
        shown.setdefault(_freeze(value, deep), value)
    have, want = _counts(actual, deep, distinct), _counts(expected, deep, distinct)
    missing = [shown[k] for k, n in want.items() for _ in range(n - have.get(k, 0))]
    extra = [shown[k] for k, n in have.items() for _ in range(n - want.get(k, 0))]
    parts = [f"missing {_few(missing)}" if missing else "", f"unexpected {_few(extra)}" if extra else ""]
    return "; ".join(p for p in parts if p) or f"{len(actual)} items, expected {len(expected)}"


def _few(values: list[Any]) -> str:
    text = repr(values[:5])[:160]
    return text if len(values) <= 5 else f"{text[:-1]}, … {len(values) - 5} more]"


def _array_items(actual: Any, expected: Any, compare: str, rel_tol: float, abs_tol: float,
                 path: str) -> str | None:
    """Through a tuple or list of arrays (a function returning `(loss, grad)`), item by item."""
    if isinstance(actual, _SEQ) and (_ragged(expected) or any(isinstance(a, Array) for a in actual)):
        if not isinstance(expected, _SEQ) or len(expected) != len(actual):
            wanted = f"{len(expected)} items" if isinstance(expected, _SEQ) else repr(expected)
            return f"{_at(path)}a {type(actual).__name__} of {len(actual)} items, expected {wanted}"
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            reason = _array_items(a, e, compare, rel_tol, abs_tol, f"{path}[{index}]")
            if reason is not None:
                return reason
        return None
    if path and not isinstance(expected, _SEQ):  # a scalar item: a number, or a 0-d array
        value = actual.data if isinstance(actual, Array) and actual.shape == () else actual
        if compare == "shape":
            return None if isinstance(value, int | float) else f"{_at(path)}{value!r}, expected a number"
        return _at(path) + reason if (reason := _number(value, expected, rel_tol, abs_tol)) else None
    reason = _array(actual, expected, compare, rel_tol, abs_tol)
    return _at(path) + reason if reason else None


def _at(path: str) -> str:
    return f"item {path}: " if path else ""


def _ragged(value: Any) -> bool:
    """A sequence no array could hold: scalars mixed with lists, or lists of different shapes."""
    if not isinstance(value, _SEQ) or not value:
        return False
    shapes = {shape_of(v) if isinstance(v, _SEQ) else None for v in value}
    return len(shapes) > 1 or any(_ragged(v) for v in value)


def _number(actual: Any, expected: Any, rel_tol: float, abs_tol: float) -> str | None:
    """Why one number does not match (None when it does)."""
    differs = f"{actual!r}, expected {expected!r}"
    if isinstance(actual, bool) != isinstance(expected, bool) or not isinstance(actual, int | float):
        return differs
    if isinstance(expected, bool) or not isinstance(expected, int | float):
        return None if actual == expected else differs
    if math.isnan(actual) or math.isnan(expected):
        return None if math.isnan(actual) and math.isnan(expected) else differs
    if math.isclose(actual, expected, rel_tol=rel_tol, abs_tol=abs_tol):
        return None
    return f"{actual!r}, expected {expected!r} (rel_tol {rel_tol:g}, abs_tol {abs_tol:g})"


def _array(actual: Any, expected: Any, compare: str, rel_tol: float, abs_tol: float) -> str | None:
    want = shape_of(expected)
    got = actual.shape if isinstance(actual, Array) else shape_of(actual)
    if compare != "shape" and not isinstance(actual, Array):
        return f"expected a NumPy array, got {type(actual).__name__}"
    if got != want:
        return f"shape {got}, expected {want}"
    if compare == "shape":
        return None
    values, targets = _flat(actual.data), _flat(expected)
    if not all(isinstance(v, int | float) for v in values):
        return "the array holds values that are not numbers"
    kind = _kind(targets)
    if compare == "allclose" and not targets:  # `[]` says nothing about the dtype: any numeric one
        return None if actual.kind in NUMERIC else f"dtype {actual.dtype}, expected a numeric array"
    if compare == "allclose" and kind != "f" and actual.kind != kind:
        return f"dtype kind {actual.kind!r} ({actual.dtype}), expected {kind!r}"
    if compare == "allclose" and kind == "f" and actual.kind not in "fc":
        return f"dtype {actual.dtype}, expected a float array"
    if compare == "gradient":
        diff = math.sqrt(sum((a - e) ** 2 for a, e in zip(values, targets, strict=True)))
        scale = math.sqrt(sum(a * a for a in values)) + math.sqrt(sum(e * e for e in targets))
        error = diff / max(scale, 1e-12)
        return None if error <= rel_tol else f"relative error {error:.2e} exceeds {rel_tol:g}"
    for position, (a, e) in enumerate(zip(values, targets, strict=True)):
        reason = _number(a, e, rel_tol, abs_tol)
        if reason is not None:
            summary = _errors(list(zip(values, targets, strict=True)), "elements")
            return f"element {position}: {reason}{summary}; shape {actual.shape}, dtype {actual.dtype}"
    return None


def shape_of(value: Any) -> tuple[int, ...]:
    if isinstance(value, Array):
        return value.shape
    if isinstance(value, list | tuple):
        return (len(value), *shape_of(value[0])) if value else (0,)
    return ()


def _flat(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return [x for item in value for x in _flat(item)]
    return [value]


def _kind(values: list[Any]) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "b"
    return "i" if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values) else "f"
