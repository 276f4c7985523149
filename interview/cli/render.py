"""Print a `GradeResult` in the terminal: the score and, above all, its evidence."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from interview.grading.models import CodeReport, GradeResult, LLMFeedback

VERDICT_STYLE = {"passed": "green", "wrong_answer": "red", "error": "red",
                 "timeout": "yellow", "memory_limit": "yellow", "crashed": "red"}


def score_style(score: float) -> str:
    return "green" if score >= 75 else "yellow" if score >= 50 else "red"


def render_result(result: GradeResult, out: Console) -> None:
    score = (f"{result.score:.0f}/100", f"bold {score_style(result.score)}")
    out.print(Text.assemble(("Score ", "bold"), score, f"  {result.summary}"))
    for flag in result.flags:
        out.print(f"[yellow]! {flag}[/yellow]")
    if result.code is not None:
        _render_code(result.code, out)
    for c in result.criteria:
        bar = "█" * round(c.score * 10) + "░" * (10 - round(c.score * 10))
        out.print(Text.assemble((f"{bar} ", score_style(c.score * 100)),
                                (f"{c.score * 100:3.0f}% ", "bold"), f"{c.assesses} ",
                                (f"(×{c.weight:g}, {c.dimension})", "dim")))
        if c.verdict:
            out.print(f"    {c.verdict}")
        for point in c.found:
            out.print(f"    [green]✓[/green] {point}")
        for point in c.missing:
            out.print(f"    [red]✗[/red] {point}")
        for sentence in c.evidence[:3]:
            out.print(f"    [dim]“{sentence}”[/dim]")
    if result.llm is not None:
        render_llm(result.llm, out)


def _render_code(code: CodeReport, out: Console) -> None:
    if code.syntax_error:
        out.print(f"[red]Syntax error:[/red] {code.syntax_error}")
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("test", "verdict", "input", "expected", "actual"):
        table.add_column(column, overflow="fold")
    for test in code.tests:
        if test.hidden:
            continue
        table.add_row(test.name, Text(test.verdict, VERDICT_STYLE[test.verdict]),
                      test.input or "", test.expected or "", test.actual or test.message or "")
    out.print(table)
    out.print(f"visible tests {code.visible_passed}/{code.visible_total} · "
              f"hidden tests {code.hidden_passed}/{code.hidden_total}"
              + (f" (first hidden failure: {code.first_hidden_failure})"
                 if code.first_hidden_failure else "")
              + f" · {code.runtime_ms:.0f} ms")
    failures = [t for t in code.tests if not t.hidden and t.verdict != "passed" and t.message]
    for test in failures[:3]:
        out.print(f"[red]{test.name}[/red]: {test.message}")
    if code.complexity and code.complexity.measured:
        cx = code.complexity
        mark = "" if cx.fits is None else " ✓" if cx.fits else " ✗"
        out.print(f"measured growth ≈ {cx.measured}"
                  + (f" (target {cx.target}){mark}" if cx.target else "")
                  + (f" — {cx.note}" if cx.note else ""))
    if code.stdout:
        out.print(f"[dim]stdout: {code.stdout[:500]}[/dim]")


def render_llm(llm: LLMFeedback, out: Console) -> None:
    """A model's words are printed as text, never as markup: `[/green]` in a reply must not crash or style."""
    label = escape(f"LLM feedback — {llm.provider} · {llm.model}")
    cost = (f"{llm.input_tokens} in / {llm.output_tokens} out tokens"
            + (f", {llm.cache_read_tokens} cached" if llm.cache_read_tokens else "")
            + (" · from local cache, no charge" if llm.cached else f" · ${llm.cost_usd:.4f}"))
    out.print(f"[bold]{label}[/bold]  [dim]{cost}[/dim]")
    out.print(f"LLM score: {llm.overall:.0f}/100")
    for judgement in llm.criteria:
        out.print(f"  {escape(judgement.criterion_id)}: {judgement.score * 100:.0f}% — "
                  f"{escape(judgement.justification)}")
    for item in llm.strengths:
        out.print(f"  [green]+[/green] {escape(item)}")
    for item in llm.improvements:
        out.print(f"  [yellow]→[/yellow] {escape(item)}")
    if llm.follow_up:
        out.print(f"  Follow-up: {escape(llm.follow_up)}")
