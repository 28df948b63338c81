"""The plan built from small surveys: privacy, refusal of retired platforms, facts, determinism, escaping."""

from __future__ import annotations

import io

import docx
import pytest

from advisor.catalog import Catalog
from advisor.errors import InputError
from advisor.plan.render import render
from advisor.plan.render_util import safe_cell

SMALL = {"a": (6, {}), "b": (7, {}), "c": (8, {}), "tiny": (2, {})}


def _all_text(plan) -> str:
    return render(plan, "md").decode() + render(plan, "html").decode()


def test_suppressed_segments_are_folded_into_other_staff_without_figures(plan_of):
    plan = plan_of(SMALL)
    # tiny (2) is below 5; a (6) is hidden too, or the total would give tiny away
    assert [s.key for s in plan.segments] == ["b", "c"]
    assert plan.other_staff is not None and plan.other_staff.groups == ("a", "tiny")
    md = render(plan, "md").decode()
    for line in md.splitlines():
        if "tiny" in line:
            assert line.startswith("Te klein voor een eigen hoofdstuk"), line
    assert "### tiny" not in md and "### a\n" not in md


def test_comments_never_appear_in_the_plan(plan_of):
    assert "GEHEIM-COMMENTAAR" not in _all_text(plan_of({"a": (12, {}), "b": (12, {})}))


@pytest.mark.parametrize(
    "platform, lang, expected",
    [
        ("workplace", "nl", "uit de markt genomen"),
        ("skype", "en", "has been retired"),
    ],
)
def test_a_retired_platform_is_refused_in_the_users_language(plan_of, platform, lang, expected):
    with pytest.raises(InputError, match=expected):
        plan_of({"a": (6, {}), "b": (6, {})}, platform=platform, lang=lang)


def test_an_unknown_platform_lists_the_valid_ids(plan_of):
    with pytest.raises(InputError, match=r"Onbekend platform .msteams.*teams.*zulip"):
        plan_of({"a": (6, {}), "b": (6, {})}, platform="msteams")


def _with_fact(catalog: Catalog, platform_id: str, indicator: str, value: str) -> Catalog:
    """The catalogue with ``indicator`` set to ``value`` on the platform and on every plan of it."""

    def changed(facts: dict) -> dict:
        return {**facts, indicator: facts[indicator].model_copy(update={"value": value})}

    def plan(p):
        return p.model_copy(update={"facts": changed(p.facts)}) if indicator in p.facts else p

    platforms = tuple(
        p.model_copy(update={"facts": changed(p.facts), "plans": [plan(x) for x in p.plans]})
        if p.id == platform_id
        else p
        for p in catalog.platforms
    )
    return Catalog(catalog.rubric, platforms, catalog.files)


def test_guest_expiry_is_automatic_only_when_the_platform_can_expire_guests(plan_of, catalog):
    groups = {"x": (6, {"works_with_externals": "yes"}), "y": (6, {})}

    def capability(use_catalog):
        plan = plan_of(groups, use_catalog=use_catalog)
        guests = next(g for g in plan.guidelines if g.id == "guests")
        assert [g.key for g in guests.groups] == ["x"]  # stated once, for the group that triggered it
        return guests.capability

    expiring = capability(_with_fact(catalog, "teams", "guest_policy", "policy_and_expiry"))
    assert "automatisch verlopen" in expiring.text
    manual = capability(_with_fact(catalog, "teams", "guest_policy", "policy"))
    assert "niet vanzelf verlopen" in manual.text and "kwartaalcontrole" in manual.text
    (evidence,) = manual.evidence
    assert evidence.kind == "fact" and evidence.source.startswith("https://")
    assert isinstance(evidence.verified, bool)


def test_no_integration_is_invented_for_a_survey_without_the_business_systems_question(plan_of):
    plan = plan_of({"sales": (6, {}), "it": (6, {})})  # 'sales' used to get a CRM line by its name
    assert plan.integrations is not None and not plan.integrations.asked
    assert "niet in welke bedrijfssystemen" in plan.integrations.intro
    assert all(s.integrations == () for s in plan.segments)
    md = render(plan, "md").decode()
    integrations = md.split("## Koppelingen met bedrijfssystemen")[1].split("\n## Uitvoering")[0]
    assert "CRM" not in integrations  # neither the integrations part nor a group's chapter


def test_the_same_inputs_give_the_same_plan(plan_of):
    groups = {"a": (6, {"after_hours": "daily"}), "b": (9, {"overload": "gt4"})}
    first, second = plan_of(groups), plan_of(groups)
    assert first.model_dump_json() == second.model_dump_json()
    assert render(first, "md") == render(second, "md")
    assert render(first, "html") == render(second, "html")
    one, two = (docx.Document(io.BytesIO(render(p, "docx"))) for p in (first, second))
    assert [p.text for p in one.paragraphs] == [p.text for p in two.paragraphs]
    assert [[c.text for r in t.rows for c in r.cells] for t in one.tables] == [
        [c.text for r in t.rows for c in r.cells] for t in two.tables
    ]
    assert one.core_properties.created.date() == first.start == one.core_properties.modified.date()


def test_user_text_is_escaped_in_html_and_markdown(plan_of):
    evil = "<script>alert(1)</script>"
    plan = plan_of({evil: (6, {}), "b": (6, {})}, organisation=f"Org {evil}")
    html = render(plan, "html").decode()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render(plan, "md").decode()
    assert "<script>" not in md and r"\<script\>" in md


def test_table_cells_cannot_start_a_formula(plan_of):
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("+1") == "'+1"
    assert safe_cell("-2") == "'-2" and safe_cell("@SUM") == "'@SUM" and safe_cell("Redactie") == "Redactie"
    plan = plan_of({"=cmd|' /C calc'!A0": (6, {}), "b": (6, {})})
    document = docx.Document(io.BytesIO(render(plan, "docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "'=cmd|' /C calc'!A0" in cells and "=cmd|' /C calc'!A0" not in cells
    assert "| '=cmd" in render(plan, "md").decode()


def test_english_plan_is_english(plan_of):
    plan = plan_of({"a": (6, {"after_hours": "daily"}), "b": (6, {})}, lang="en")
    md = render(plan, "md").decode()
    assert md.startswith("# Adoption plan Microsoft Teams") and "Peace outside working hours" in md
    assert "Waarom" not in md and "drempel" not in md
