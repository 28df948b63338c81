"""Which questions an output needs, and which of them the data does not answer at all.

"Never invent": when a question that an output rests on has no answer in the data (the export
did not contain it, or the mapping did not reach it), that output is not computed and the caller
is told which questions are missing. This module is the one place that says what each output
needs; the dashboard pages and the commands ask it, none keeps its own list.

A question is *missing* when none of its columns in the canonical answer frame holds a single
answer (for a multi-select: none of its option columns). A respondent who skipped a question
that others answered is not "missing": that is ordinary non-response, handled by each analysis
(e.g. a skipped importance rating is imputed with the respondent's own mean, see
:mod:`advisor.analysis.weights`).

What each output needs:

* ``weights`` (criterion weights, rankings, Compare): every ``importance.<criterion>`` question.
  A weight vector spans all criteria; a criterion nobody rated cannot get a weight.
* ``plan`` (adoption plan): at least the importance questions (the plan ranks on the weights).
* ``landscape`` (channels in use, fragmentation, silos): the ``use.<channel>`` questions. It can
  be shown when at least one of them was answered; channels nobody answered stay empty, and are
  named.
* ``attitudes`` (willingness, convincers, concerns): each part is shown when its own question
  was answered; the others are named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from advisor.i18n import t
from advisor.survey.questionnaire import Questionnaire

OUTPUTS = ("weights", "plan", "landscape", "attitudes")
ATTITUDE_QUESTIONS = ("willingness", "convincers", "concerns")
# outputs that can be shown in part: what was answered is shown, what was not is named
PARTIAL = frozenset({"landscape", "attitudes"})


class MissingQuestions(ValueError):
    """The data does not answer questions that a computation needs (``question_ids``)."""

    def __init__(self, question_ids: Iterable[str]) -> None:
        self.question_ids = tuple(question_ids)
        super().__init__(", ".join(self.question_ids))


def needed_questions(questionnaire: Questionnaire, output: str) -> list[str]:
    """The question ids ``output`` rests on (see the module docstring), in questionnaire order."""
    q = questionnaire
    if output in ("weights", "plan"):
        return q.importance_ids
    if output == "landscape":
        return [f"use.{c}" for c in q.channel_ids if f"use.{c}" in q.by_id]
    if output == "attitudes":
        return [qid for qid in ATTITUDE_QUESTIONS if qid in q.by_id]
    raise ValueError(f"unknown output '{output}'; expected one of {', '.join(OUTPUTS)}")


def is_answered(answers: pd.DataFrame, questionnaire: Questionnaire, question_id: str) -> bool:
    """True when at least one of the question's columns holds at least one answer."""
    question = questionnaire.by_id.get(question_id)
    columns = question.columns if question is not None else (question_id,)
    return any(column in answers.columns and bool(answers[column].notna().any()) for column in columns)


def missing_questions(
    answers: pd.DataFrame, questionnaire: Questionnaire, needed: Iterable[str]
) -> list[str]:
    """The ids among ``needed`` that nobody answered (none of their columns has an answer)."""
    return [qid for qid in needed if not is_answered(answers, questionnaire, qid)]


@dataclass(frozen=True)
class Availability:
    """Whether ``output`` can be computed from the data, and which of its questions are missing."""

    output: str
    needed: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def computable(self) -> bool:
        """Everything needed is there, or (for outputs shown in part) at least something is."""
        if self.output in PARTIAL:
            return len(self.missing) < len(self.needed)
        return not self.missing


def availability(answers: pd.DataFrame, questionnaire: Questionnaire, output: str) -> Availability:
    needed = needed_questions(questionnaire, output)
    return Availability(output, tuple(needed), tuple(missing_questions(answers, questionnaire, needed)))


def question_texts(questionnaire: Questionnaire, question_ids: Iterable[str], lang: str) -> list[str]:
    """What a user recognises: each question's text in ``lang`` (the id only if it is unknown)."""
    by_id = questionnaire.by_id
    return [by_id[qid].text.get(lang) if qid in by_id else qid for qid in question_ids]


def missing_message(questionnaire: Questionnaire, question_ids: Iterable[str], output: str, lang: str) -> str:
    """For the command line: what cannot be computed, and each missing question by id and text."""
    ids = list(question_ids)
    lines = [t("notices.cli_missing", lang, output=t(f"notices.outputs.{output}", lang), count=len(ids))]
    lines += [
        f"  - {qid}: {text}" for qid, text in zip(ids, question_texts(questionnaire, ids, lang), strict=True)
    ]
    lines.append(t("notices.cli_missing_hint", lang))
    return "\n".join(lines)
