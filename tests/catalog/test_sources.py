"""`catalog check` on sources: the specific page, its date, staleness; every problem with file and line."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.catalog import loader
from advisor.catalog.loader import check, collect
from advisor.catalog.models import is_site_root
from tests.catalog.conftest import TODAY, fact, price

ROOT_PAGE = "https://www.microsoft.com/"


def _only(problems, severity):
    return [p for p in problems if p.severity == severity]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.microsoft.com/",
        "https://www.microsoft.com/nl-nl/",
        "https://slack.com/intl/nl-nl/",
        "https://wire.com/en",
        "http://element.io",
        "https://mattermost.com/#features",
    ],
)
def test_a_bare_site_with_or_without_a_language_path_is_a_site_root(url):
    assert is_site_root(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://learn.microsoft.com/en-us/microsoftteams/dynamic-memberships",
        "https://slack.com/intl/nl-nl/pricing",
        "https://github.com/element-hq/element-web/blob/v1.11.0/src/i18n/strings/nl.json",
        "https://example.org/?page_id=12",
    ],
)
def test_a_specific_page_is_not_a_site_root(url):
    assert not is_site_root(url)


def test_a_verified_fact_with_a_site_root_is_an_error_on_its_source_line(catalogue):
    catalogue.platform(facts={"audit_log": fact("yes", source=ROOT_PAGE)})
    catalog, problems = collect(catalogue.root, today=TODAY, lang="en")
    assert catalog is None
    [error] = _only(problems, "error")
    assert (error.file.name, error.field) == ("alpha.yaml", "facts.audit_log.source")
    assert error.line == catalogue.line("alpha", f"source: {ROOT_PAGE}")
    assert "site root" in error.message and ROOT_PAGE in error.message


def test_an_unverified_fact_with_a_site_root_is_a_warning_and_the_catalogue_loads(catalogue):
    catalogue.platform(facts={"audit_log": fact("yes", source=ROOT_PAGE, verified=False)})
    catalog, problems = collect(catalogue.root, today=TODAY)
    assert catalog is not None
    [warning] = problems
    assert (warning.severity, warning.field) == ("warning", "facts.audit_log.source")
    assert warning.line == catalogue.line("alpha", f"source: {ROOT_PAGE}")


def _site_root_everywhere(catalogue):
    """A verified site-root source on a plan fact, a price, a host, the lifecycle and a milestone."""
    lifecycle = {
        "status": "active",
        "source": ROOT_PAGE,
        "source_date": dt.date(2026, 1, 1),
        "checked": dt.date(2026, 11, 30),
        "verified": True,
        "milestones": [
            {
                **{k: v for k, v in fact("x", source=ROOT_PAGE).items() if k != "value"},
                "date": dt.date(2025, 5, 5),
                "what": {"nl": "consumentenversie gestopt", "en": "consumer version retired"},
            }
        ],
    }
    host = {k: v for k, v in fact("x", source=ROOT_PAGE).items() if k != "value"}
    catalogue.platform(
        lifecycle=lifecycle,
        hosted_by=[{"provider": "Hetzner", "provider_country": "DE", "region": "Falkenstein", **host}],
        plans=[
            {
                "id": "pro",
                "name": "Pro",
                "price": price(source=ROOT_PAGE),
                "facts": {"audit_log": fact("no", source=ROOT_PAGE)},
            }
        ],
    )


def test_a_verified_site_root_is_an_error_on_plans_prices_hosts_and_the_lifecycle_too(catalogue):
    _site_root_everywhere(catalogue)
    _, problems = collect(catalogue.root, today=TODAY)
    fields = {p.field for p in _only(problems, "error")}
    assert fields == {
        "plans.0.price.source",
        "plans.0.facts.audit_log.source",
        "hosted_by.0.source",
        "lifecycle.source",
        "lifecycle.milestones.0.source",
    }
    lines = sorted(p.line for p in _only(problems, "error"))
    text_lines = [
        i + 1
        for i, line in enumerate((catalogue.root / "platforms" / "alpha.yaml").read_text().splitlines())
        if ROOT_PAGE in line
    ]
    assert lines == text_lines


def test_a_missing_source_date_is_incomplete_and_fails_only_with_strict(catalogue, cli):
    without_date = fact("yes")
    del without_date["source_date"]
    catalogue.platform(facts={"audit_log": without_date})
    catalog, problems = collect(catalogue.root, today=TODAY)
    assert catalog is not None
    [incomplete] = problems
    assert (incomplete.severity, incomplete.field) == ("incomplete", "facts.audit_log.source_date")
    assert incomplete.line == catalogue.line("alpha", "audit_log:")
    relaxed = cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat())
    strict = cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat(), "--strict")
    assert relaxed.returncode == 0, relaxed.stderr
    assert f"alpha.yaml:{incomplete.line}: onvolledig: facts.audit_log.source_date" in relaxed.stdout
    assert strict.returncode == 2
    assert f"alpha.yaml:{incomplete.line}" in strict.stderr


def test_a_missing_source_date_becomes_an_error_with_the_one_line_switch(catalogue, monkeypatch):
    without_date = fact("yes")
    del without_date["source_date"]
    catalogue.platform(facts={"audit_log": without_date})
    monkeypatch.setattr(loader, "MISSING_SOURCE_DATE", "error")
    catalog, problems = collect(catalogue.root, today=TODAY)
    assert catalog is None
    assert [p.field for p in _only(problems, "error")] == ["facts.audit_log.source_date"]


def test_an_old_source_date_is_stale_even_when_the_fact_was_checked_today(catalogue, cli):
    catalogue.platform(facts={"e2ee": fact("none", source_date=dt.date(2021, 3, 1), checked=TODAY)})
    _, problems = collect(catalogue.root, today=TODAY, lang="en")
    [stale] = problems
    assert (stale.severity, stale.field) == ("stale", "facts.e2ee.source_date")
    assert stale.line == catalogue.line("alpha", "source_date: 2021-03-01")
    assert "2021-03-01" in stale.message
    assert cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat()).returncode == 0
    strict = cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat(), "--strict")
    assert strict.returncode == 2 and f"alpha.yaml:{stale.line}" in strict.stderr


def test_a_source_just_within_the_rubric_limit_is_not_stale(catalogue):
    catalogue.platform(facts={"e2ee": fact("none", source_date=TODAY - dt.timedelta(days=365))})
    assert collect(catalogue.root, today=TODAY)[1] == []


def test_an_old_check_date_is_still_stale(catalogue):
    catalogue.platform(facts={"e2ee": fact("none", checked=dt.date(2025, 1, 10))})
    [stale] = collect(catalogue.root, today=TODAY)[1]
    assert (stale.severity, stale.field) == ("stale", "facts.e2ee.checked")


def test_a_check_date_in_the_future_is_an_error(catalogue):
    catalogue.platform(facts={"e2ee": fact("none", checked=dt.date(2027, 1, 1))})
    [error] = collect(catalogue.root, today=TODAY)[1]
    assert (error.severity, error.field) == ("error", "facts.e2ee.checked")


def test_a_problem_in_an_organisation_file_names_that_file_and_its_line(catalogue, tmp_path):
    catalogue.platform()
    extension = tmp_path / "org.yaml"
    extension.write_text(
        "criteria:\n"
        "  - id: cost\n"
        "    name: {nl: Kosten, en: Cost}\n"
        "    description: {nl: Wat het kost, en: What it costs}\n"
        "    indicators:\n"
        "      - id: price_level\n"
        "        name: {nl: Prijsniveau, en: Price level}\n"
        "        description: {nl: Licentie, en: Licence}\n"
        "        weight: 1\n"
        "        scale:\n"
        "          low: {score: 10, nl: laag, en: low}\n"
        "          high: {score: 2, nl: hoog, en: high}\n"
        "facts:\n"
        "  alpha:\n"
        "    price_level:\n"
        "      value: high\n"
        f"      source: {ROOT_PAGE}\n"
        "      source_date: 2026-10-01\n"
        "      checked: 2026-10-01\n"
        "      verified: true\n"
    )
    result = check(catalogue.root, [extension], today=TODAY)
    [error] = _only(result.problems, "error")
    assert (error.file, error.line, error.field) == (extension, 17, "facts.alpha.price_level.source")
