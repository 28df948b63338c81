"""The one home of every tool's question codes, export tags, answer codes and recodes.

Everything here is a deterministic function of the :class:`Questionnaire`: the same questionnaire
(with the same organisation file) always gives the same codes, so a template made today and the
export that comes back in a month meet in the middle. The renderers in this package write these
codes into the tool's survey file; :func:`template_mapping` and :func:`recognise_template` give
the importer the mapping (the mapping-file shape of :mod:`advisor.survey.mapping`) that turns the
tool's export back into question ids and canonical values with no manual step.

How a question is shown (:class:`Block`): a family (``use.<channel>``, ``importance.<criterion>``)
is one array/matrix/grid in LimeSurvey, Qualtrics and Google Forms, and separate questions with the
questionnaire's own texts in Microsoft Forms and SurveyMonkey (their exports are matched by
question text). A ``single`` or ``likert`` question with options is one list; an open segment
question without options (no organisation file) is a short free text.

Codes follow the tools' own rules:

* LimeSurvey (``application/models/Question.php``, ``Answer.php`` in LimeSurvey/LimeSurvey):
  question codes ``^[a-zA-Z][[:alnum:]]*$``, at most 20 characters, unique, not a reserved word
  (``LANG``, ``SID``, ``SAVEDID``, ``TOKEN``, ``QID``, ``GID``, ``SGQ``, ``self``, ``that``,
  ``this``); subquestion codes ``^[[:alnum:]]*$``, unique per question, not ``time``; answer codes
  ``^[[:alnum:]]*$``, 1-5 characters. We derive readable camelCase codes from the question ids
  (``works_with_externals`` -> ``worksWithExternals``), avoid ``other`` and a ``comment`` suffix
  (the importer sets ``[other]``/``[...comment]`` columns aside), and use ``A1``, ``A2`` ... as
  answer codes, the scale value itself for 5-point scales.
* Qualtrics: ``DataExportTag`` from the question id (letters, digits, ``_``), choices ``1``..n in
  order, ``RecodeValues`` numeric (the scale value for a 5-point scale, else the position); export
  columns are the tag, ``<tag>_<choice>`` for matrix rows and multiple-answer choices.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from advisor.i18n import keys, t
from advisor.survey.identity import normalise
from advisor.survey.questionnaire import Question, Questionnaire

BlockKind = Literal["single", "open", "array", "multi", "text"]
TOOLS = ("limesurvey", "qualtrics", "msforms", "googleforms", "surveymonkey")
LANGS = ("nl", "en")
RECOGNISE_SHARE = 0.8  # share of a template's columns an export must have to count as ours
LIME_CODE_MAX = 20
LIME_RESERVED = frozenset(w.casefold() for w in ("LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ"))
LIME_RESERVED |= {"self", "that", "this"}
LIME_SUB_AVOID = frozenset({"time", "other"})


@dataclass(frozen=True)
class Block:
    """One question as LimeSurvey, Qualtrics and Google Forms show it."""

    kind: BlockKind
    questions: tuple[Question, ...]
    page: int
    lime_code: str
    lime_subcodes: tuple[str, ...]  # array rows or multi options
    tag: str  # Qualtrics DataExportTag

    @property
    def first(self) -> Question:
        return self.questions[0]

    @property
    def group(self) -> str:
        return self.first.group


def _kind(question: Question) -> BlockKind:
    if question.group:
        return "array"
    if question.kind == "multi":
        return "multi"
    if question.kind == "text":
        return "text"
    return "single" if question.options else "open"


def _camel(text: str) -> str:
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", str(text)) if p]
    if not parts:
        return ""
    return parts[0][:1].lower() + parts[0][1:] + "".join(p[:1].upper() + p[1:] for p in parts[1:])


def _unique(code: str, taken: set[str], limit: int) -> str:
    """``code`` cut to ``limit``, with a number added while it is taken (compared case-folded)."""
    candidate, number = code[:limit], 1
    while candidate.casefold() in taken:
        number += 1
        candidate = code[: limit - len(str(number))] + str(number)
    taken.add(candidate.casefold())
    return candidate


def _lime_question_code(base: str, taken: set[str]) -> str:
    code = _camel(base)
    if not code or not code[0].isalpha() or code.casefold() in LIME_RESERVED:
        code = "q" + code[:1].upper() + code[1:]
    return _unique(code, taken, LIME_CODE_MAX)


def _lime_subcode(base: str, taken: set[str]) -> str:
    code = _camel(base) or "sq"
    if code.casefold() in LIME_SUB_AVOID or code.casefold().endswith("comment"):
        code += "X"
    return _unique(code, taken, LIME_CODE_MAX)


def _tag(base: str, taken: set[str]) -> str:
    tag = re.sub(r"[^A-Za-z0-9_]", "_", base)
    if not tag[:1].isalpha() or tag.startswith("Q_"):
        tag = "PA_" + tag
    return _unique(tag, taken, 60)


def blocks(q: Questionnaire) -> tuple[Block, ...]:
    """The questionnaire as the tools show it, with every code; families grouped into one array."""
    from advisor.survey.demo import page_of  # the page layout of the survey lives with the demo

    grouped: list[list[Question]] = []
    for question in q.questions:
        if question.group and grouped and grouped[-1][0].group == question.group:
            grouped[-1].append(question)
        else:
            grouped.append([question])
    lime_taken: set[str] = set()
    tag_taken: set[str] = set()
    out = []
    for members in grouped:
        first = members[0]
        kind = _kind(first)
        base = first.group or first.id
        sub_taken: set[str] = set()
        if kind == "array":
            subcodes = tuple(_lime_subcode(m.subject, sub_taken) for m in members)
        elif kind == "multi":
            subcodes = tuple(_lime_subcode(str(o.value), sub_taken) for o in first.options)
        else:
            subcodes = ()
        out.append(
            Block(
                kind,
                tuple(members),
                page_of(first.id, q),
                _lime_question_code(base, lime_taken),
                subcodes,
                _tag(base, tag_taken),
            )
        )
    return tuple(out)


# --- answer codes ---------------------------------------------------------------------------


def lime_answer_codes(question: Question) -> list[str]:
    """LimeSurvey answer codes of a list or array question, in option order."""
    values = question.values
    if question.kind == "likert" and all(isinstance(v, int) and 0 <= v <= 99999 for v in values):
        return [str(v) for v in values]
    return [f"A{i}" for i in range(1, len(values) + 1)]


def qualtrics_recodes(question: Question) -> list[int]:
    """Qualtrics recode values (numeric) of a question's options, in option order."""
    values = question.values
    if question.kind == "likert" and all(isinstance(v, int) for v in values):
        return [int(v) for v in values]
    return list(range(1, len(values) + 1))


