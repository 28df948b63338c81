"""A LimeSurvey "question codes" export read with the survey structure (.lss) it came from.

Such an export holds only codes: ``G01Q01`` for a question, ``A3`` for an answer. The .lss says
what they are. :func:`apply_structure` puts the question texts where a header's text belongs and
the answer labels in place of the answer codes, so the export reads like one with full headings
and answers, and the ordinary suggestions (and a mapping file in words) apply. Nothing is guessed:
a code the structure does not know stays as it is.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.errors import InputError
from advisor.survey.formats import Export
from advisor.survey.report import ImportProblem

Structure = dict[str, tuple[str, dict[str, str]]]


def read_structure(raw: bytes, lang: str) -> Structure:
    from advisor.survey.templates import read_lss

    try:
        return read_lss(raw, lang)
    except InputError as exc:
        raise ImportProblem("structure_invalid", reason=exc.message) from None


def apply_structure(export: Export, structure: Structure) -> Export:
    """The export with the structure's question texts and answer labels (see module docstring)."""
    texts = list(export.texts)
    data = export.data.copy()
    known = 0
    for position, name in enumerate(export.names):
        entry = structure.get(name.strip())
        if entry is None:
            continue
        known += 1
        text, answers = entry
        if text:
            texts[position] = text
        if answers:
            column = data[position]
            data[position] = column.map(answers).where(column.isin(list(answers)), column)
    if not known:
        raise ImportProblem("structure_matches_nothing", codes=", ".join(list(structure)[:5]))
    return replace(export, texts=texts, data=data)
