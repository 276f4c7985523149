"""Terminal output shared by the commands: a rich console and JSON printing."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console


def console() -> Console:
    """A console on stdout; plain text (no colour codes) when stdout is not a terminal."""
    return Console(highlight=False, soft_wrap=False)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
