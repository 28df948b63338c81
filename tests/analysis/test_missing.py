"""A question nobody answered is reported, never imputed; a skipped rating is still imputed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advisor.analysis import summarise
from advisor.analysis import weights as wt
from advisor.analysis.missing import (
    MissingQuestions,
    availability,
    missing_message,
    missing_questions,
    needed_questions,
)
from advisor.survey.importer import import_survey
from advisor.survey.questionnaire import default_questionnaire
from tests.conftest import FIXTURES

MISSING = FIXTURES / "missing"
CRITERIA = ["control", "privacy", "usability", "integrations", "separation"]


@pytest.fixture(scope="module")
def questionnaire():
    return default_questionnaire()


def answers(name: str, questionnaire) -> pd.DataFrame:
    return import_survey(MISSING / name, questionnaire=questionnaire).answers


def test_an_entirely_absent_criterion_gives_no_weights_and_is_named(questionnaire):
    summary = summarise(answers("no-privacy.csv", questionnaire), questionnaire, bootstrap=50)
    assert summary.missing_questions == {"weights": ("importance.privacy",)}
    assert not summary.has_weights
    assert summary.organisation.weights is None
    assert all(g.weights is None for g in summary.segments.values())
    assert summary.bootstrap == {} and summary.imputed_ratings == 0
    assert summary.to_dict()["missing_questions"] == {"weights": ["importance.privacy"]}


def test_without_any_importance_question_the_rest_of_the_analysis_is_still_there(questionnaire):
    summary = summarise(answers("no-importance.csv", questionnaire), questionnaire, bootstrap=0)
    assert summary.missing_questions["weights"] == tuple(f"importance.{c}" for c in CRITERIA)
    editorial = summary.segments["editorial"]
    assert editorial.landscape.regular_channels and editorial.willingness.n > 0
    assert "landscape" not in summary.missing_questions and "attitudes" not in summary.missing_questions


def test_a_rating_skipped_by_one_respondent_that_others_gave_is_still_imputed():
    # privacy: respondent 0 skipped it, respondent 1 rated it -> respondent 0 gets the own mean
    frame = pd.DataFrame(
        {
            f"importance.{c}": pd.array(values, dtype="Int64")
            for c, values in zip(CRITERIA, ([4, 3], [None, 5], [2, 3], [None, 3], [3, 3]), strict=True)
        },
        index=pd.Index(["0", "1"], name="response_id"),
    )
    wt.check_answered(frame, CRITERIA)  # every criterion was rated by someone
    result = wt.respondent_weights(frame, CRITERIA)
    np.testing.assert_allclose(result.weights.loc["0"], np.array([4, 3, 2, 3, 3]) / 15)
    assert result.imputed == 2


def test_check_answered_names_the_criteria_nobody_rated():
    frame = pd.DataFrame(
        {
            "importance.control": pd.array([4, 2], dtype="Int64"),
            "importance.privacy": pd.array([None, None], dtype="Int64"),
        }
    )
    with pytest.raises(MissingQuestions) as caught:
        wt.check_answered(frame, ["control", "privacy", "usability"])
    assert caught.value.question_ids == ("importance.privacy", "importance.usability")


def test_a_multi_select_is_missing_only_when_none_of_its_options_has_an_answer(questionnaire):
    frame = answers("no-privacy.csv", questionnaire)
    assert missing_questions(frame, questionnaire, ["convincers", "concerns"]) == []
    blank = frame.assign(**{c: pd.NA for c in questionnaire["concerns"].columns})
    assert missing_questions(blank, questionnaire, ["convincers", "concerns"]) == ["concerns"]


def test_what_each_output_needs(questionnaire):
    assert needed_questions(questionnaire, "weights") == [f"importance.{c}" for c in CRITERIA]
    assert needed_questions(questionnaire, "plan") == needed_questions(questionnaire, "weights")
    assert all(q.startswith("use.") for q in needed_questions(questionnaire, "landscape"))
    assert needed_questions(questionnaire, "attitudes") == ["willingness", "convincers", "concerns"]


def test_channel_use_can_be_shown_in_part_but_weights_cannot(questionnaire):
    frame = answers("no-privacy.csv", questionnaire).assign(**{"use.slack": pd.NA})
    channels = availability(frame, questionnaire, "landscape")
    assert channels.missing == ("use.slack",) and channels.computable
    weights = availability(frame, questionnaire, "weights")
    assert weights.missing == ("importance.privacy",) and not weights.computable


def test_the_command_line_message_names_each_question_by_id_and_text(questionnaire):
    message = missing_message(questionnaire, ["importance.privacy"], "weights", "en")
    assert "importance.privacy" in message
    assert "How important is privacy and confidentiality to you in a work platform?" in message
    assert "criterion weights" in message
