"""Issue 15, speed: Staff voice builds one section (tab) at a time and Compare builds its plans,
certainty, stability and profiles only once opened, so the first chart comes first and a slider move
or must-have toggle redraws only the ranking. What is built must still be all there when opened."""

from __future__ import annotations

from advisor.i18n import t
from tests.ui.conftest import open_app, texts


def _chart_keys(at) -> list[str]:
    return [element.proto.id.rsplit("-", 1)[-1] for element in at.get("plotly_chart")]


def test_staff_voice_opens_with_the_weights_only_and_each_tab_builds_its_own_section():
    at = open_app("en-US")
    labels = [tab.label for tab in at.tabs]
    # short names on the tabs (all four fit a phone), the full question as the heading inside
    assert labels == ["Weights", "Channels", "Attitudes", "Preference"]
    assert _chart_keys(at) == ["chart_weights"]  # the first chart, and nothing heavier beside it
    assert t("voice.weights", "en") in [h.value for h in at.subheader]
    expected = {
        "landscape": ("voice.landscape", {"chart_channels", "chart_overlap", "chart_risks"}),
        "attitude": ("voice.attitude", {"chart_convincers", "chart_concerns"}),
        "preferred": ("speed.voice.preferred_tab", {"chart_preferred"}),
    }
    for tab, (heading, keys) in expected.items():
        at.session_state["voice_section"] = t(f"screens.voice.tabs.{tab}", "en")
        at.run()
        assert not at.exception
        assert set(_chart_keys(at)) == keys, tab
        assert t(heading, "en") in [h.value for h in at.subheader], tab
    at.session_state["voice_section"] = t("screens.voice.tabs.landscape", "en")
    assert "Silos" in texts(at.run())


def test_a_language_switch_with_another_tab_open_falls_back_to_the_first_section():
    at = open_app("en-US")
    at.session_state["voice_section"] = t("screens.voice.tabs.attitude", "en")
    at.run()
    at.sidebar.segmented_control[0].set_value("nl").run()
    assert not at.exception
    assert at.tabs[0].label == "Gewichten"
    assert "Wat weegt zwaar?" in [h.value for h in at.subheader]
    assert _chart_keys(at) == ["chart_weights"]


def test_compare_builds_only_the_ranking_until_a_section_is_opened():
    at = open_app("en-US", "compare")
    assert _chart_keys(at) == ["chart_ranking"]
    closed = {e.label for e in at.expander}
    for key in (
        "prices.compare.plans_title",
        "compare.acceptability",
        "compare.stability",
        "compare.profiles",
    ):
        assert t(key, "en") in closed
    assert "Most sensitive is" not in texts(at)
    for name, chart in (("acceptability", "chart_acceptability"), ("stability", "chart_tornado")):
        at.session_state[f"open_{name}"] = True
        at.run()
        assert not at.exception
        assert chart in _chart_keys(at)
    assert "Most sensitive is" in texts(at)
    at.session_state["open_profiles"] = True
    at.run()
    assert "chart_radar" in _chart_keys(at) and at.multiselect(key="profiles").value


def test_an_open_section_follows_the_sliders():
    at = open_app("en-US", "compare")
    at.session_state["open_acceptability"] = True
    at.run()

    def acceptability():
        return next(
            e.proto.spec for e in at.get("plotly_chart") if e.proto.id.endswith("chart_acceptability")
        )

    before = acceptability()
    at.slider(key="w_privacy").set_value(100).run()
    at.slider(key="w_integrations").set_value(0).run()
    assert acceptability() != before
