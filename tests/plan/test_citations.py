"""The plan cites each source once, by number, in a sources list with title, publisher, date and
address (one number per page, the facts it supports named); no bullet repeats a URL and no source
is a site root (issue 12, part 5; issue 14: the page is the link, the facts' values are where they
are cited)."""

from __future__ import annotations

import re

import pytest

from advisor.catalog.models import is_site_root
from advisor.cli import main
from tests.conftest import ROOT

DEMO = ROOT / "surveys" / "demo" / "demo-native.csv"
URL = re.compile(r"https?://[^\s|)<>]+")


@pytest.fixture(scope="module", params=["nl", "en"])
def plan_md(request, tmp_path_factory):
    out = tmp_path_factory.mktemp("plan") / f"plan-{request.param}.md"
    assert (
        main(
            ["--lang", request.param, "plan", "--survey", str(DEMO), "--platform", "teams", "--out", str(out)]
        )
        == 0
    )
    return out.read_text(encoding="utf-8")


def _parts(text: str) -> tuple[str, list[str]]:
    """The plan without its sources list, and the rows of that list."""
    lines = text.splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.startswith("| Nr. |") or line.startswith("| No. |")
    )
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return "\n".join(lines[:start]), rows


def test_every_reference_in_the_text_is_a_numbered_source_and_each_source_is_listed_once(plan_md):
    body, rows = _parts(plan_md)
    numbers = [int(row.split("|")[1]) for row in rows]
    assert numbers == list(range(1, len(rows) + 1))  # numbered in order, each once
    cited = {int(n) for n in re.findall(r"\\\[(\d+)\\\]", body)}
    assert cited == set(numbers)  # every listed fact is cited, every citation is listed
    facts = [fact.strip() for row in rows for fact in row.split("|")[2].split(";")]
    assert len(facts) == len(set(facts))  # each fact in one row only
    pages = [URL.search(row.split("|")[3]).group(0) for row in rows]
    assert len(pages) == len(set(pages))  # one row (one number) per page


def test_no_bullet_repeats_a_url_and_no_source_is_a_site_root(plan_md):
    body, rows = _parts(plan_md)
    prose = [line for line in body.splitlines() if not line.startswith("|")]  # tables may cite prices
    assert not [line for line in prose if URL.search(line)]
    urls = URL.findall(plan_md)
    assert urls and not [u for u in urls if is_site_root(u)]
    for row in rows:  # every source row names its page by title, publisher and date, linked
        cell = row.split("|")[3]
        assert URL.search(cell) and len(cell.split("·")) >= 3
