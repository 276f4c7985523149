"""What the answer wrote reaches the terminal verbatim: no markup is parsed from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview.cli import main


def test_brackets_and_markup_in_the_answer_are_shown_verbatim(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer = tmp_path / "answer.py"
    answer.write_text("def two_sum(nums, target):\n    print('closing [/] tag [bold]x[/bold]')\n"
                      "    return nums[len(nums)]\n")
    assert main(["grade", "--question", "coding.two-sum", "--answer", str(answer)]) == 0
    out = capsys.readouterr().out
    assert "return nums[len(nums)]" in out
    assert "closing [/] tag [bold]x[/bold]" in out
    assert "IndexError" in out
