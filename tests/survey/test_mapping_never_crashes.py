"""Whatever mapping a user writes or the wizard sends, the import answers with a message, never a crash.

Mappings are drawn at random from the export's own column names, question ids (real and made up),
option values and answer labels, in the shapes a hand-edited file can take.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.survey.importer import SurveyImportError, import_survey, suggest_mapping
from advisor.survey.questionnaire import default_questionnaire
from tests.conftest import FIXTURES

EXPORT = FIXTURES / "own_wording" / "googleforms-spo-de-linge.csv"
RAW = EXPORT.read_bytes()
QUESTIONNAIRE = default_questionnaire()
COLUMNS = [c.name for c in suggest_mapping(RAW, filename=EXPORT.name, questionnaire=QUESTIONNAIRE).columns]
IDS = [*QUESTIONNAIRE.by_id, "importance.nope", "department.x", "", "use"]
VALUES = ["daily", "yes", 3, 9, "", None, "<25", "faster_answers", "Burgerzaken", 2.5]

targets = st.one_of(
    st.none(),
    st.sampled_from(IDS),
    st.fixed_dictionaries({"question": st.sampled_from(IDS), "option": st.sampled_from(VALUES)}),
    st.integers(),
    st.lists(st.sampled_from(IDS), max_size=2),
)
mappings = st.fixed_dictionaries(
    {
        "columns": st.dictionaries(st.sampled_from([*COLUMNS, "Verzonnen kolom"]), targets, max_size=12),
        "values": st.dictionaries(
            st.sampled_from(IDS),
            st.dictionaries(
                st.one_of(st.text(max_size=12), st.integers()), st.sampled_from(VALUES), max_size=4
            ),
            max_size=4,
        ),
    }
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mapping=mappings)
def test_any_mapping_gives_a_result_or_a_message(mapping):
    try:
        result = import_survey(RAW, filename=EXPORT.name, questionnaire=QUESTIONNAIRE, mapping=mapping)
    except SurveyImportError as exc:
        assert EXPORT.name in exc.message or "mapping" in exc.message  # says which file
        return
    assert result.report.respondents > 0


@settings(max_examples=60, deadline=None)
@given(cells=st.lists(st.text(max_size=30), min_size=2, max_size=6))
def test_any_answers_under_a_known_header_give_a_result_or_a_message(cells):
    header = "Tijdstempel,Hoe belangrijk vind je de volgende punten? [Privacy],Welke afdeling?\n"
    rows = "".join(f'2026/01/01 10:00,"{c.replace(chr(34), "")}",Team {i}\n' for i, c in enumerate(cells))
    try:
        import_survey((header + rows).encode(), filename="g.csv", questionnaire=QUESTIONNAIRE)
    except SurveyImportError as exc:
        assert exc.message