# --- texts the tools show beside the questionnaire's own ---------------------------------


def stem(block: Block, lang: str) -> str:
    """The text above an array/matrix/grid; the question text for any other block."""
    if block.kind != "array":
        return block.first.text.get(lang)
    key = f"templates.stems.{block.group}"
    return t(key, lang) if key in keys(lang) else block.first.text.get(lang)


def row_label(q: Questionnaire, block: Block, question: Question, lang: str) -> str:
    """A row of an array: the channel's name, else the part of the text that differs per row."""
    if block.group == "use":
        channel = next((c for c in q.channels if c.id == question.subject), None)
        if channel is not None:
            return channel.label(lang)
    texts = [m.text.get(lang) for m in block.questions]
    if len(texts) < 2:
        return question.text.get(lang)
    prefix = _word_prefix(texts)
    suffix = _word_prefix([x[::-1] for x in texts])
    text = question.text.get(lang)
    middle = text[len(prefix) : len(text) - len(suffix)].strip() or text
    return middle[:1].upper() + middle[1:]


def _word_prefix(texts: list[str]) -> str:
    """The common start of all texts, cut back to the last space in it."""
    shortest = min(texts, key=len)
    end = 0
    while end < len(shortest) and all(x[end] == shortest[end] for x in texts):
        end += 1
    return shortest[: shortest.rfind(" ", 0, end) + 1]


def title(q: Questionnaire, lang: str) -> str:
    name = q.organisation.name
    return t("templates.title_for", lang, name=name) if name else t("templates.title", lang)


# --- the columns of each tool's export -------------------------------------------------------

Target = str | dict[str, Any]


def _option_target(question: Question, value: str | int) -> dict[str, Any]:
    return {"question": question.id, "option": value}


def _lime_columns(q: Questionnaire, lang: str | None) -> dict[str, Target]:
    """Export columns with question codes (``lang`` None) or full headings in ``lang``."""
    out: dict[str, Target] = {}
    for block in blocks(q):
        if block.kind == "array":
            for sub, question in zip(block.lime_subcodes, block.questions, strict=True):
                name = f"{stem(block, lang)} [{row_label(q, block, question, lang)}]" if lang else None
                out[name or f"{block.lime_code}[{sub}]"] = question.id
        elif block.kind == "multi":
            for sub, option in zip(block.lime_subcodes, block.first.options, strict=True):
                name = f"{block.first.text.get(lang)} [{option.label(lang)}]" if lang else None
                out[name or f"{block.lime_code}[{sub}]"] = _option_target(block.first, option.value)
        else:
            out[block.first.text.get(lang) if lang else block.lime_code] = block.first.id
    return out


