"""Text charts (bars, sparklines, a practice calendar) that fit in a table cell or a line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from rich.text import Text

SPARKS = "▁▂▃▄▅▆▇█"


def score_style(fraction: float) -> str:
    """Green for strong, yellow for middling, red for weak: the same cut-offs everywhere."""
    if fraction >= 0.75:
        return "green"
    if fraction >= 0.5:
        return "yellow"
    return "red"


def bar(fraction: float, width: int = 20) -> Text:
    """A filled bar for a 0–1 value, coloured by how good it is."""
    fraction = min(max(fraction, 0.0), 1.0)
    filled = round(fraction * width)
    text = Text("█" * filled, style=score_style(fraction))
    text.append("░" * (width - filled), style="dim")
    return text


def sparkline(values: Sequence[float], low: float = 0.0, high: float = 100.0) -> Text:
    """One character per value, so a trend reads at a glance in a table cell."""
    if not values:
        return Text("–", style="dim")
    span = (high - low) or 1.0
    chars = "".join(
        SPARKS[min(len(SPARKS) - 1, max(0, int((v - low) / span * (len(SPARKS) - 1) + 0.5)))]
        for v in values
    )
    trend = values[-1] - values[0]
    return Text(chars, style="green" if trend > 0 else "red" if trend < 0 else "")


def heatmap(days: Mapping[date, int] | Iterable[date], today: date, weeks: int = 26,
            dark: bool = True) -> Text:
    """A GitHub-style calendar: one column per week, one row per weekday, shaded by count.

    Days without practice are a faint grey on either theme (dark grey on white would shout).
    """
    counts: dict[date, int] = dict(days) if isinstance(days, Mapping) else {}
    if not isinstance(days, Mapping):
        for day in days:
            counts[day] = counts.get(day, 0) + 1
    start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    shades = ("grey23", "green4", "green3", "green1") if dark else ("grey82", "green3", "green4", "green")
    text = Text()
    for weekday, label in enumerate("MTWTFSS"):
        text.append(f"{label} ", style="dim")
        for week in range(weeks):
            day = start + timedelta(days=7 * week + weekday)
            if day > today:
                text.append("  ")
                continue
            count = counts.get(day, 0)
            shade = shades[min(count, len(shades) - 1)]
            text.append("■ ", style=shade)
        text.append("\n")
    text.rstrip()
    return text
