"""A rubric criterion's score with the evidence behind it: found, missing, quoted."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from interview.grading.models import CriterionScore, GradeResult
from interview.tui.widgets.charts import bar, score_style


def score_headline(result: GradeResult) -> Text:
    fraction = result.score / 100
    text = Text()  # no base style, or "/100" would take the score's colour
    text.append(f"{result.score:.0f}", style=f"bold {score_style(fraction)}")
    text.append("/100  ", style="dim")
    text.append_text(bar(fraction, 30))
    return text


def criterion_block(criterion: CriterionScore, width: int = 16) -> Group:
    head = Table.grid(expand=True, padding=(0, 1))
    head.add_column(ratio=1)
    head.add_column(width=width)
    head.add_column(width=5, justify="right")
    head.add_row(Text(criterion.assesses, style="bold"), bar(criterion.score, width),
                 Text(f"{criterion.score:.0%}", style=score_style(criterion.score)))
    lines: list[Padding | Table] = [head]
    dim = Text(criterion.dimension.replace("_", " "), style="dim italic")
    if criterion.verdict:
        dim.append(f" · {criterion.verdict}", style="dim")
    lines.append(indented(dim))
    lines += [indented(Text(f"✓ {point}", style="green")) for point in criterion.found]
    lines += [indented(Text(f"✗ {point}", style="red")) for point in criterion.missing]
    lines += [indented(Text(f"“{quote}”", style="dim")) for quote in criterion.evidence[:3]]
    return Group(*lines)


def indented(text: Text) -> Padding:
    """Indent every wrapped line, not just the first, so a long quote stays under its criterion."""
    return Padding(text, (0, 0, 0, 2))
