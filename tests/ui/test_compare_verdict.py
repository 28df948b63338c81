"""AppTest: the Compare headline says when there is no clear winner (advisor/scoring/verdict.py)."""

from __future__ import annotations

from tests.ui.conftest import open_app, texts


def test_compare_headline_says_no_clear_winner_for_the_demo_near_tie():
    # the demo organisation: the weighted sum names Microsoft Teams, TOPSIS Nextcloud Talk
    at = open_app("en-US", "compare")
    headline = [w.value for w in at.warning if w.value.startswith("No clear winner between")]
    assert headline == ["No clear winner between Microsoft Teams and Nextcloud Talk"]
    assert not any(m.label == "Best choice with these weights" for m in at.metric)
    assert [m.value for m in at.metric if m.label == "Ranked first with these weights"] == ["Microsoft Teams"]
    page = texts(at)
    assert "Microsoft Teams leads Nextcloud Talk by" in page and "chance of ranking first" in page
    assert "Smallest weight change that changes the winner" in page
    assert "TOPSIS names another winner: Nextcloud Talk." in page
    assert "No clear winner means: chance of ranking first below 50%" in page


def test_compare_headline_in_dutch():
    at = open_app("nl-NL", "compare")
    assert any(w.value.startswith("Geen duidelijke winnaar tussen") for w in at.warning)
