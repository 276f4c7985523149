"""The code base stays ruff-clean: lint runs as part of the test suite, and so in CI."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_ruff_check_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is part of the dev extra; install with pip install -e '.[dev]'"
    result = subprocess.run([ruff, "check", "--quiet", str(REPO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    """Type hints are checked, not decorative: zero mypy errors on the package."""
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent)) or shutil.which("mypy")
    assert mypy, "mypy is part of the dev extra; install with pip install -e '.[dev]'"
    result = subprocess.run([mypy, "--no-error-summary", str(REPO / "interview")], capture_output=True,
                            text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


UPPER_LAYERS = ("interview.tui", "interview.cli")


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (top level, lazy inside functions, and under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text("utf-8"), str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def test_the_core_never_imports_the_interfaces() -> None:
    """The import contract: interview/ minus tui and cli (the core and the application service)
    imports neither interview.tui nor interview.cli, not even lazily or for type checking."""
    package = REPO / "interview"
    broken = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).parts
        if relative[0] in ("tui", "cli") or relative == ("__main__.py",):  # the interfaces, the entry point
            continue
        for line, module in _imported_modules(path):
            if module.startswith(UPPER_LAYERS) and module.split(".")[1] in ("tui", "cli"):
                broken.append(f"{path.relative_to(REPO)}:{line} imports {module}")
    assert not broken, "\n".join(broken)


def test_the_application_service_does_not_import_textual() -> None:
    broken = [f"{path.relative_to(REPO)}:{line} imports {module}"
              for path in sorted((REPO / "interview" / "app").rglob("*.py"))
              for line, module in _imported_modules(path) if module.split(".")[0] == "textual"]
    assert not broken, "\n".join(broken)
