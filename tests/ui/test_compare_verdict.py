"""AppTest: the Compare headline says when there is no clear winner (advisor/scoring/verdict.py),
and why that stands beside a high chance of ranking first (issue 15)."""

from __future__ import annotations

import re

from advisor.i18n import t
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


# ---------------------------------------------------------------- a high chance beside a near tie
def _chance_and_why(at, lang: str) -> tuple[str, str]:
    """The chance-of-first-place caption and the caption right after it."""
    captions = [c.value for c in at.caption]
    pattern = re.escape(t("compare.p_first", lang, p="@")).replace("@", r"(\d+%)")
    i = next(i for i, c in enumerate(captions) if re.fullmatch(pattern, c))
    return re.fullmatch(pattern, captions[i]).group(1), captions[i + 1]


def _why(lang: str, p: str, because: list[str], drawn: str = "weights_and_facts") -> str:
    return t(
        "verdict.why_both",
        lang,
        p=p,
        best="Microsoft Teams",
        samples="5,000" if lang == "en" else "5.000",
        method=t("verdict.name_wsm", lang),
        drawn=t(f"verdict.drawn_{drawn}", lang),
        because=f" {t('verdict.and', lang)} ".join(because),
    )


def test_a_high_chance_beside_no_clear_winner_says_why_both_hold():
    # the demo organisation: Teams first in 85% of the runs, yet TOPSIS names Nextcloud Talk
    at = open_app("en-US", "compare")
    p, why = _chance_and_why(at, "en")
    topsis = t("verdict.because_methods_disagree", "en", other="TOPSIS", rival="Nextcloud Talk")
    assert why == _why("en", p, [topsis])
    assert why.startswith(
        f"The {p} counts how often Microsoft Teams comes first in 5,000 runs of the weighted sum"
    )
    assert why.endswith(
        "because TOPSIS, the other way of calculating, names Nextcloud Talk the winner"
        " on the same scores and weights."
    )


def test_the_reason_names_every_condition_that_made_the_win_unclear_in_dutch():
    at = open_app("nl-NL", "compare")
    # management: Teams barely ahead of Nextcloud Talk in chances, and TOPSIS names Nextcloud Talk
    at.selectbox(key="weight_choice").set_value("survey:management").run()
    assert not at.exception, [e.value for e in at.exception]
    p, why = _chance_and_why(at, "nl")
    rival = re.search(r"kans op de eerste plaats \d+% tegen (\d+%)", texts(at)).group(1)
    close = t("verdict.because_close_p_first", "nl", rival="Nextcloud Talk", p_rival=rival, lead=10)
    topsis = t("verdict.because_methods_disagree", "nl", other="TOPSIS", rival="Nextcloud Talk")
    assert why == _why("nl", p, [close, topsis])


def test_with_the_sliders_moved_only_the_facts_are_drawn():
    at = open_app("en-US", "compare")
    at.slider(key="w_usability").set_value(at.slider(key="w_usability").value + 1).run()
    p, why = _chance_and_why(at, "en")
    assert "the facts' scores (the weights are fixed) drawn anew" in why
    assert why == _why(
        "en",
        p,
        [t("verdict.because_methods_disagree", "en", other="TOPSIS", rival="Nextcloud Talk")],
        "facts",
    )


def test_a_clear_winner_gets_no_such_sentence():
    at = open_app("en-US", "compare")
    at.toggle(key="must_e2ee").set_value(True).run()  # end-to-end encryption: Wire, clearly
    assert [m.value for m in at.metric if m.label == "Best choice with these weights"] == ["Wire"]
    assert not any(w.value.startswith("No clear winner") for w in at.warning)
    p, after = _chance_and_why(at, "en")
    assert "counts how often" not in texts(at) and not after.startswith(f"The {p} counts")
