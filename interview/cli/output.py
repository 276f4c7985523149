"""Terminal output shared by the commands: tables that pipe, JSON printing, a lazy rich console.

`rich` costs a noticeable share of a short command's start-up, so it is imported only when
something is drawn for a person at a terminal. In a pipe, every table is plain
tab-separated rows under a header line: nothing is cut, wrapped or coloured, so
`cut -f1`, `sort -t$'\\t'` and spreadsheets read it as it is.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


def console() -> Console:
    """A console on stdout; plain text, with no colour codes or inserted line breaks, in a pipe."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=not to_terminal())


def to_terminal() -> bool:
    return sys.stdout.isatty()


_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
_CONTROL = dict.fromkeys([*range(0x20), 0x7F, *range(0x80, 0xA0)], "\ufffd")
for _keep in ("\n", "\t"):
    del _CONTROL[ord(_keep)]


def paint(text: str, style: str = "") -> str:
    """Text for the terminal: control characters (escape codes from an answer or a model) made
    harmless, and `style` ("bold green") as colour codes only when a person is reading."""
    text = text.translate(_CONTROL)
    codes = ";".join(_SGR[word] for word in style.split())
    if not codes or not to_terminal() or os.environ.get("NO_COLOR"):
        return text
    return f"\x1b[{codes}m{text}\x1b[0m"


def print_json(data: Any) -> None:
    # One write: `json.dump` writes each token, thousands of calls for a long list.
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


@dataclass(frozen=True)
class Column:
    """One table column. `grow` is the column given the spare room (titles, summaries)."""

    name: str
    right: bool = False
    grow: bool = False


def print_table(columns: Sequence[Column], rows: Sequence[Sequence[Any]], *, title: str | None = None,
                footer: str | None = None) -> None:
    """A table: sized to the terminal for a person, tab-separated rows with a header in a pipe.

    Cells may be strings or rich `Text` (for colour); the title and footer are for people and
    are left out of piped output, which holds only the header and the rows.
    """
    if not to_terminal():
        lines = ["\t".join(c.name for c in columns)]
        lines.extend("\t".join([_plain(cell) for cell in row]) for row in rows)
        lines.append("")
        sys.stdout.write("\n".join(lines))  # one write: ten thousand rows pipe in milliseconds
        return
    out = console()
    if _too_narrow(columns, rows, out.width):
        _print_blocks(columns, rows, title, footer, out)
        return
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold", title=title, title_justify="left",
                  title_style="bold")
    for column in columns:
        table.add_column(column.name, justify="right" if column.right else "left",
                         no_wrap=not column.grow, overflow="fold")
    for row in rows:
        table.add_row(*(_rich(cell) for cell in row))
    out.print(table)
    if footer:
        out.print(footer, markup=False)


GROW_MIN = 20  # a growing column narrower than this reads worse than a block per row


def _too_narrow(columns: Sequence[Column], rows: Sequence[Sequence[Any]], width: int) -> bool:
    """True when the columns that never wrap (ids, dates) leave no room: rich would cut them."""
    if not rows:
        return False
    need = 2 * (len(columns) - 1)
    for index, column in enumerate(columns):
        widest = max(len(column.name), *(len(_plain(row[index])) for row in rows))
        need += min(widest, GROW_MIN) if column.grow else widest
    return need > width


def _print_blocks(columns: Sequence[Column], rows: Sequence[Sequence[Any]], title: str | None,
                  footer: str | None, out: Console) -> None:
    """One block a row: the first cell in bold, then `name value` pairs, broken only between
    pairs, so an id or a date is never split or cut."""
    from rich.text import Text

    if title:
        out.print(Text(title, "bold"))
    for row in rows:
        head = _rich(row[0]).copy()
        head.stylize("bold")
        out.print(head)
        pairs = [Text.assemble((f"{column.name} ", "dim"), _rich(cell))
                 for column, cell in zip(columns[1:], row[1:], strict=True) if _plain(cell)]
        line: list[Text] = []
        for pair in pairs:
            if line and 2 + sum(len(p) + 3 for p in line) + len(pair) > out.width:
                out.print(Text("  ") + Text(" · ").join(line))
                line = []
            line.append(pair)
        if line:
            out.print(Text("  ") + Text(" · ").join(line))
    if footer:
        out.print(footer, markup=False)


def _plain(cell: Any) -> str:
    """One cell on one line: a tab or a newline inside a value would break the row apart."""
    text = cell if type(cell) is str else str(getattr(cell, "plain", cell))
    return " ".join(text.split()) if "\t" in text or "\n" in text or "\r" in text else text


def _rich(cell: Any) -> Any:
    from rich.text import Text

    return cell if isinstance(cell, Text) else Text(str(cell))
