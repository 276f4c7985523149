"""The SQL part of a coding question: the schema its tests load, how result rows are compared,
and the load-time checks of each test's data set (fixtures) and expected rows."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

TABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
SCALARS = (int, float, str, bytes, type(None))  # what an SQLite cell holds (bool counts as int)


class SqlSpec(BaseModel):
    """`[code.sql]`: the schema every test starts from and how its rows are judged.

    `ordered` says the question asks for an order (an ORDER BY): rows are then compared as a
    list, otherwise as a multiset.  `columns` names the result's columns: their number is
    checked (also on an empty result), the names are shown in messages, never required.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    schema_sql: str = Field(alias="schema", min_length=1)  # CREATE TABLE statements
    ordered: bool = False
    columns: tuple[str, ...] = ()
    rel_tol: float = Field(default=1e-6, ge=0)
    abs_tol: float = Field(default=1e-9, ge=0)


def _rows(rows: Any, where: str, width: int | None = None) -> int | None:
    """Check `rows` is a list of equally long rows of SQLite scalars; return their width."""
    if not isinstance(rows, list | tuple):
        raise ValueError(f"{where} must be a list of rows (each a list of values)")
    for number, row in enumerate(rows):
        if not isinstance(row, list | tuple):
            raise ValueError(f"{where}[{number}] must be a row: a list of values")
        if width is not None and len(row) != width:
            raise ValueError(f"{where}[{number}] has {len(row)} values; every row needs the same number "
                             f"of values ({width})")
        width = len(row)
        bad = next((v for v in row if not isinstance(v, SCALARS)), None)
        if isinstance(bad, datetime.date | datetime.time):
            raise ValueError(f"{where}[{number}]: {bad} is a TOML date; SQLite stores dates as text, "
                             f"so quote it: \"{bad}\"")
        if bad is not None:
            raise ValueError(f"{where}[{number}]: {bad!r} is not a number, text, bytes or NULL")
    return width


def check_sql_tests(sql: SqlSpec, tests: Sequence[Any]) -> None:
    """Every test is an SQL data set with expected rows of one width (`columns`' if given)."""
    width = len(sql.columns) or None
    for index, test in enumerate(tests):
        where = f"tests[{index}]"
        if not test.is_sql:
            raise ValueError(f"{where}: an SQL question's tests give `tables` (use `tables = {{}}` for an "
                             "empty database) and/or `setup`, not `args`, `calls` or `script`")
        unsupported = {"compare", "rel_tol", "abs_tol", "kwargs", "check_arg"} & test.model_fields_set
        if unsupported:
            raise ValueError(f"{where}: `{sorted(unsupported)[0]}` does not apply to SQL tests; set "
                             "`ordered`, `rel_tol` or `abs_tol` in [code.sql]")
        for name, rows in (test.tables or {}).items():
            if not TABLE_NAME.match(name):
                raise ValueError(f"{where}.tables: {name!r} is not a table name (letters, digits, _)")
            _rows(rows, f"{where}.tables.{name}")
        found = _rows(test.expected, f"{where}.expected")
        if width is not None and found is not None and found != width:
            what = f"the {width} columns" if sql.columns else f"{width} columns like the tests before it"
            raise ValueError(f"{where}.expected: rows have {found} values, expected {what}"
                             + (f" of [code.sql] columns ({', '.join(sql.columns)})" if sql.columns else ""))
        width = width or found
