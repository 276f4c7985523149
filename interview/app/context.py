"""What every command needs: where the user's data is and which extra packs to load."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from interview.paths import Paths
from interview.words import plural

if TYPE_CHECKING:  # pydantic (settings, question models) stays off the app's first paint
    from interview.bank.loader import Bank
    from interview.config import Settings


@dataclass
class Context:
    paths: Paths
    extra_banks: list[Path] = field(default_factory=list)

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        return cls(Paths.default(), [Path(p) for p in getattr(args, "bank", []) or []])

    @cached_property
    def settings(self) -> Settings:
        from interview.config import load_settings

        return load_settings(self.paths)

    @property
    def target_date(self) -> date | None:
        """The target interview date; with no config file that is none, read without building the
        settings' pydantic models (~60 ms `summary` would otherwise pay)."""
        config = self.paths.config_file
        if "settings" not in self.__dict__ and not config.exists() and not config.is_symlink():
            return None
        return self.settings.practice.target_interview_date

    def use_settings(self, settings: Settings) -> None:
        """Settings just saved replace the ones read at start-up."""
        self.__dict__["settings"] = settings

    @cached_property
    def bank(self) -> Bank:
        """The loaded bank; skipped files are reported once on stderr, never fatal."""
        import sys

        from interview.bank.cache import load_bank

        for path in self.extra_banks:
            if not path.exists():
                from interview.errors import UserError

                raise UserError(f"--bank {path}: no such file or folder")
        bank = load_bank(self.paths, self.extra_banks)
        if bank.problems:
            print(
                f"interview: warning: skipped {plural(len(bank.problems), 'problem')} in question files; "
                "run `interview bank validate` to list them",
                file=sys.stderr,
            )
        return bank
