"""DataTable helpers: Enter shown in the footer, and one column that takes the width left."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import DataTable


class RowTable(DataTable[Any]):
    """A row-cursor table whose Enter is listed in the footer (DataTable's own is hidden)."""

    BINDINGS = [Binding("enter", "select_cursor", "Open")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", **kwargs)


def flex_column(table: DataTable[Any], key: str, minimum: int = 12) -> None:
    """Size column `key` to fill the table's width, so no column is cut off at 80 columns."""
    width = table.size.width or table.app.size.width
    others = sum(c.width for k, c in table.columns.items() if k.value != key)
    padding = 2 * table.cell_padding * len(table.columns) + 2  # + the vertical scrollbar
    for column_key, column in table.columns.items():
        if column_key.value == key:
            column.width = max(minimum, width - others - padding)
            column.auto_width = False
    table.refresh(layout=True)
