"""The decision memo (issue 13, point 5): what the steering group reads, in Dutch and English, as
Markdown, HTML and Word, from the dossier's own state; and ``dossier memo`` on the command line."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import docx
import pytest

from advisor.catalog import load_catalog, score_platform
from advisor.config import embedded_url
from advisor.dossier import context
from advisor.dossier.export import export_dossier, import_dossier
from advisor.dossier.model import message
from advisor.dossier.store import DossierStore, NewDataset
from advisor.i18n import t
from advisor.memo import Memo, memo_for_dossier, render
from advisor.memo.evidence import exclusion_sources
from advisor.scoring.verdict import verdict
from tests.dossier.conftest import ORGANISATION, demo_import, demo_upload
from tests.dossier.test_cli import SURVEY, env, run_cli  # noqa: F401 - env is a fixture

SAMPLES = 2000  # enough for the wording; the memo draws RANKING_SAMPLES (5,000) as Compare does
REASON = "Our data processing agreement and the government DPIA cover Teams for how we use it."
NOTE = (
    "We choose Nextcloud Talk to keep our data under our own management; legal advises against a US "
    "vendor.\nThe ranking puts Teams narrowly first; the difference depends on the privacy weight."
)
TWO_PAGES = 900  # words: what a two-page Word memo holds with its tables


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _memo(store: DossierStore, dossier, catalog, lang: str) -> Memo:
    return memo_for_dossier(store, store.get(dossier.id), catalog, lang=lang, samples=SAMPLES)


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _formats(memo: Memo) -> dict[str, str]:
    """The memo's text as each format shows it (Markdown unescaped, HTML unescaped, Word's runs)."""
    from html import unescape

    markdown = re.sub(r"\\(.)", r"\1", render(memo, "md").decode("utf-8"))
    return {
        "md": markdown,
        "html": unescape(render(memo, "html").decode("utf-8")),
        "docx": _docx_text(render(memo, "docx")),
    }


def _decided(store: DossierStore, dossier, platform: str, note: str = NOTE):
    current = store.change(
        dossier.id, "choice", {"platform": platform}, base_version=dossier.version, who="bob"
    )
    return store.change(current.id, "decision_note", note, base_version=current.version, who="bob")


# ---------------------------------------------------------------- the ranking's robustness
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_memo_states_the_verdict_in_its_own_words_in_every_format(store, dossier, catalog, lang):
    memo = _memo(store, dossier, catalog, lang)
    inputs = context.load(store, dossier, catalog, lang=lang)
    judged = verdict(context.ranking(inputs, lang=lang, samples=SAMPLES))
    headline = judged.headline(inputs.catalog, lang)
    assert not judged.clear  # the demo organisation: Teams against Nextcloud Talk is no clear win
    assert headline == t("verdict.unclear", lang, best="Microsoft Teams", rival="Nextcloud Talk")
    assert memo.section("ranking").lead == headline
    assert memo.best == "teams" and memo.clear is False
    for fmt, text in _formats(memo).items():
        assert headline in text, fmt
        for line in judged.details(inputs.catalog, lang):
            assert line in text, (fmt, line)
        assert t("verdict.rule", lang) in text, fmt
        assert t("memo.decision.none", lang) in text, fmt  # no decision yet


def test_the_memo_is_in_the_language_asked_for(store, dossier, catalog):
    dutch, english = (_memo(store, dossier, catalog, lang) for lang in ("nl", "en"))
    assert dutch.title.startswith("Besluitmemo") and english.title.startswith("Decision memo")
    assert [s.heading for s in dutch.sections][:2] == ["De vraag", "Wie is gevraagd"]
    assert [s.heading for s in english.sections][:2] == ["The question", "Who was asked"]
    assert '<html lang="en">' in render(english, "html").decode()
    for memo, tag in ((dutch, "nl-NL"), (english, "en-GB")):
        document = docx.Document(io.BytesIO(render(memo, "docx")))
        assert document.core_properties.language == tag
        assert f'w:val="{tag}"' in document.styles.element.xml


# ---------------------------------------------------------------- the decision
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_choice_against_the_ranking_says_so_with_the_decision_note(store, dossier, catalog, lang):
    decided = _decided(store, dossier, "nextcloud_talk")
    memo = _memo(store, decided, catalog, lang)
    assert memo.chosen == "nextcloud_talk" and memo.against_ranking
    against = t(
        "memo.decision.against",
        lang,
        best="Microsoft Teams",
        chosen="Nextcloud Talk",
        rank=2,
        of=21,
        p_first=re.search(r"(\d+%)", memo.section("decision").paragraphs[0]).group(1),
    )
    assert memo.section("decision").paragraphs[0] == against
    first, second = NOTE.splitlines()
    for fmt, text in _formats(memo).items():
        assert t("memo.decision.chosen", lang, platform="Nextcloud Talk") in text, fmt
        assert against in text, fmt
        assert t("memo.decision.note", lang, text=first) in text and second in text, fmt


def test_a_choice_that_follows_the_ranking_says_that_instead(store, dossier, catalog):
    memo = _memo(store, _decided(store, dossier, "teams", note=""), catalog, "en")
    assert memo.chosen == "teams" and not memo.against_ranking
    decision = memo.section("decision")
    assert decision.paragraphs[0] == "The choice follows the ranking: Microsoft Teams ranks first."
    assert "goes against the ranking" not in render(memo, "md").decode()
    assert decision.paragraphs[-1] == t("memo.decision.note_none", "en")


def test_a_choice_against_the_ranking_without_a_note_is_pointed_out(store, dossier, catalog):
    memo = _memo(store, _decided(store, dossier, "wire", note=""), catalog, "en")
    assert memo.against_ranking
    assert memo.section("decision").paragraphs[-1] == t("memo.decision.note_none_against", "en")


# ---------------------------------------------------------------- overrides and must-haves
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_override_is_listed_with_the_score_the_facts_give_and_its_justification(
    store, dossier, catalog, lang
):
    changed = store.set_override(
        dossier.id, "teams", "privacy", 8.0, REASON, base_version=dossier.version, who="bob"
    )
    memo = _memo(store, changed, catalog, lang)
    derived = score_platform(catalog, catalog.platform("teams"))["privacy"].derived
    (entry,) = memo.section("overrides").entries
    assert REASON in entry.text and "bob" in entry.text
    assert f"{derived:.1f}".replace(".", "," if lang == "nl" else ".") in entry.text
    ranking_rows = memo.section("ranking").table.rows
    teams = next(row for row in ranking_rows if row[1] == "Microsoft Teams")
    assert t("memo.ranking.mark_override", lang) in teams[-1]
    for fmt, text in _formats(memo).items():
        assert entry.text in text, fmt


def test_without_overrides_the_memo_says_every_score_follows_from_the_facts(store, dossier, catalog):
    memo = _memo(store, dossier, catalog, "en")
    assert memo.section("overrides").paragraphs == (t("memo.overrides.none", "en"),)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_platform_removed_by_a_must_have_shows_the_fact_its_source_and_check_date(
    store, dossier, catalog, lang
):
    changed = store.change(
        dossier.id, "must_haves", ["eu_residency"], base_version=dossier.version, who="bob"
    )
    memo = _memo(store, changed, catalog, lang)
    ranking = context.ranking(context.load(store, changed, catalog, lang=lang), lang=lang, samples=SAMPLES)
    removed = next(e for e in ranking.excluded if e.platform_id == "whatsapp")
    assert removed.kind == "must_have"
    entry = next(e for e in memo.section("shortlist").entries if e.text.startswith("WhatsApp: "))
    assert entry.text == f"WhatsApp: {removed.reason(catalog, lang)}"
    sources = exclusion_sources(catalog, removed)
    assert sources and len(entry.notes) == len(sources)
    for source, note in zip(sources, entry.notes, strict=True):
        assert source.source in note and str(source.checked.year) in note
    text = _formats(memo)
    for fmt in text:
        assert entry.text in text[fmt] and sources[0].source in text[fmt], fmt
    assert "EU" in entry.text  # the must-have by name


# ---------------------------------------------------------------- anonymity
def _standalone(number: int, text: str) -> bool:
    """``number`` as a count (not part of a word such as the dossier id, a larger number, a decimal
    or a percentage)."""
    return re.search(rf"(?<![\w.,]){number}(?![\w%]|[.,]\d)", text) is not None


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_hidden_group_is_named_but_its_size_appears_nowhere(store, catalog, lang):
    hidden = store.create(
        "Anonymity",
        who="anna",
        settings={"organisation": Path(ORGANISATION).read_text(encoding="utf-8"), "min_group": 45},
        uploads=[demo_upload()],
    )
    memo = _memo(store, hidden, catalog, lang)
    summary = context.load(store, hidden, catalog, lang=lang).summary
    answers = store.answers(hidden.id)
    sizes = answers["department"].value_counts()
    assert {"it", "marketing", "management"} <= set(summary.suppressed_segments)
    rows = dict(memo.section("respondents").table.rows)
    label = t("memo.respondents.hidden", lang)
    question = hidden.questionnaire().by_id["department"]
    shown = _formats(memo.model_copy(update={"state": ""}))  # the state line holds the clock time
    for key in ("it", "marketing", "management"):
        assert rows[question.label(key, lang)] == label
        for fmt, text in shown.items():
            assert not _standalone(int(sizes[key]), text), (fmt, key, int(sizes[key]))
    assert rows[t("memo.respondents.hidden_together", lang)] == str(summary.hidden_together)
    assert rows[question.label("editorial", lang)] == str(int(sizes["editorial"]))  # shown: its size


def test_a_survey_too_small_to_show_gives_no_count_at_all(store, catalog):
    result = demo_import()
    tiny = store.create(
        "Tiny",
        who="anna",
        settings={
            "organisation": Path(ORGANISATION).read_text(encoding="utf-8"),
            "weights": {"source": "equal"},  # a ranking without survey weights still works
        },
        uploads=[NewDataset(result.answers.head(4).copy(), result.report.to_dict(), "tiny.csv")],
    )
    memo = _memo(store, tiny, catalog, "en")
    respondents = memo.section("respondents")
    assert respondents.table is None
    assert respondents.paragraphs == (t("memo.respondents.organisation_hidden", "en", k=5),)
    assert memo.section("weights").lead == t("memo.weights.none", "en")
    assert memo.section("risks").paragraphs == respondents.paragraphs  # no plan from 4 answers
    for section in ("question", "respondents", "weights", "risks"):  # (the ranking has a rank 4)
        assert not any(_standalone(4, text) for text in memo.section(section).texts()), section


# ---------------------------------------------------------------- length and determinism
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_demo_memo_fits_on_two_pages(store, dossier, catalog, lang):
    """With a decision against the ranking, a note and an override: still within two pages."""
    changed = store.set_override(
        dossier.id, "teams", "privacy", 8.0, REASON, base_version=dossier.version, who="bob"
    )
    memo = _memo(store, _decided(store, changed, "nextcloud_talk"), catalog, lang)
    assert memo.word_count() <= TWO_PAGES
    assert len(_docx_text(render(memo, "docx")).split()) <= TWO_PAGES


def test_the_same_dossier_state_renders_to_identical_bytes(store, dossier, catalog, monkeypatch):
    decided = _decided(store, dossier, "nextcloud_talk")
    first = {fmt: render(_memo(store, decided, catalog, "en"), fmt) for fmt in ("md", "html", "docx")}
    later = time.time() + 3 * 86_400  # python-docx dates zip entries by the clock
    monkeypatch.setattr(time, "time", lambda: later)
    again = {fmt: render(_memo(store, decided, catalog, "en"), fmt) for fmt in ("md", "html", "docx")}
    assert first == again
    assert b"Generated" not in first["md"]  # no time of generation; the dossier's own state only
    assert "version 4" in first["md"].decode()


def test_an_imported_dossier_gives_the_byte_identical_memo(store, dossier, catalog, tmp_path):
    decided = _decided(store, dossier, "nextcloud_talk")
    archive = export_dossier(store, decided.id)
    elsewhere = DossierStore.open(f"sqlite:///{tmp_path / 'elsewhere.sqlite'}")
    try:
        imported = import_dossier(elsewhere, archive, "dossier.zip", "en")
        for fmt in ("md", "html", "docx"):
            assert render(_memo(elsewhere, imported, catalog, "en"), fmt) == render(
                _memo(store, decided, catalog, "en"), fmt
            )
    finally:
        elsewhere.close()


# ---------------------------------------------------------------- escaping
def test_text_typed_by_users_is_escaped_in_html_and_markdown(store, catalog):
    hostile = store.create(
        "<script>alert(1)</script> *bold* [link](http://x)",
        who="anna",
        settings={
            "organisation": Path(ORGANISATION).read_text(encoding="utf-8"),
            "choice": {"platform": "teams"},
            "decision_note": "<img src=x onerror=alert(1)> | table | # heading \x1b[31m",
        },
        uploads=[demo_upload()],
    )
    memo = _memo(store, hostile, catalog, "en")
    page = render(memo, "html").decode()
    assert "<script>" not in page and "<img" not in page and "&lt;img src=x" in page
    markdown = render(memo, "md").decode()
    assert "\\<script\\>" in markdown and "\\[link\\]" in markdown and "\\| table \\|" in markdown
    assert "\x1b" not in markdown and "\x1b" not in page
    assert "onerror" in _docx_text(render(memo, "docx"))  # Word shows it as text


# ---------------------------------------------------------------- without survey data
def test_a_dossier_without_survey_data_gives_the_not_computable_message(store, catalog):
    empty = store.create("Empty", who="anna")
    with pytest.raises(context.NotComputable) as raised:
        memo_for_dossier(store, empty, catalog, lang="en")
    assert "holds no survey data" in message(raised.value, "en")


# ---------------------------------------------------------------- the command line
def test_dossier_memo_writes_each_format_in_the_language_asked(env, tmp_path):  # noqa: F811
    created = run_cli("--lang", "en", "dossier", "create", "--name", "Choice", "--survey", SURVEY, env=env)
    assert created.returncode == 0, created.stderr
    dossier_id = created.stdout.split("with id ")[1].split()[0]
    written = {}
    for fmt in ("md", "html", "docx"):
        out = tmp_path / "memo" / f"memo.{fmt}"
        result = run_cli(
            "--lang", "en", "dossier", "memo", dossier_id, "--format", fmt, "--out", str(out), env=env
        )
        assert result.returncode == 0, result.stderr
        assert f"Decision memo of dossier {dossier_id} (version 2," in result.stdout
        written[fmt] = out.read_bytes()
    assert written["md"].startswith(b"# Decision memo")
    assert b"No clear winner between Microsoft Teams and Nextcloud Talk" in written["html"]
    assert "No clear winner between Microsoft Teams and Nextcloud Talk" in _docx_text(written["docx"])
    dutch = tmp_path / "memo.md"
    assert run_cli("dossier", "memo", dossier_id, "--out", str(dutch), env=env).returncode == 0
    assert dutch.read_text(encoding="utf-8").startswith("# Besluitmemo")
    again = tmp_path / "again.docx"
    run_cli("--lang", "en", "dossier", "memo", dossier_id, "--format", "docx", "--out", str(again), env=env)
    assert again.read_bytes() == written["docx"]  # another process, another second: the same bytes


def test_dossier_memo_errors_exit_2_in_the_users_language_and_write_nothing(env, tmp_path):  # noqa: F811
    out = tmp_path / "memo.md"
    unknown = run_cli("--lang", "en", "dossier", "memo", "NOSUCHID", "--out", str(out), env=env)
    assert unknown.returncode == 2 and "There is no dossier 'NOSUCHID'" in unknown.stderr
    assert "Traceback" not in unknown.stderr and not out.exists()
    folder = run_cli("dossier", "memo", "NOSUCHID", "--out", str(tmp_path), env=env)
    assert folder.returncode == 2 and "is een map" in folder.stderr


def test_dossier_memo_of_a_dossier_without_data_names_what_is_missing(env, tmp_path):  # noqa: F811
    Path(env["ADVISOR_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    store = DossierStore.open(embedded_url(env["ADVISOR_DATA_DIR"]))
    try:
        empty = store.create("Empty", who=None)
    finally:
        store.close()
    out = tmp_path / "memo.md"
    result = run_cli("--lang", "en", "dossier", "memo", empty.id, "--out", str(out), env=env)
    assert result.returncode == 2, result.stdout
    assert "cannot give this yet: it holds no survey data" in result.stderr and not out.exists()
