"""Sector and size: rules for one sector say so in their rule and apply only there (issue 14).

Woo and Archiefwet for government bodies, patient data for healthcare, the works council's consent
for usage figures where there is one; a plan for an organisation that gave no sector says what it
left out. Each case is a real organisation.yaml."""

from __future__ import annotations

import pytest

from advisor.plan.render import render
from advisor.survey.questionnaire import QuestionnaireInvalid, load_questionnaire
from tests.plan.conftest import organisation_file, visible_text

GROUPS = {"a": (8, {}), "b": (8, {})}
PUBLIC_RECORDS = ("Woo", "Archiefwet", "zaaksysteem", "burgerservicenummer")


def _all(plan) -> str:
    return "\n".join(visible_text(render(plan, fmt), fmt) for fmt in ("md", "html", "docx"))


def test_a_private_company_gets_no_woo_archiefwet_or_case_system(plan_of, tmp_path):
    plan = plan_of(GROUPS, organisation_file=organisation_file(tmp_path, sector="private", size=120))
    text = _all(plan)
    assert not [word for word in PUBLIC_RECORDS if word in text]
    assert "public_records" not in {g.id for g in plan.guidelines}
    retention = next(r for r in plan.governance if r.topic == "Bewaren")
    assert "AVG" in retention.text


@pytest.mark.parametrize("sector", ["municipality", "province", "water_board", "central_government"])
def test_a_government_body_gets_the_woo_and_archiefwet(plan_of, tmp_path, sector):
    plan = plan_of(GROUPS, organisation_file=organisation_file(tmp_path, sector=sector, size=900))
    rule = next(g for g in plan.guidelines if g.id == "public_records")
    assert "Woo" in rule.text and "Archiefwet" in rule.text and rule.always
    assert [g.key for g in rule.groups] == ["a", "b"]
    assert "geldt voor deze sector" in rule.condition  # the rule says it is the sector's
    text = _all(plan)
    assert "Woo" in text and "Archiefwet" in text
    assert any("archivaris" in r.role for r in plan.roles)


def test_a_healthcare_organisation_gets_the_patient_data_rule(plan_of, tmp_path):
    plan = plan_of(
        GROUPS, lang="en", organisation_file=organisation_file(tmp_path, sector="healthcare", size=2000)
    )
    rule = next(g for g in plan.guidelines if g.id == "patient_data")
    assert "NEN 7510" in rule.text and "never in chat" in rule.text
    assert "public_records" not in {g.id for g in plan.guidelines}  # a hospital is not a Woo body here
    assert any(r.role == "Security officer" for r in plan.roles)
    assert "No patient data in chat" in _all(plan)


def test_usage_figures_need_the_works_councils_consent_from_50_staff(plan_of, tmp_path):
    large = plan_of(GROUPS, organisation_file=organisation_file(tmp_path, sector="private", size=50))
    council = next(r for r in large.governance if r.topic == "Ondernemingsraad")
    assert "WOR art. 27" in council.text
    small = plan_of(GROUPS, organisation_file=organisation_file(tmp_path, sector="private", size=49))
    assert not [r for r in small.governance if r.topic == "Ondernemingsraad"]
    told = plan_of(
        GROUPS,
        organisation_file=organisation_file(tmp_path, sector="non_profit", size=30, works_council=True),
    )
    assert [r for r in told.governance if r.topic == "Ondernemingsraad"]


def test_a_missing_sector_and_size_are_a_message_never_a_default(plan_of):
    plan = plan_of(GROUPS)  # the default questionnaire: no organisation file
    assert {g.id for g in plan.guidelines}.isdisjoint({"public_records", "patient_data"})
    assert any("sector" in note and "Gegevens" in note for note in plan.notes)
    assert any("ondernemingsraad" in note for note in plan.notes)
    retention = next(r for r in plan.governance if r.topic == "Bewaren")
    assert "sector" in retention.text  # what applies depends on it, and the plan says so
    cover = {row.label: row.value for row in plan.cover}
    assert cover["Sector en omvang"].startswith("sector niet ingevuld")


def test_an_unknown_sector_is_refused_naming_file_line_and_the_sectors(tmp_path):
    path = organisation_file(tmp_path, sector="gemeente")
    with pytest.raises(QuestionnaireInvalid) as info:
        load_questionnaire(organisation=path)
    message = str(info.value)
    assert f"{path}:" in message and "sector" in message and "municipality" in message


def test_the_size_defaults_to_the_headcounts_and_says_so(plan_of, tmp_path):
    path = organisation_file(
        tmp_path,
        sector="private",
        segment_options={
            "department": [{"value": "a", "nl": "A", "en": "A"}, {"value": "b", "nl": "B", "en": "B"}]
        },
        headcounts={"department": {"a": 40, "b": 25}},
    )
    plan = plan_of(GROUPS, organisation_file=path)
    cover = {row.label: row.value for row in plan.cover}
    assert "65 (som van de aantallen per groep)" in cover["Sector en omvang"]
    assert [r for r in plan.governance if r.topic == "Ondernemingsraad"]  # 65 staff: 50 or more


def test_a_size_below_the_headcounts_is_refused_naming_file_and_line(tmp_path, capsys):
    from advisor.cli import main
    from tests.plan.conftest import DEMO

    path = tmp_path / "organisation.yaml"
    demo = (DEMO.parent / "organisation.yaml").read_text(encoding="utf-8")
    path.write_text(demo.replace("size: 626", "size: 100"), encoding="utf-8")
    args = ["plan", "--survey", str(DEMO), "--organisation", str(path), "--platform", "teams"]
    code = main([*args, "--out", str(tmp_path / "plan.md")])
    err = capsys.readouterr().err
    line = demo.splitlines().index("size: 626") + 1
    assert code == 2 and f"{path}:{line}: size: 100 medewerkers" in err and "626" in err
    assert not (tmp_path / "plan.md").exists()
