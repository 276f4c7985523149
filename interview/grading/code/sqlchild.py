"""The sandboxed child's SQL mode: load each test's data set into a fresh in-memory SQLite database,
run the answer's query read-only, and send back its rows as plain data.

Like the rest of the child it holds no expected rows and decides nothing.  What the query may
do is enforced by SQLite itself: an authorizer that allows reading and nothing else (no writes,
ATTACH, PRAGMA or transactions), extension loading left off, a value-length limit, a progress
handler that stops the statement once the time budget is spent, and caps on rows and bytes.
Standard library only; the launcher imports it before any answer runs.
"""

# ruff: noqa: UP031  - %-formatting keeps the JSON braces of the protocol readable
from __future__ import annotations

import sqlite3
import time
from _json import encode_basestring as _str

import wire

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

NOT_RUN = '{"t":"out","i":%d,"kind":"timeout","err":"not run: the time limit was used up"}'
MAX_ROWS = 10_000
MAX_BYTES = 4 * 2**20  # of text and blobs in one result
MAX_VALUE = 2**20  # one text or blob value (SQLITE_LIMIT_LENGTH)
MAX_QUERY = 100_000  # characters of SQL (SQLITE_LIMIT_SQL_LENGTH)
READ_ONLY = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}


DENIED = ("not authorized: the query may only read the tables (no writes, ATTACH, PRAGMA or "
          "transactions)")


def _explain(exc: sqlite3.Error) -> str:
    return DENIED if "not authorized" in str(exc) else str(exc)


class Capped(Exception):
    """The result is larger than the judge reads."""


def _read_only(action: int, *_: Any) -> int:
    return sqlite3.SQLITE_OK if action in READ_ONLY else sqlite3.SQLITE_DENY


def database(schema: str, test: dict[str, Any], child: Any) -> sqlite3.Connection:
    """A fresh in-memory database holding the test's data set, then locked to reading."""
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA temp_store = MEMORY")  # a big sort stays inside the memory limit
        db.executescript(schema)
        for name, rows in test.get("tables", {}).items():
            if rows:
                marks = ",".join("?" * len(rows[0]))
                db.executemany('INSERT INTO "%s" VALUES (%s)' % (name, marks), rows)
        if test.get("setup"):
            db.executescript(test["setup"])
    except sqlite3.Error as exc:
        db.close()
        raise LookupError(f"the test's data set does not load ({exc}); the question is at fault") from None
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE)
    db.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_QUERY)
    db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    db.set_authorizer(_read_only)
    db.set_progress_handler(lambda: child.expired, 2000)
    return db


def rows(db: sqlite3.Connection, query: str) -> str:
    """The query's column names and rows as the protocol's JSON body; Capped past the caps."""
    cursor = db.execute(query)
    names = [str(d[0]) for d in cursor.description or ()]
    out: list[str] = []
    size = 0
    for row in cursor:  # one row at a time: the caps stop it before memory runs out
        size += sum(len(v) for v in row if isinstance(v, str | bytes)) + 8 * len(row)
        out.append(wire.encode(list(row)))
        if len(out) > MAX_ROWS:
            raise Capped(f"the query returned more than {MAX_ROWS} rows; the judge reads at most "
                         f"{MAX_ROWS} (a missing join condition or LIMIT?)")
        if size > MAX_BYTES:
            raise Capped(f"the query returned more than {MAX_BYTES >> 20} MB of data; the judge reads at "
                         f"most {MAX_BYTES >> 20} MB")
    return '"cols":%s,"rows":[%s]' % (wire.encode(names), ",".join(out))


def compile_error(db: sqlite3.Connection, query: str) -> str | None:
    """What SQLite says about the query without running it (EXPLAIN prepares, never reads)."""
    try:
        db.execute("EXPLAIN " + query).close()
    except sqlite3.Warning:
        return "write one query only (a second statement was found)"
    except sqlite3.Error as exc:
        return _explain(exc)
    return None


def run(child: Any) -> None:
    """The SQL mode: one fresh database per test, one result line per test."""
    p = child.p
    tests, start = p["tests"], p["start"]
    try:
        first = database(p["schema"], tests[start], child)
    except LookupError as exc:
        child.send('{"t":"load","kind":"error","err":%s}' % _str(str(exc)))
        return
    problem = compile_error(first, p["code"])
    if problem is not None:
        child.send('{"t":"syntax","line":0,"col":0,"msg":%s,"text":""}' % _str(f"the query does not compile: "
                                                                               f"{problem}"))
        return
    child.send('{"t":"loaded"}')
    for index in range(start, len(tests)):
        if child.expired:
            child.send(NOT_RUN % index)
            continue
        started = time.perf_counter()
        db = None
        try:
            db = first if index == start else database(p["schema"], tests[index], child)
            body = rows(db, p["code"])
        except Capped as exc:
            body = '"kind":"error","err":%s' % _str(str(exc))
        except sqlite3.Error as exc:
            body = '"kind":"error","err":%s' % _str(f"{type(exc).__name__}: {_explain(exc)}"[:400])
        except BaseException as exc:
            kind, text = child.classify(exc)
            body = '"kind":%s,"err":%s' % (_str(kind), _str(text))
        finally:
            if db is not None:
                db.close()
        if child.expired:
            body = '"kind":"timeout","err":"time limit exceeded"'
        child.send('{"t":"out","i":%d,"ms":%.3f,%s}' % (index, (time.perf_counter() - started) * 1000, body))