def _qualtrics_columns(q: Questionnaire) -> dict[str, Target]:
    out: dict[str, Target] = {}
    for block in blocks(q):
        if block.kind == "array":
            for i, question in enumerate(block.questions, start=1):
                out[f"{block.tag}_{i}"] = question.id
        elif block.kind == "multi":
            for i, option in enumerate(block.first.options, start=1):
                out[f"{block.tag}_{i}"] = _option_target(block.first, option.value)
        else:
            out[block.tag] = block.first.id
    return out


def _google_columns(q: Questionnaire, lang: str) -> dict[str, Target]:
    out: dict[str, Target] = {}
    for block in blocks(q):
        if block.kind == "array":
            for question in block.questions:
                out[f"{stem(block, lang)} [{row_label(q, block, question, lang)}]"] = question.id
        else:
            out[block.first.text.get(lang)] = block.first.id
    return out


def _text_columns(q: Questionnaire, lang: str, multi_split: bool) -> dict[str, Target]:
    """One column per question text (Microsoft Forms; SurveyMonkey splits multi per option)."""
    out: dict[str, Target] = {}
    for question in q.questions:
        text = question.text.get(lang)
        if question.kind == "multi" and multi_split:
            for option in question.options:
                out[f"{text} | {option.label(lang)}"] = _option_target(question, option.value)
        else:
            out[text] = question.id
    return out


def variants(tool: str, q: Questionnaire) -> dict[str, dict[str, Target]]:
    """Each export shape a tool can give of our template: variant name -> column -> target."""
    if tool == "limesurvey":
        return {"codes": _lime_columns(q, None)} | {f"full-{lang}": _lime_columns(q, lang) for lang in LANGS}
    if tool == "qualtrics":
        return {"tags": _qualtrics_columns(q)}
    if tool == "googleforms":
        return {lang: _google_columns(q, lang) for lang in LANGS}
    if tool in ("msforms", "surveymonkey"):
        return {lang: _text_columns(q, lang, tool == "surveymonkey") for lang in LANGS}
    raise ValueError(f"unknown tool {tool!r}; expected one of {', '.join(TOOLS)}")


def template_values(tool: str, q: Questionnaire) -> dict[str, dict[str, str | int]]:
    """Answer code -> canonical value, per question id (only where a code is not the value)."""
    out: dict[str, dict[str, str | int]] = {}
    for block in blocks(q):
        if block.kind not in ("single", "array"):
            continue
        for question in block.questions:
            if tool == "limesurvey":
                codes = lime_answer_codes(question)
            elif tool == "qualtrics":
                codes = [str(r) for r in qualtrics_recodes(question)]
            else:
                return {}
            pairs = {c: v for c, v in zip(codes, question.values, strict=True) if c != str(v)}
            if pairs:
                out[question.id] = pairs
    return out


def template_mapping(tool: str, questionnaire: Questionnaire) -> dict[str, Any]:
    """The mapping (``columns``, ``values``) of every export shape of ``tool``'s template."""
    columns: dict[str, Target] = {}
    for shape in variants(tool, questionnaire).values():
        columns.update(shape)
    return {"columns": columns, "values": template_values(tool, questionnaire)}


# Exports matched by question text already need no mapping; these need one.
RECOGNISED = ("limesurvey", "qualtrics", "googleforms")


def recognise(export: Any, questionnaire: Questionnaire) -> tuple[str, dict[str, Any]] | None:
    """(variant, mapping) when ``export`` has the columns of our template for its format."""
    tool = export.format.name
    if tool not in RECOGNISED:
        return None
    names = {normalise(n): n for n in export.names if n}
    best: tuple[float, str, dict[str, Target]] | None = None
    for variant, columns in variants(tool, questionnaire).items():
        wanted = {normalise(c): target for c, target in columns.items()}
        share = sum(key in names for key in wanted) / len(wanted) if wanted else 0.0
        if share >= RECOGNISE_SHARE and (best is None or share > best[0]):
            best = (share, variant, {names[k]: v for k, v in wanted.items() if k in names})
    if best is None:
        return None
    return best[1], {"columns": best[2], "values": template_values(tool, questionnaire)}


def recognise_template(export: Any, questionnaire: Questionnaire) -> dict[str, Any] | None:
    """The mapping for an export that came from our template (None when it did not).

    LimeSurvey (question codes or full headings), Qualtrics (numeric values or choice text: the
    column names are the same) and Google Forms (grid rows ``Title [Row]``) are recognised when at
    least 80% of the template's columns are there. Microsoft Forms and SurveyMonkey exports carry
    the questionnaire's own texts, which the importer matches exactly without a mapping.
    """
    found = recognise(export, questionnaire)
    return found[1] if found else None
