"""Result rows of an SQL answer against the expected rows: as a list when the question asks for an
order, as a multiset otherwise; numbers within a tolerance, NULL equal only to NULL.

Runs on the trusted side, on plain values rebuilt from the child's JSON.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

Row = tuple[Any, ...]
SHOWN = 3  # differing rows quoted in a message
ROW_CHARS = 120


def same_value(actual: Any, expected: Any, rel_tol: float, abs_tol: float) -> bool:
    if actual is None or expected is None:
        return actual is None and expected is None
    numbers = (int, float)
    if isinstance(actual, numbers) and isinstance(expected, numbers):
        if isinstance(actual, int) and isinstance(expected, int):
            return int(actual) == int(expected)
        a, e = float(actual), float(expected)
        if math.isnan(a) or math.isnan(e):
            return math.isnan(a) and math.isnan(e)
        return math.isclose(a, e, rel_tol=rel_tol, abs_tol=abs_tol)
    return type(actual) is type(expected) and actual == expected


def same_row(actual: Row, expected: Row, rel_tol: float, abs_tol: float) -> bool:
    return len(actual) == len(expected) and all(
        same_value(a, e, rel_tol, abs_tol) for a, e in zip(actual, expected, strict=True))


def _bucket(row: Row) -> Row:
    """A coarse key under which rows that may match share a bucket (numbers to 6 significant digits)."""
    def key(value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = float(value)
            return ("n", float(f"{number:.6g}") if math.isfinite(number) else str(number))
        return (type(value).__name__, value)
    return tuple(key(v) for v in row)


def unmatched(actual: Sequence[Row], expected: Sequence[Row], rel_tol: float,
              abs_tol: float) -> tuple[list[Row], list[Row]]:
    """(expected rows with no partner in `actual`, actual rows with no partner in `expected`)."""
    pool: dict[Row, list[Row]] = defaultdict(list)
    for row in actual:
        pool[_bucket(row)].append(row)
    missing: list[Row] = []
    for row in expected:
        bucket = pool.get(_bucket(row), [])
        found = next((i for i, a in enumerate(bucket) if same_row(a, row, rel_tol, abs_tol)), None)
        if found is None:
            missing.append(row)
        else:
            bucket.pop(found)
    extra = [row for bucket in pool.values() for row in bucket]
    still_missing = []
    for row in missing:  # near a rounding boundary two matching rows can land in different buckets
        found = next((i for i, a in enumerate(extra) if same_row(a, row, rel_tol, abs_tol)), None)
        if found is None:
            still_missing.append(row)
        else:
            extra.pop(found)
    return still_missing, extra


def show_row(row: Row) -> str:
    text = repr(tuple(row))
    return text if len(text) <= ROW_CHARS else text[: ROW_CHARS - 1] + "…"


def show_rows(rows: Sequence[Row], limit: int = 5) -> str:
    if not rows:
        return "no rows"
    shown = ", ".join(show_row(r) for r in rows[:limit])
    return shown + (f", … ({len(rows)} rows)" if len(rows) > limit else "")


def _some(count: int, what: str, rows: Sequence[Row]) -> str:
    noun = "row" if count == 1 else "rows"
    listed = ", ".join(show_row(r) for r in rows[:SHOWN])
    return f"{what.format(n=count, noun=noun)}: {listed}" + (", …" if count > SHOWN else "")


def compare(actual: Sequence[Row], columns: Sequence[str], expected: Sequence[Row], *, ordered: bool,
            expected_columns: Sequence[str], rel_tol: float, abs_tol: float) -> str | None:
    """None when the rows match; otherwise what differs, quoting a few rows."""
    width = len(expected_columns) or (len(expected[0]) if expected else None)
    if width is not None and len(columns) != width:
        named = f" ({', '.join(expected_columns)})" if expected_columns else ""
        return f"expected {width} columns{named}, got {len(columns)} ({', '.join(columns)})"
    if ordered and len(actual) == len(expected) and all(
            same_row(a, e, rel_tol, abs_tol) for a, e in zip(actual, expected, strict=True)):
        return None
    missing, extra = unmatched(actual, expected, rel_tol, abs_tol)
    if not missing and not extra:
        if not ordered:
            return None
        at = next(i for i, (a, e) in enumerate(zip(actual, expected, strict=True))
                  if not same_row(a, e, rel_tol, abs_tol))
        return (f"the right rows in the wrong order (the question asks for an ORDER BY): row {at + 1} "
                f"should be {show_row(expected[at])}, got {show_row(actual[at])}")
    parts = []
    if missing:
        parts.append(_some(len(missing), "missing {n} {noun}", missing))
    if extra:
        parts.append(_some(len(extra), "{n} unexpected {noun}", extra))
    return f"{len(actual)} rows, expected {len(expected)}; " + "; ".join(parts)
