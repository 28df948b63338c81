"""Dossier: choose or start the decision to work in; its history, export, import and erase."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from advisor.dossier.describe import change_text, show_pairs
from advisor.dossier.model import minute, who_label
from advisor.markup import escape_markdown
from advisor.ui import dossier_state, state
from advisor.ui.common import language, tr

lang = language()
db = dossier_state.store()
who = dossier_state.who()
dossier = dossier_state.current()


@st.cache_data(show_spinner=False, max_entries=8)
def _archive(dossier_id: str, version: int, datasets: int) -> bytes:
    """The dossier as one zip file (cached per version: an unchanged dossier is not packed again)."""
    from advisor.dossier.export import export_dossier

    return export_dossier(dossier_state.store(), dossier_id)


@st.cache_data(show_spinner=False, max_entries=8)
def _memo(dossier_id: str, version: int, datasets: str, memo_lang: str) -> tuple[dict[str, bytes], str]:
    """The decision memo in every format, or the message why there is none (cached per version;
    a linked workshop's answer count is part of ``datasets``)."""
    from advisor.dossier.model import DossierError, message
    from advisor.memo import FORMATS as MEMO_FORMATS
    from advisor.memo import memo_for_dossier, render
    from advisor.ui.common import catalog

    db_now = dossier_state.store()
    try:
        memo = memo_for_dossier(db_now, db_now.get(dossier_id), catalog(), lang=memo_lang)
    except DossierError as error:
        return {}, message(error, memo_lang)
    return {fmt: render(memo, fmt) for fmt in MEMO_FORMATS}, ""


def _create(name: str, with_demo: bool) -> None:
    from advisor.dossier.store import NewDataset
    from advisor.survey.importer import import_survey

    settings: dict = {}
    uploads = []
    if with_demo:
        organisation = state.DEMO_ORGANISATION_FILE.read_text(encoding="utf-8")
        settings["organisation"] = organisation
        result = import_survey(
            state.DEMO_FILE, questionnaire=state.upload_questionnaire(state.Dataset("demo", ""))
        )
        uploads.append(NewDataset(result.answers, result.report.to_dict(), state.DEMO_FILE.name))
    created = dossier_state.act(db.create, name, who=who, settings=settings, uploads=uploads)
    if created is not None:
        dossier_state.open_dossier(created.id)
        dossier_state.say(tr("dossier.ui.created", name=created.name, id=created.id), "success")
    st.rerun()


def _detail(field: str) -> str:
    """The platform and criterion of an override, the id of a dataset or plan."""
    parts = field.split(".")[1:]
    return f" ({' / '.join(parts)})" if parts else ""


st.title(tr("dossier.ui.title"))
st.caption(tr("dossier.ui.intro"))

if dossier is not None:
    st.subheader(tr("dossier.ui.current", name=escape_markdown(dossier.name)))
    pairs = show_pairs(dossier, lang)
    st.dataframe(
        pd.DataFrame(
            {tr("dossier.ui.what"): [a for a, _ in pairs], tr("dossier.ui.value"): [b for _, b in pairs]}
        ),
        hide_index=True,
        width="stretch",
    )
    with st.form("rename_dossier"):
        new_name = st.text_input(tr("dossier.ui.name"), value=dossier.name, max_chars=200)
        if st.form_submit_button(tr("dossier.ui.rename")) and new_name.strip() != dossier.name:
            dossier_state.act(db.change, dossier.id, "name", new_name, base_version=dossier.version, who=who)
            st.rerun()

    st.subheader(tr("dossier.ui.history"))
    entries = db.history(dossier.id)
    st.caption(tr("dossier.ui.history_help", n=len(entries)))
    history = pd.DataFrame(
        [
            {
                tr("dossier.cli.col_when"): minute(h.at),
                tr("dossier.cli.col_who"): who_label(h.who, lang),
                tr("dossier.cli.col_what"): tr("dossier.cli.created_what")
                if h.field == "created"
                else dossier_state.field_label(h.field, lang) + _detail(h.field),
                tr("dossier.cli.col_change"): " ".join(change_text(h, lang).split()),
            }
            for h in reversed(entries)
        ]
    )
    st.dataframe(history, hide_index=True, width="stretch", key="history_table")

    st.subheader(tr("dossier.ui.memo_title"))
    st.caption(tr("dossier.ui.memo_help"))
    memo_lang = st.radio(
        tr("plan.language"),
        ["nl", "en"],
        horizontal=True,
        key="memo_lang",
        format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code],
    )
    with st.spinner(tr("ui.computing")):
        memo_files, memo_error = _memo(dossier.id, dossier.version, state.dataset().key, memo_lang)
    if memo_error:
        st.warning(memo_error, icon=":material/info:")
    else:
        from advisor.memo import FORMATS as MEMO_FORMATS

        stem = f"{'decision-memo' if memo_lang == 'en' else 'besluitmemo'}-{dossier.id}-v{dossier.version}"
        for column, fmt in zip(st.columns(3), ("md", "html", "docx"), strict=True):
            mime, suffix = MEMO_FORMATS[fmt]
            column.download_button(
                tr(f"dossier.ui.memo_{fmt}"),
                data=memo_files[fmt],
                file_name=stem + suffix,
                mime=mime,
                key=f"memo_download_{fmt}",
                icon=":material/download:",
                width="stretch",
            )
        with st.expander(tr("dossier.ui.memo_preview")):
            st.markdown(memo_files["md"].decode("utf-8"))

    st.subheader(tr("dossier.ui.share"))
    left, right = st.columns(2)
    left.download_button(
        tr("dossier.ui.export"),
        data=_archive(dossier.id, dossier.version, len(dossier.datasets)),
        file_name=f"dossier-{dossier.id}.zip",
        mime="application/zip",
        icon=":material/download:",
        key="dossier_export",
        help=tr("dossier.ui.export_help"),
    )
    if right.button(tr("dossier.ui.close"), icon=":material/logout:", key="dossier_close"):
        dossier_state.open_dossier(None)
        st.rerun()

    with st.expander(tr("dossier.ui.delete"), icon=":material/delete_forever:"):
        st.warning(tr("dossier.ui.delete_help", n=dossier.respondents), icon=":material/warning:")
        typed = st.text_input(tr("dossier.ui.delete_type", id=dossier.id), key="delete_confirm_id")
        if st.button(tr("dossier.ui.delete_button"), type="primary", key="dossier_delete"):
            if typed.strip().upper() != dossier.id:
                st.error(tr("dossier.ui.delete_mismatch", id=dossier.id))
            else:
                erased = dossier_state.act(db.erase, dossier.id)
                dossier_state.open_dossier(None)
                if erased is not None:
                    dossier_state.say(tr("dossier.ui.deleted", id=erased.id), "success")
                st.rerun()


