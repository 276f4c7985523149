"""Print a `GradeResult` in the terminal: the score and, above all, its evidence.

Plain `print` with colour codes from `paint`: grading one text answer prints no table, so it
must not pay for importing rich. Everything that comes from the user or the answer (code,
output, test values, messages, LLM text) is printed as it is (`[/]` and `nums[len(nums)]`
keep their brackets), with control characters made harmless.
"""

from __future__ import annotations

from interview.cli.output import Column, paint, print_table
from interview.grading.models import CodeReport, GradeResult, LLMFeedback

VERDICT_STYLE = {"passed": "green", "wrong_answer": "red", "error": "red",
                 "timeout": "yellow", "memory_limit": "yellow", "crashed": "red"}


def score_style(score: float) -> str:
    return "green" if score >= 75 else "yellow" if score >= 50 else "red"


def render_result(result: GradeResult) -> None:
    print(f"{paint('Score', 'bold')} {paint(f'{result.score:.0f}/100', f'bold {score_style(result.score)}')}"
          f"  {paint(result.summary)}")
    for flag in result.flags:
        print(paint(f"! {flag}", "yellow"))
    if result.code is not None:
        _render_code(result.code)
    for c in result.criteria:
        bar = "█" * round(c.score * 10) + "░" * (10 - round(c.score * 10))
        print(f"{paint(bar, score_style(c.score * 100))} {paint(f'{c.score * 100:3.0f}%', 'bold')} "
              f"{paint(c.assesses)} {paint(f'(×{c.weight:g}, {c.dimension})', 'dim')}")
        if c.verdict:
            print(f"    {paint(c.verdict)}")
        for point in c.found:
            print(f"    {paint('✓', 'green')} {paint(point)}")
        for point in c.missing:
            print(f"    {paint('✗', 'red')} {paint(point)}")
        for sentence in c.evidence[:3]:
            print(paint(f"    “{sentence}”", "dim"))
    if result.llm is not None:
        render_llm(result.llm)


def _render_code(code: CodeReport) -> None:
    if code.syntax_error:
        print(f"{paint('Syntax error:', 'red')} {paint(code.syntax_error)}")
        return
    visible = [test for test in code.tests if not test.hidden]
    print_table([Column("test"), Column("verdict"), Column("input", grow=True), Column("expected", grow=True),
                 Column("actual", grow=True)],
                [[test.name, _verdict(test.verdict), test.input or "", test.expected or "",
                  test.actual or test.message or ""] for test in visible])
    first_hidden = (f" (first hidden failure: {code.first_hidden_failure})"
                    if code.first_hidden_failure else "")
    print(paint(f"visible tests {code.visible_passed}/{code.visible_total} · hidden tests "
                f"{code.hidden_passed}/{code.hidden_total}{first_hidden} · {code.runtime_ms:.0f} ms"))
    failures = [t for t in visible if t.verdict != "passed" and t.message]
    for test in failures[:3]:
        print(f"{paint(test.name, 'red')}: {paint(test.message or '')}")
    for violation in code.violations:
        print(f"{paint('constraint broken', 'red')}: {paint(violation)}")
    for note in code.notes:
        print(paint(f"note: {note}", "yellow"))
    if code.complexity and code.complexity.measured:
        cx = code.complexity
        mark = "" if cx.fits is None else " ✓" if cx.fits else " ✗"
        print(paint(f"measured growth ≈ {cx.measured}" + (f" (target {cx.target}){mark}" if cx.target else "")
                    + (f" — {cx.note}" if cx.note else "")))
    if code.stdout:
        print(paint(f"stdout: {code.stdout[:500]}", "dim"))


def _verdict(verdict: str) -> object:
    """The verdict cell, coloured in a terminal table (rich is already loaded to draw it)."""
    from interview.cli.output import to_terminal

    if not to_terminal():
        return verdict
    from rich.text import Text

    return Text(verdict, VERDICT_STYLE[verdict])


def render_llm(llm: LLMFeedback) -> None:
    """A model's words are printed as text: `[/green]` in a reply is shown, never obeyed."""
    cost = (f"{llm.input_tokens} in / {llm.output_tokens} out tokens"
            + (f", {llm.cache_read_tokens} cached" if llm.cache_read_tokens else "")
            + (" · from local cache, no charge" if llm.cached else f" · ${llm.cost_usd:.4f}"))
    print(f"{paint(f'LLM feedback — {llm.provider} · {llm.model}', 'bold')}  {paint(cost, 'dim')}")
    print(f"LLM score: {llm.overall:.0f}/100")
    for judgement in llm.criteria:
        print(paint(f"  {judgement.criterion_id}: {judgement.score * 100:.0f}% — {judgement.justification}"))
    for item in llm.strengths:
        print(f"  {paint('+', 'green')} {paint(item)}")
    for item in llm.improvements:
        print(f"  {paint('→', 'yellow')} {paint(item)}")
    if llm.follow_up:
        print(paint(f"  Follow-up: {llm.follow_up}"))
