"""The decision memo as one pydantic object: what every renderer (Markdown, HTML, Word) shows.

A memo is a title, a line saying which state of the dossier it reports (version and time of the
last change, never the time it was generated) and its sections in a fixed order
(:data:`SECTIONS`). Each section is a heading, an optional lead sentence, paragraphs, an optional
table, a list of entries (each with notes, e.g. a fact's source) and closing notes, rendered in
that order. All text is already in the memo's language and is plain text: renderers escape it.
The figures that decide the wording (the ranking's best choice, the choice, whether the choice goes
against the ranking) are kept beside the text, so tests and the dashboard need not parse it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict

SectionId = Literal[
    "question", "respondents", "weights", "shortlist", "ranking", "decision", "overrides", "risks"
]
SECTIONS: tuple[SectionId, ...] = (
    "question",
    "respondents",
    "weights",
    "shortlist",
    "ranking",
    "decision",
    "overrides",
    "risks",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Table(_Model):
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


class Entry(_Model):
    """One item of a list, with notes below it (the source of a fact, a measure for a risk)."""

    text: str
    notes: tuple[str, ...] = ()


class Section(_Model):
    id: SectionId
    heading: str
    lead: str = ""  # the one sentence to read if nothing else (shown in bold)
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    entries: tuple[Entry, ...] = ()
    notes: tuple[str, ...] = ()

    def texts(self) -> Iterator[str]:
        yield self.heading
        if self.lead:
            yield self.lead
        yield from self.paragraphs
        if self.table is not None:
            yield from self.table.head
            for row in self.table.rows:
                yield from row
        for entry in self.entries:
            yield entry.text
            yield from entry.notes
        yield from self.notes


class Memo(_Model):
    lang: Literal["nl", "en"]
    dossier_id: str
    version: int
    as_of: dt.datetime  # the dossier's last change (UTC): the memo's only date
    title: str
    subtitle: str
    state: str
    sections: tuple[Section, ...]
    best: str | None  # the ranking's best choice (platform id), None without a ranking
    clear: bool | None  # whether the verdict names a clear winner; None without a ranking
    chosen: str | None  # the chosen platform (id), None before a decision
    against_ranking: bool  # a choice was made and it is not the ranking's best choice

    def section(self, section_id: SectionId) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    def texts(self) -> Iterator[str]:
        yield self.title
        yield self.subtitle
        yield self.state
        for section in self.sections:
            yield from section.texts()

    def word_count(self) -> int:
        """Words as a word processor counts them (runs of non-space), over every text shown."""
        return sum(len(text.split()) for text in self.texts())
