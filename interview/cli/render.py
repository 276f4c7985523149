"""Print a `GradeResult` in the terminal: the score and, above all, its evidence.

Everything that comes from the user or the answer (code, output, test values,
messages, LLM text) goes through `Text`, never through console markup: `[/]` in a
print must not crash the view and `nums[len(nums)]` must not lose its brackets.
"""

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
        out.print(Text(f"! {flag}", "yellow"))
    if result.code is not None:
        _render_code(result.code, out)
    for c in result.criteria:
        bar = "█" * round(c.score * 10) + "░" * (10 - round(c.score * 10))
        out.print(Text.assemble((f"{bar} ", score_style(c.score * 100)),
                                (f"{c.score * 100:3.0f}% ", "bold"), f"{c.assesses} ",
                                (f"(×{c.weight:g}, {c.dimension})", "dim")))
        if c.verdict:
            out.print(Text(f"    {c.verdict}"))
        for point in c.found:
            out.print(Text.assemble("    ", ("✓", "green"), f" {point}"))
        for point in c.missing:
            out.print(Text.assemble("    ", ("✗", "red"), f" {point}"))
        for sentence in c.evidence[:3]:
            out.print(Text(f"    “{sentence}”", "dim"))
    if result.llm is not None:
        render_llm(result.llm, out)


def _render_code(code: CodeReport, out: Console) -> None:
    if code.syntax_error:
        out.print(Text.assemble(("Syntax error:", "red"), f" {code.syntax_error}"))
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("test", "verdict", "input", "expected", "actual"):
        table.add_column(column, overflow="fold")
    for test in code.tests:
        if test.hidden:
            continue
        table.add_row(Text(test.name), Text(test.verdict, VERDICT_STYLE[test.verdict]),
                      Text(test.input or ""), Text(test.expected or ""),
                      Text(test.actual or test.message or ""))
    out.print(table)
    out.print(Text(f"visible tests {code.visible_passed}/{code.visible_total} · "
              f"hidden tests {code.hidden_passed}/{code.hidden_total}"
              + (f" (first hidden failure: {code.first_hidden_failure})"
                 if code.first_hidden_failure else "")
              + f" · {code.runtime_ms:.0f} ms"))
    failures = [t for t in code.tests if not t.hidden and t.verdict != "passed" and t.message]
    for test in failures[:3]:
        out.print(Text.assemble((test.name, "red"), f": {test.message}"))
    for violation in code.violations:
        out.print(Text.assemble(("constraint broken", "red"), f": {violation}"))
    for note in code.notes:
        out.print(Text(f"note: {note}", "yellow"))
    if code.complexity and code.complexity.measured:
        cx = code.complexity
        mark = "" if cx.fits is None else " ✓" if cx.fits else " ✗"
        out.print(Text(f"measured growth ≈ {cx.measured}"
                       + (f" (target {cx.target}){mark}" if cx.target else "")
                       + (f" — {cx.note}" if cx.note else "")))
    if code.stdout:
        out.print(Text(f"stdout: {code.stdout[:500]}", "dim"))


def render_llm(llm: LLMFeedback, out: Console) -> None:
    """A model's words are printed as text, never as markup: `[/green]` in a reply must not crash or style."""
    label = escape(f"LLM feedback — {llm.provider} · {llm.model}")
    cost = (f"{llm.input_tokens} in / {llm.output_tokens} out tokens"
            + (f", {llm.cache_read_tokens} cached" if llm.cache_read_tokens else "")
            + (" · from local cache, no charge" if llm.cached else f" · ${llm.cost_usd:.4f}"))
    out.print(Text.assemble((label, "bold"), "  ", (cost, "dim")))
    out.print(Text(f"LLM score: {llm.overall:.0f}/100"))
    for judgement in llm.criteria:
        score = f"{judgement.score * 100:.0f}%"
        out.print(Text(f"  {judgement.criterion_id}: {score} — {judgement.justification}"))
    for item in llm.strengths:
        out.print(Text.assemble("  ", ("+", "green"), f" {item}"))
    for item in llm.improvements:
        out.print(Text.assemble("  ", ("→", "yellow"), f" {item}"))
    if llm.follow_up:
        out.print(Text(f"  Follow-up: {llm.follow_up}"))
