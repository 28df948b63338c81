"""The dashboard applies the anonymity engine's rules: threshold acknowledgement, no hidden sizes."""

from __future__ import annotations

from tests.ui.conftest import open_app, texts


def test_a_threshold_below_five_applies_only_once_acknowledged():
    at = open_app("en-US", "data")
    at.number_input(key="_min_group").set_value(3).run()
    assert not at.exception
    assert at.session_state["min_group"] == 3
    assert "until then the threshold is 5" in texts(at)
    at.switch_page("advisor/ui/pages/voice.py").run()
    assert "groups with fewer than 5 responses are not shown" in texts(at)
    at.switch_page("advisor/ui/pages/data.py").run()
    at.checkbox(key="_min_group_ack").check().run()
    assert not at.exception
    assert "until then" not in texts(at)
    at.switch_page("advisor/ui/pages/voice.py").run()
    assert not at.exception
    assert "groups with fewer than 3 responses are not shown" in texts(at)


def test_the_voice_page_never_prints_the_size_of_a_hidden_group():
    at = open_app("en-US")
    table = at.dataframe[0].value
    hidden = table[table["Shown"] == "hidden (anonymity)"]
    assert not hidden.empty
    assert set(hidden["Responses"]) == {"hidden"}
