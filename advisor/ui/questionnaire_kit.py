"""The questionnaire to send, ready for each survey tool: downloads with how to load them."""

from __future__ import annotations

import streamlit as st

from advisor.i18n import t
from advisor.survey.questionnaire import Questionnaire, default_questionnaire
from advisor.survey.templates import TOOLS, instructions, render_template


@st.cache_data(show_spinner=False, max_entries=32)
def _template(tool: str, lang: str, key: str, _questionnaire: Questionnaire) -> tuple[str, bytes, str]:
    return render_template(tool, _questionnaire, lang)


def questionnaire_downloads(questionnaire: Questionnaire | None, lang: str) -> None:
    """One download per tool, in the chosen language, with one line on how to load it."""
    questionnaire = questionnaire or default_questionnaire()
    with st.expander(t("wizard.send_title", lang), icon=":material/send:"):
        st.caption(t("wizard.send_intro", lang))
        form_lang = (
            st.segmented_control(
                t("wizard.send_language", lang),
                ["nl", "en"],
                default=lang,
                key="template_lang",
                format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
            )
            or lang
        )
        key = questionnaire.organisation.model_dump_json()
        for tool in TOOLS:
            name, content, mime = _template(tool, form_lang, key, questionnaire)
            left, right = st.columns([1, 3], vertical_alignment="center")
            left.download_button(
                t(f"survey.formats.{tool}", lang),
                content,
                file_name=name,
                mime=mime,
                icon=":material/download:",
                key=f"template_{tool}",
                width="stretch",
            )
            right.caption(instructions(tool, lang))
        st.caption(t("wizard.send_workshop", lang))
