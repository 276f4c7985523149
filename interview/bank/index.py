"""The bank as commands see it: a compact index of every question, full questions on demand.

Listing, filtering, counting and picking need a few short fields per question, not the
validated pydantic model with its rubric, tests and hints.  So a `Bank` holds one
`QuestionEntry` (a plain tuple) per question and builds the full `Question` only when one is
opened or graded, from its file, validated exactly as a cold load validates it.  The search
text (prompt and key points, two thirds of the index's bytes) is a `SearchText` apart, read
only by Browse's search and preview, so a command that lists never loads it.  This module
imports no pydantic, so a command that only lists never pays for the question models.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from interview.bank.enums import CATEGORY_LABELS, Category, Difficulty
from interview.errors import UserError

if TYPE_CHECKING:
    from interview.bank.models import AnyQuestion, PackManifest


@dataclass(frozen=True, order=True)
class LoadProblem:
    """One thing wrong with one file, in the `path:line: field: problem` form."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class QuestionEntry(NamedTuple):
    """What lists, filters, counts and picks read.  A tuple, so ten thousand of them load from
    the cache in milliseconds."""

    id: str
    title: str
    category: Category
    topics: tuple[str, ...]
    difficulty: Difficulty
    minutes: int
    source: str  # the question's file
    pack: str
    version: int

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @classmethod
    def of(cls, question: AnyQuestion) -> QuestionEntry:
        return cls(question.id, question.title, Category(question.category), tuple(question.topics),
                   question.difficulty, question.minutes, question.source, question.pack,
                   question.version)


class SearchText(NamedTuple):
    """What Browse searches and previews beyond the entry: the prompt and the key points."""

    prompt: str
    key_points: str  # every rubric key point's text, one a line

    @classmethod
    def of(cls, question: AnyQuestion) -> SearchText:
        return cls(question.prompt, "\n".join(k.text for c in question.rubric for k in c.key_points))


class Bank:
    """All questions by id (an index entry each, the full question built on first use), the
    packs they came from, and what was skipped."""

    def __init__(self, questions: Mapping[str, AnyQuestion] | None = None,
                 packs: Mapping[str, PackManifest | dict[str, Any]] | None = None,
                 problems: list[LoadProblem] | None = None, *,
                 index: Mapping[str, QuestionEntry] | None = None,
                 read_texts: Callable[[], Mapping[str, SearchText]] | None = None) -> None:
        self._built: dict[str, AnyQuestion] = dict(questions or {})
        self.index: dict[str, QuestionEntry] = (
            dict(index) if index is not None else {q.id: QuestionEntry.of(q) for q in self._built.values()})
        self._packs = dict(packs or {})
        self.problems: list[LoadProblem] = problems if problems is not None else []
        self.warnings: list[LoadProblem] = []  # what loads but does less than it could (`bank validate`)
        self.questions: Mapping[str, AnyQuestion] = _Questions(self)
        self._read_texts = read_texts  # the search texts by question file, read on first search
        self._texts: dict[str, SearchText] | None = None

    def add(self, question: AnyQuestion) -> None:
        """A question just validated by a full load (the entry is derived from it)."""
        self._built[question.id] = question
        self.index[question.id] = QuestionEntry.of(question)

    def add_pack(self, manifest: PackManifest) -> None:
        self._packs[manifest.name] = manifest

    def __len__(self) -> int:
        return len(self.index)

    def __iter__(self) -> Iterator[AnyQuestion]:
        """Every full question (each file read and validated once): for the quality gate and
        tests; commands that only list iterate `index.values()`."""
        return (self._build(entry) for entry in list(self.index.values()))

    @property
    def packs(self) -> dict[str, PackManifest]:
        from interview.bank.models import PackManifest

        return {name: m if isinstance(m, PackManifest) else PackManifest.model_validate(m)
                for name, m in self._packs.items()}

    @property
    def pack_names(self) -> list[str]:
        return list(self._packs)

    def entry(self, question_id: str) -> QuestionEntry:
        """The index entry with this id, or a UserError suggesting the closest id."""
        try:
            return self.index[question_id]
        except KeyError:
            close = difflib.get_close_matches(question_id, self.index, n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else "list ids with `interview bank list`"
            raise UserError(f"no question with id '{question_id}'; {hint}") from None

    def get(self, question_id: str) -> AnyQuestion:
        """The full question with this id (validated from its file on first use), or a
        UserError suggesting the closest id or naming what is now wrong with the file."""
        return self._build(self.entry(question_id))

    def search_texts(self) -> dict[str, SearchText]:
        """Every question's search text by id (blocking the first time: call it from a worker).

        A question the cache holds no text for (a cache rewritten by another process since this
        bank was read) is built in full for it."""
        if self._texts is None:
            stored = self._read_texts() if self._read_texts is not None else {}
            texts = {}
            for question_id, entry in list(self.index.items()):
                built = self._built.get(question_id)
                text = SearchText.of(built) if built is not None else stored.get(entry.source)
                if text is None:
                    try:
                        text = SearchText.of(self._build(entry))
                    except UserError:  # the file broke since: searchable by its title only
                        text = SearchText("", "")
                texts[question_id] = text
            self._texts = texts
        return self._texts

    def filter(self, category: str | None = None, topic: str | None = None,
               difficulty: str | None = None) -> list[QuestionEntry]:
        return [
            q
            for q in self.index.values()
            if (category is None or q.category == category)
            and (topic is None or topic in q.topics)
            and (difficulty is None or q.difficulty == difficulty)
        ]

    def _build(self, entry: QuestionEntry) -> AnyQuestion:
        built = self._built.get(entry.id)
        if built is not None:
            return built
        from interview.bank.loader import load_question_file
        from interview.bank.vocabulary import builtin_vocabulary

        problems: list[LoadProblem] = []
        question = load_question_file(Path(entry.source), builtin_vocabulary(), problems, pack=entry.pack)
        if question is None:
            raise UserError(f"{problems[0]} (the file changed since the bank was loaded; fix it "
                            "and run the command again)")
        if question.id != entry.id:
            raise UserError(f"{entry.source}: the question's id changed from '{entry.id}' to "
                            f"'{question.id}' since the bank was loaded; run the command again")
        self._built[entry.id] = question
        return question


class _Questions(Mapping[str, "AnyQuestion"]):
    """`bank.questions`: a mapping by id whose values are built on first access."""

    def __init__(self, bank: Bank) -> None:
        self._bank = bank

    def __getitem__(self, question_id: str) -> AnyQuestion:
        entry = self._bank.index[question_id]  # KeyError for an unknown id, as a dict would
        return self._bank._build(entry)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._bank.index

    def __iter__(self) -> Iterator[str]:
        return iter(self._bank.index)

    def __len__(self) -> int:
        return len(self._bank.index)
