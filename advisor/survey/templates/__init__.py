"""Send the survey from the tool the organisation already uses.

``render_template(tool, questionnaire, lang) -> (filename, content, MIME type)`` writes the
questionnaire (with the organisation's own departments, locations and roles when it was loaded
with an organisation file) as a file to load into ``tool``; the export that comes back maps by
itself: :func:`recognise_template` gives the importer the mapping. One file per tool:

============  ==================  ==========================================================
tool          file                how it gets into the tool
============  ==================  ==========================================================
limesurvey    ``.lss`` (XML)      Import survey; both languages, base language ``lang``
qualtrics     ``.qsf`` (JSON)     Create project > Survey > Import a QSF file
msforms       ``.docx``           New form > Quick import
googleforms   ``.gs``             Apps Script that creates the form with FormApp
surveymonkey  ``.md`` (or .docx)  copy question by question
============  ==================  ==========================================================

The codes behind every template live in :mod:`.codes`; nothing else invents one.
"""

from __future__ import annotations

from advisor.i18n import t
from advisor.survey.questionnaire import Questionnaire
from advisor.survey.templates.codes import TOOLS, recognise_template, template_mapping

__all__ = [
    "TOOLS",
    "instructions",
    "read_lss",
    "recognise_template",
    "render_template",
    "template_mapping",
]

FILES = {
    "limesurvey": ("lss", "application/xml"),
    "qualtrics": ("qsf", "application/json"),
    "msforms": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "googleforms": ("gs", "application/javascript"),
    "surveymonkey": ("md", "text/markdown"),
}
DOCX = FILES["msforms"][1]
TEXT_TOOLS = ("limesurvey", "qualtrics", "googleforms", "surveymonkey")  # may go to stdout


def _check(tool: str, lang: str) -> None:
    if tool not in TOOLS:
        from advisor.errors import InputError

        raise InputError(t("templates.errors.unknown_tool", lang, tool=tool, tools=", ".join(TOOLS)))


def render_template(
    tool: str, questionnaire: Questionnaire, lang: str, *, docx: bool = False
) -> tuple[str, bytes, str]:
    """(file name, content, MIME type) of ``tool``'s template in ``lang`` (nl or en).

    ``docx=True`` gives SurveyMonkey's question list as a Word document instead of Markdown.
    """
    from advisor.survey.templates import documents, limesurvey, qualtrics

    _check(tool, lang)
    lang = "en" if lang == "en" else "nl"
    renderers = {
        "limesurvey": limesurvey.render_lss,
        "qualtrics": qualtrics.render_qsf,
        "msforms": documents.render_msforms,
        "googleforms": documents.render_googleforms,
        "surveymonkey": documents.render_surveymonkey_docx if docx else documents.render_surveymonkey,
    }
    ext, mime = FILES[tool]
    if tool == "surveymonkey" and docx:
        ext, mime = "docx", DOCX
    content = renderers[tool](questionnaire, lang)
    return f"platform-advisor-{tool}-{lang}.{ext}", content, mime


def instructions(tool: str, lang: str) -> str:
    """One line on how to load ``tool``'s template and bring the responses back."""
    _check(tool, lang)
    return t(f"templates.instructions.{tool}", lang)


def read_lss(data: bytes, lang: str | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """Column code -> (question text, {answer code: label}) of any LimeSurvey .lss file."""
    from advisor.survey.templates.limesurvey import read_lss as read

    return read(data, lang)
