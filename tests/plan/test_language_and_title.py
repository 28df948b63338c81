"""The Word plan says which language it is in; a plan without an organisation name has a clean title."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from advisor.cli import main
from tests.conftest import ROOT

DEMO = ROOT / "surveys" / "demo" / "demo-native.csv"


@pytest.mark.parametrize(("lang", "tag"), [("nl", "nl-NL"), ("en", "en-GB")])
def test_the_word_file_is_marked_in_the_plan_s_language(tmp_path, lang, tag):
    out = tmp_path / "plan.docx"
    args = ["--lang", lang, "plan", "--survey", str(DEMO), "--platform", "teams", "--format", "docx"]
    assert main([*args, "--out", str(out)]) == 0
    archive = zipfile.ZipFile(io.BytesIO(out.read_bytes()))
    styles = archive.read("word/styles.xml").decode()
    assert set(re.findall(r'w:lang w:val="([^"]+)"', styles)) == {tag}  # no en-US left anywhere
    assert f"<dc:language>{tag}</dc:language>" in archive.read("docProps/core.xml").decode()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_plan_without_an_organisation_name_has_no_empty_title_part(plan_of, lang):
    plan = plan_of({"a": (8, {}), "b": (8, {})}, lang=lang, organisation="")
    assert plan.subtitle.startswith("Start ") and "·" not in plan.subtitle
    named = plan_of({"a": (8, {}), "b": (8, {})}, lang=lang, organisation="Gemeente Lekdal")
    assert named.subtitle.startswith("Gemeente Lekdal · start ")