st.subheader(tr("dossier.ui.open_title"))
known = db.list_dossiers()
if known:
    labels = {
        d.id: tr("dossier.ui.open_label", name=d.name, id=d.id, at=minute(d.updated_at), n=d.respondents)
        for d in known
    }
    chosen = st.selectbox(
        tr("dossier.ui.open_choose"),
        list(labels),
        index=None,
        placeholder=tr("dossier.ui.open_placeholder"),
        format_func=labels.get,
        key="dossier_open_choice",
    )
    if st.button(tr("dossier.ui.open"), key="dossier_open", disabled=chosen is None):
        dossier_state.open_dossier(chosen)
        st.rerun()
else:
    st.caption(tr("dossier.ui.none_yet"))

st.subheader(tr("dossier.ui.new_title"))
with st.form("new_dossier"):
    name = st.text_input(tr("dossier.ui.name"), max_chars=200, placeholder=tr("dossier.ui.name_placeholder"))
    with_demo = st.checkbox(tr("dossier.ui.with_demo"), help=tr("dossier.ui.with_demo_help"))
    if st.form_submit_button(tr("dossier.ui.create"), type="primary"):
        if not name.strip():
            st.error(tr("dossier.ui.name_needed"))
        else:
            _create(name, with_demo)

st.subheader(tr("dossier.ui.import_title"))
archive = st.file_uploader(
    tr("dossier.ui.import"), type=["zip"], key="dossier_import", help=tr("dossier.ui.import_help")
)
if archive is not None and st.button(tr("dossier.ui.import_button"), key="dossier_import_go"):
    from advisor.dossier.export import import_dossier

    new_id = st.session_state.get("dossier_import_new_id", False)
    restored = dossier_state.act(import_dossier, db, archive.getvalue(), archive.name, lang, new_id=new_id)
    if restored is not None:
        dossier_state.open_dossier(restored.id)
        dossier_state.say(tr("dossier.ui.imported", name=restored.name, id=restored.id), "success")
    st.rerun()
st.checkbox(tr("dossier.ui.import_new_id"), key="dossier_import_new_id")
