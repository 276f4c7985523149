"""DataTable helpers: one flexible column takes whatever width the others leave."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


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
