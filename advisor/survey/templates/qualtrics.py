"""Qualtrics survey file (.qsf): the questionnaire as a JSON survey to import.

Shape as in real exported .qsf files (for example the test survey in fflewddur/sp
``libsp/data_test.go``): ``SurveyEntry`` (id, name, language, status) and ``SurveyElements``, a list
of elements with ``Element`` ``BL`` (blocks, one per page, plus the Trash block), ``FL`` (the flow:
the blocks in order), ``SO`` (options), ``QC`` (question count) and one ``SQ`` per question whose
``Payload`` has ``QuestionText``, ``DataExportTag``, ``QuestionType`` (``MC``, ``Matrix``, ``TE``),
``Selector`` (``SAVR`` single answer, ``MAVR`` multiple answers, ``Likert`` matrix, ``ML``/``SL``
text), ``Choices`` with ``ChoiceOrder``, ``Answers`` with ``AnswerOrder`` (matrix columns),
numeric ``RecodeValues``, ``QuestionID`` and translations under ``Language``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from advisor.i18n import t
from advisor.survey.demo import PAGES
from advisor.survey.questionnaire import Question, Questionnaire
from advisor.survey.templates.codes import Block, blocks, qualtrics_recodes, row_label, stem, title

FIXED_DATE = "2026-01-01 00:00:00"
NEVER = "0000-00-00 00:00:00"
VALIDATION = {"Settings": {"ForceResponse": "OFF", "ForceResponseType": "ON", "Type": "None"}}


def _id(prefix: str, seed: str, length: int = 15) -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    number = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    chars = []
    for _ in range(length):
        number, digit = divmod(number, len(alphabet))
        chars.append(alphabet[digit])
    return f"{prefix}_{''.join(chars)}"


def _choices(labels: list[str]) -> dict[str, dict[str, str]]:
    return {str(i): {"Display": label} for i, label in enumerate(labels, start=1)}


def _option_labels(question: Question, lang: str) -> list[str]:
    return [o.label(lang) for o in question.options]


def _payload(q: Questionnaire, block: Block, qid: str, lang: str, other: str) -> dict[str, Any]:
    first = block.first
    payload: dict[str, Any] = {
        "QuestionText": stem(block, lang),
        "DataExportTag": block.tag,
        "QuestionType": "MC",
        "Selector": "SAVR",
        "SubSelector": "TX",
        "Configuration": {"QuestionDescriptionOption": "UseText"},
        "QuestionDescription": stem(block, lang),
        "Validation": VALIDATION,
        "GradingData": [],
        "QuestionID": qid,
    }
    translation: dict[str, Any] = {"QuestionText": stem(block, other)}
    if block.kind in ("single", "multi"):
        labels = _option_labels(first, lang)
        payload["Choices"] = _choices(labels)
        payload["ChoiceOrder"] = [str(i) for i in range(1, len(labels) + 1)]
        recodes = qualtrics_recodes(first) if block.kind == "single" else range(1, len(labels) + 1)
        payload["RecodeValues"] = {str(i): str(r) for i, r in enumerate(recodes, start=1)}
        payload["NextChoiceId"] = len(labels) + 1
        payload["NextAnswerId"] = 1
        translation["Choices"] = _choices(_option_labels(first, other))
        if block.kind == "multi":
            payload["Selector"] = "MAVR"
    elif block.kind == "array":
        rows = [row_label(q, block, x, lang) for x in block.questions]
        payload |= {
            "QuestionType": "Matrix",
            "Selector": "Likert",
            "SubSelector": "SingleAnswer",
            "Choices": _choices(rows),
            "ChoiceOrder": [str(i) for i in range(1, len(rows) + 1)],
            "Answers": _choices(_option_labels(first, lang)),
            "AnswerOrder": [str(i) for i in range(1, len(first.options) + 1)],
            "RecodeValues": {str(i): str(r) for i, r in enumerate(qualtrics_recodes(first), start=1)},
            "ChoiceDataExportTags": False,
            "NextChoiceId": len(rows) + 1,
            "NextAnswerId": len(first.options) + 1,
        }
        payload["Configuration"] = {
            "QuestionDescriptionOption": "UseText",
            "TextPosition": "inline",
            "ChoiceColumnWidth": 25,
            "RepeatHeaders": "none",
            "WhiteSpace": "OFF",
            "MobileFirst": True,
        }
        translation["Choices"] = _choices([row_label(q, block, x, other) for x in block.questions])
        translation["Answers"] = _choices(_option_labels(first, other))
    else:  # free text
        payload |= {"QuestionType": "TE", "Selector": "ML" if block.kind == "text" else "SL"}
        payload.pop("SubSelector")
        payload["NextChoiceId"] = 1
        payload["NextAnswerId"] = 1
    payload["Language"] = {other.upper(): translation}
    return payload


def render_qsf(q: Questionnaire, lang: str) -> bytes:
    """The .qsf of the questionnaire in ``lang``, with the other language as translation."""
    other = "en" if lang == "nl" else "nl"
    survey = _id("SV", f"survey:{q.organisation.name}")
    element = {"SurveyID": survey, "SecondaryAttribute": None, "TertiaryAttribute": None}
    questions: list[dict[str, Any]] = []
    block_elements: dict[int, list[dict[str, str]]] = {}
    for number, block in enumerate(blocks(q), start=1):
        qid = f"QID{number}"
        block_elements.setdefault(block.page, []).append({"Type": "Question", "QuestionID": qid})
        questions.append(
            element
            | {
                "Element": "SQ",
                "PrimaryAttribute": qid,
                "SecondaryAttribute": stem(block, lang)[:100],
                "Payload": _payload(q, block, qid, lang, other),
            }
        )
    block_ids = {page: _id("BL", f"block:{survey}:{page}") for page in block_elements}
    survey_blocks = [
        {
            "Type": "Default" if i == 0 else "Standard",
            "SubType": "",
            "Description": t(f"templates.pages.{PAGES[page - 1]}", lang),
            "ID": block_ids[page],
            "BlockElements": elements,
        }
        for i, (page, elements) in enumerate(block_elements.items())
    ]
    survey_blocks.append(
        {"Type": "Trash", "Description": "Trash / Unused Questions", "ID": _id("BL", f"trash:{survey}")}
        | {"BlockElements": []}
    )
    flow = [
        {"ID": block_ids[page], "Type": "Block" if i == 0 else "Standard", "FlowID": f"FL_{i + 2}"}
        for i, page in enumerate(block_elements)
    ]
    document = {
        "SurveyEntry": {
            "SurveyID": survey,
            "SurveyName": title(q, lang),
            "SurveyDescription": t("templates.description", lang),
            "SurveyOwnerID": _id("UR", "owner"),
            "SurveyBrandID": "",
            "DivisionID": None,
            "SurveyLanguage": lang.upper(),
            "SurveyActiveResponseSet": _id("RS", f"responses:{survey}"),
            "SurveyStatus": "Inactive",
            "SurveyStartDate": NEVER,
            "SurveyExpirationDate": NEVER,
            "SurveyCreationDate": FIXED_DATE,
            "CreatorID": _id("UR", "owner"),
            "LastModified": FIXED_DATE,
            "LastAccessed": NEVER,
            "LastActivated": NEVER,
            "Deleted": None,
        },
        "SurveyElements": [
            element | {"Element": "BL", "PrimaryAttribute": "Survey Blocks", "Payload": survey_blocks},
            element
            | {
                "Element": "FL",
                "PrimaryAttribute": "Survey Flow",
                "Payload": {
                    "Flow": flow,
                    "Properties": {"Count": len(flow) + 1},
                    "FlowID": "FL_1",
                    "Type": "Root",
                },
            },
            element
            | {
                "Element": "SO",
                "PrimaryAttribute": "Survey Options",
                "Payload": {
                    "BackButton": "true",
                    "SaveAndContinue": "true",
                    "SurveyProtection": "PublicSurvey",
                    "BallotBoxStuffingPrevention": "false",
                    "NoIndex": "Yes",
                    "SecureResponseFiles": "true",
                    "SurveyExpiration": "None",
                    "SurveyTermination": "DefaultMessage",
                    "Header": "",
                    "Footer": "",
                    "ProgressBarDisplay": "Text",
                    "PartialData": "+1 week",
                    "AnonymizeResponse": "Yes",  # no IP address or location with a response
                },
            },
            element
            | {
                "Element": "QC",
                "PrimaryAttribute": "Survey Question Count",
                "SecondaryAttribute": str(len(questions)),
                "Payload": None,
            },
            *questions,
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
