"""Contradictions in an organisation file that validation alone lets through.

The file is valid YAML and passes its schema, yet says things that cannot all be true: a headcount
for a department that is not among the options, a headcount of 0, two options with the same value
or label, a ``size`` (the number of staff) below what the headcounts add up to, or fewer staff
in a group than answered the survey. Used silently, headcount weighting
would then weigh the wrong groups. :func:`organisation_problems` names each with file and line
(the CLI refuses the file); :func:`headcount_notices` puts the same findings, and the groups with
more answers than staff, in the import report (for every path, the dashboard's included).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from advisor.i18n import t
from advisor.survey.questionnaire import Questionnaire
from advisor.yamlio import Located, load_located


def _options(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    options = data.get("segment_options") or {}
    return {k: [o for o in v if isinstance(o, dict)] for k, v in options.items() if isinstance(v, list)}


def _duplicates(
    question: str, options: list[dict[str, Any]], located: Located | None, lang: str
) -> list[str]:
    problems = []
    for field in ("value", "nl", "en"):
        seen: dict[str, int] = {}
        for index, option in enumerate(options):
            text = str(option.get(field, "")).strip().casefold()
            if not text:
                continue
            if text in seen:
                where = _where(located, ("segment_options", question, index, field))
                problems.append(
                    t(
                        "inputs.org.duplicate_option",
                        lang,
                        where=where,
                        question=question,
                        field=field,
                        value=option.get(field),
                        first=seen[text] + 1,
                        second=index + 1,
                    )
                )
            else:
                seen[text] = index
    return problems


def _where(located: Located | None, loc: tuple[str | int, ...]) -> str:
    if located is None:
        return t("inputs.org.the_file", None)
    line = located.line_of(loc)
    return f"{located.path}:{line}" if line else str(located.path)


def _headcount_problems(data: dict[str, Any], located: Located | None, lang: str) -> list[str]:
    problems = []
    options = _options(data)
    for question, counts in (data.get("headcounts") or {}).items():
        if not isinstance(counts, dict):
            continue
        known = {str(o.get("value")) for o in options.get(question, [])}
        for value, count in counts.items():
            where = _where(located, ("headcounts", question, value))
            if known and str(value) not in known:
                problems.append(
                    t(
                        "inputs.org.headcount_unknown",
                        lang,
                        where=where,
                        question=question,
                        value=value,
                        expected=", ".join(sorted(known)),
                    )
                )
            elif isinstance(count, int) and not isinstance(count, bool) and count == 0:
                problems.append(
                    t("inputs.org.headcount_zero", lang, where=where, question=question, value=value)
                )
    return problems


def _size_problems(data: dict[str, Any], located: Located | None, lang: str) -> list[str]:
    """A size below the headcounts of a segment question: one of the two is wrong."""
    size = data.get("size")
    if not isinstance(size, int) or isinstance(size, bool):
        return []
    problems = []
    for question, counts in (data.get("headcounts") or {}).items():
        if not isinstance(counts, dict):
            continue
        total = sum(c for c in counts.values() if isinstance(c, int) and not isinstance(c, bool))
        if total > size:
            where = _where(located, ("size",))
            problems.append(
                t(
                    "inputs.org.size_below_headcounts",
                    lang,
                    where=where,
                    size=size,
                    question=question,
                    total=total,
                )
            )
    return problems


def organisation_problems(path: Path, lang: str | None) -> list[str]:
    """Contradictions in the organisation file at ``path``, each as 'file:line: what is wrong'."""
    located = load_located(Path(path))
    data = located.data if isinstance(located.data, dict) else {}
    problems = _headcount_problems(data, located, lang or "nl") + _size_problems(data, located, lang or "nl")
    for question, options in _options(data).items():
        problems += _duplicates(question, options, located, lang or "nl")
    return problems


def headcount_notices(answers: pd.DataFrame, questionnaire: Questionnaire, lang: str) -> list[str]:
    """Report lines for contradictions between the organisation file and the answers.

    Only the headcount from the file is named, never a group's number of answers (a hidden
    group's size must not be printed).
    """
    org = questionnaire.organisation
    data = {
        "size": org.size,
        "headcounts": org.headcounts,
        "segment_options": {
            q: [{"value": str(o.value), "nl": o.nl, "en": o.en} for o in opts]
            for q, opts in org.segment_options.items()
        },
    }
    notices = _headcount_problems(data, None, lang) + _size_problems(data, None, lang)
    for question, options in data["segment_options"].items():
        notices += _duplicates(question, options, None, lang)
    for question, counts in org.headcounts.items():
        if question not in answers.columns:
            continue
        answered = answers[question].dropna().astype(str).value_counts()
        for value, staff in counts.items():
            if staff > 0 and answered.get(str(value), 0) > staff:
                label = (
                    questionnaire[question].label(value, lang) if question in questionnaire.by_id else value
                )
                notices.append(
                    t(
                        "inputs.org.headcount_below_answers",
                        lang,
                        question=question,
                        value=label,
                        headcount=staff,
                    )
                )
        unlisted = sorted(set(answered.index) - {str(v) for v in counts})
        if counts and unlisted:
            notices.append(
                t("inputs.org.answers_without_headcount", lang, question=question, values=", ".join(unlisted))
            )
    return notices
