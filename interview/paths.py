"""Where the app keeps the user's data.

Everything lives under one folder — the platform's user data dir, or
`$INTERVIEW_HOME` when set (tests always set it) — so a user can back it up or
move it as one piece.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "interview"


@dataclass(frozen=True)
class Paths:
    home: Path

    @classmethod
    def default(cls) -> Paths:
        override = os.environ.get("INTERVIEW_HOME")
        if override:
            home = Path(override).expanduser()
            if home.exists() and not home.is_dir():
                from interview.errors import UserError

                raise UserError(f"INTERVIEW_HOME={override} is not a folder; point it at a folder "
                                "(it is created if missing) or unset it")
            return cls(home)
        from platformdirs import user_data_path

        return cls(user_data_path(APP_NAME, appauthor=False))

    @property
    def config_file(self) -> Path:
        return self.home / "config.toml"

    @property
    def packs_dir(self) -> Path:
        """The user's own question packs, loaded beside the built-in bank."""
        return self.home / "packs"

    @property
    def templates_dir(self) -> Path:
        """The user's own mock-interview templates."""
        return self.home / "templates"

    @property
    def store_dir(self) -> Path:
        return self.home / "history"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    def ensure(self) -> Paths:
        for folder in (self.home, self.packs_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def builtin_bank_dir() -> Path:
    """The bundled bank: inside the installed package, or at the repo root in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "question_bank"
    return installed if installed.is_dir() else here.parent / "question_bank"
