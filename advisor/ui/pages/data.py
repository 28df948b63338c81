"""Data: the demo organisation or an uploaded export; mapping, import report, anonymity settings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from advisor.analysis.anonymity import breakdowns_of
from advisor.i18n import t
from advisor.markup import escape_markdown
from advisor.survey.importer import FORMATS
from advisor.survey.mapping import MappingFile
from advisor.ui import state
from advisor.ui.common import language, tr
from advisor.ui.questionnaire_kit import questionnaire_downloads
from advisor.ui.wizard import mapping_wizard
from advisor.yamlio import YamlError, load_located

lang = language()


def mapping_file_problem(mapping_name: str, text: str, export_name: str) -> str:
    """Why an uploaded mapping file is no mapping file at all, naming it; "" when it is one.

    Checked on upload: the import only sees the text (and would call it "mapping"), and the wizard
    starts from it. Its contents (question ids, values) are checked by the import itself.
    """
    try:
        MappingFile.model_validate(load_located(Path(mapping_name), text).data or {})
        return ""
    except YamlError as exc:
        problems = str(exc)
    except ValidationError as exc:
        problems = "\n".join(
            f"{mapping_name}: {'.'.join(str(p) for p in e['loc']) or '-'}: {e['msg']}" for e in exc.errors()
        )
    return t("survey.errors.mapping_invalid", lang, mapping=mapping_name, file=export_name, problems=problems)


def upload_form() -> None:
    """The export, its mapping, organisation file and LimeSurvey structure; staged on submit."""
    with st.form("upload_form"):
        upload = st.file_uploader(
            tr("data.upload"), type=["csv", "xlsx", "txt"], key="upload_file", help=tr("data.upload_help")
        )
        mapping_file = st.file_uploader(tr("data.mapping_upload"), type=["yaml", "yml"], key="upload_mapping")
        organisation_file = st.file_uploader(
            tr("data.organisation_upload"),
            type=["yaml", "yml"],
            key="upload_organisation",
            help=tr("data.organisation_help"),
        )
        structure_file = st.file_uploader(
            tr("data.structure_upload"), type=["lss"], key="upload_structure", help=tr("data.structure_help")
        )
        fmt = st.selectbox(
            tr("data.format"),
            ["", *sorted(FORMATS)],
            key="upload_format",
            format_func=lambda f: t("data.format_auto", lang) if not f else t(f"survey.formats.{f}", lang),
        )
        keep = st.checkbox(
            tr("data.keep_identity"), key="upload_keep_identity", help=tr("data.keep_identity_help")
        )
        submitted = st.form_submit_button(tr("data.import"), type="primary")
    mapping_text = mapping_file.getvalue().decode("utf-8", "replace") if mapping_file else ""
    if submitted:
        if upload is None:
            st.warning(tr("data.choose_file"))
        elif mapping_file and (problem := mapping_file_problem(mapping_file.name, mapping_text, upload.name)):
            st.error(escape_markdown(problem), icon=":material/error:")
        else:
            state.set_dataset(
                state.Dataset(
                    "upload",
                    upload.name,
                    upload.getvalue(),
                    mapping=mapping_text,
                    format=fmt or "",
                    keep_identity=keep,
                    organisation=organisation_file.getvalue().decode("utf-8", "replace")
                    if organisation_file
                    else "",
                    structure=structure_file.getvalue() if structure_file else b"",
                    mapping_name=mapping_file.name if mapping_file else "",
                )
            )
            st.rerun()


def dossier_data(dossier) -> None:
    """The dossier's survey data: what it holds (remove one), and a new export to add."""
    from advisor.dossier.model import minute, who_label

    db, who = state.dossier_state.store(), state.dossier_state.who()
    st.subheader(tr("dossier.ui.data_title", name=escape_markdown(dossier.name)))
    st.caption(tr("dossier.ui.data_help"))
    if not dossier.datasets:
        st.info(tr("dossier.ui.no_data"), icon=":material/upload_file:")
    for d in dossier.datasets:
        row = st.columns([4, 1])
        kind = t(f"survey.formats.{d.report.get('format') or d.kind}", lang)
        row[0].markdown(
            tr(
                "dossier.ui.dataset_line",
                name=escape_markdown(d.name),
                format=kind,
                n=d.respondents,
                at=minute(d.added_at),
                who=escape_markdown(who_label(d.added_by, lang)),
            )
        )
        with row[1].popover(tr("dossier.ui.remove_dataset"), icon=":material/delete:"):
            st.caption(tr("dossier.ui.remove_dataset_help"))
            if st.button(
                tr("dossier.ui.remove_dataset_confirm"), key=f"remove_dataset_{d.id}", type="primary"
            ):
                if state.dossier_state.act(db.remove_dataset, dossier.id, d.id, who=who) is not None:
                    state.dossier_state.say(tr("dossier.ui.dataset_removed", name=d.name), "success")
                st.rerun()
    with st.expander(tr("dossier.ui.add_data"), expanded=not dossier.datasets, icon=":material/upload_file:"):
        upload_form()
    staged = state.staged()
    if staged is None:
        return
    result, error = state.import_staged(lang)
    if error:
        st.error(error, icon=":material/error:")
        mapping_wizard(staged, state.upload_questionnaire(staged), lang, page_error=error)
        questionnaire_downloads(state.upload_questionnaire(staged), lang)
        st.stop()
    if state.store_staged(result) is not None:
        state.dossier_state.say(
            tr("dossier.ui.dataset_added", name=staged.name, n=result.report.respondents), "success"
        )
        st.rerun()
    with st.expander(tr("dossier.ui.staged_mapping", name=escape_markdown(staged.name))):
        mapping_wizard(staged, state.upload_questionnaire(staged), lang)


# ---------------------------------------------------------------- organisation (issue 14)
def organisation_section(ds: state.Dataset) -> None:
    """Name, sector and size of the organisation: the plan's cover and its sector rules. In a dossier
    they change its organisation file; otherwise the session's. The rest of the file is kept."""
    import dataclasses

    import yaml

    from advisor.survey.questionnaire import OrganisationFile, sector_catalogue

    dossier = state.dossier_state.current()
    if dossier is not None:
        text = dossier.settings.organisation or ""
    elif ds.organisation or ds.kind != "demo":
        text = ds.organisation
    else:
        text = state.DEMO_ORGANISATION_FILE.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text) if text.strip() else {}
        data = data if isinstance(data, dict) else {}
    except yaml.YAMLError as exc:
        st.error(tr("organisation_block.invalid", problem=escape_markdown(str(exc))), icon=":material/error:")
        return
    sectors = {s.id: s.label(lang) for s in sector_catalogue()}
    st.subheader(tr("organisation_block.heading"))
    st.caption(tr("organisation_block.intro"))
    with st.form("organisation_form"):
        name = st.text_input(tr("organisation_block.name"), value=str(data.get("name") or ""), key="org_name")
        chosen = data.get("sector") if data.get("sector") in sectors else ""
        sector = st.selectbox(
            tr("organisation_block.sector"),
            ["", *sectors],
            index=["", *sectors].index(chosen),
            key="org_sector",
            format_func=lambda s: sectors.get(s) or tr("organisation_block.sector_none"),
            help=tr("organisation_block.sector_help"),
        )
        size = st.number_input(
            tr("organisation_block.size"),
            min_value=0,
            step=1,
            value=int(data.get("size") or 0),
            key="org_size",
            help=tr("organisation_block.size_help"),
        )
        saved = st.form_submit_button(tr("organisation_block.save"))
    if not saved:
        return
    updated = {**data, "name": name.strip()}
    for key, value in (("sector", sector or None), ("size", int(size) or None)):
        if value is None:
            updated.pop(key, None)
        else:
            updated[key] = value
    try:
        OrganisationFile.model_validate(updated)
    except ValidationError as exc:
        st.error(tr("organisation_block.invalid", problem=escape_markdown(str(exc))), icon=":material/error:")
        return
    new_text = yaml.safe_dump(updated, allow_unicode=True, sort_keys=False)
    if dossier is not None:
        db = state.dossier_state.store()
        changed = state.dossier_state.act(
            db.change,
            dossier.id,
            "organisation",
            new_text,
            base_version=dossier.version,
            who=state.dossier_state.who(),
        )
        if changed is not None:
            state.dossier_state.say(tr("organisation_block.saved_dossier"), "success")
    else:
        state.set_dataset(dataclasses.replace(ds, organisation=new_text))
        state.dossier_state.say(tr("organisation_block.saved"), "success")
    st.rerun()


st.title(tr("data.title"))
current = state.dataset()
if current.kind == "dossier":
    dossier_data(state.dossier_state.current())
else:
    st.caption(tr("data.intro"))
    source = st.radio(
        tr("data.source"),
        ["demo", "upload"],
        horizontal=True,
        key="data_source",
        index=0 if current.kind == "demo" else 1,
        format_func=lambda k: t(f"data.source_{k}", lang),
    )
    if source == "demo":
        if current.kind != "demo":
            state.set_dataset(state.Dataset("demo", "Delta Media Groep"))
        st.info(tr("data.demo_explained"), icon=":material/newspaper:")
    else:
        upload_form()

bundle = state.survey_bundle()
ds = bundle.dataset
if st.session_state.pop("wizard_applied", False) and bundle.ok:
    st.success(tr("wizard.applied"), icon=":material/check_circle:")
if not bundle.ok and ds.kind == "dossier":
    questionnaire_downloads(None, lang)  # what to send, while the dossier has no answers yet
    organisation_section(ds)  # name, sector and size can be set before the answers are in
    st.stop()
if not bundle.ok:
    st.error(bundle.error, icon=":material/error:")
    if ds.kind == "upload" and ds.data:
        # an export whose columns were not recognised is not a dead end: map them here
        mapping_wizard(ds, state.upload_questionnaire(ds), lang, page_error=bundle.error)
    questionnaire_downloads(state.upload_questionnaire(ds) if ds.kind == "upload" else None, lang)
    st.stop()

report = bundle.result.report
st.subheader(tr("data.report"))
st.markdown(
    f"**{tr('data.file')}:** {escape_markdown(report.file)} · **{tr('data.detected_format')}:** "
    f"{t(f'survey.formats.{report.format}', lang)}"
)
cols = st.columns(2)
cols[0].metric(tr("data.respondents"), report.respondents)
cols[1].metric(tr("data.skipped"), sum(report.skipped_counts.values()))
for line in report.notices:
    st.warning(escape_markdown(line), icon=":material/warning:")
if report.missing_mapped_columns:
    st.warning(escape_markdown(report.summary(lang)[-1 - len(report.notices)]), icon=":material/warning:")
if report.suggested_columns:
    st.info(
        tr("survey.report.suggested", count=len(report.suggested_columns)), icon=":material/auto_fix_high:"
    )
if report.skipped_counts:
    st.markdown("**" + tr("data.skipped_reasons") + "**")
    st.dataframe(
        pd.DataFrame(
            {
                tr("data.reason"): [t(f"survey.reasons.{k}", lang) for k in report.skipped_counts],
                tr("data.count"): list(report.skipped_counts.values()),
            }
        ),
        hide_index=True,
    )
if report.dropped_columns:
    st.success(tr("data.dropped", columns=", ".join(report.dropped_columns)), icon=":material/shield_person:")
elif report.kept_identity:
    st.warning(tr("data.kept_identity"))
if report.value_problems:
    with st.expander(tr("data.value_problems", count=sum(report.value_problem_counts.values()))):
        problems = pd.DataFrame(report.value_problems).rename(
            columns={
                "row": tr("data.row"),
                "column": tr("data.column"),
                "value": tr("data.value"),
                "expected": tr("data.expected"),
            }
        )
        st.dataframe(problems, hide_index=True, width="stretch")
if report.unmapped_columns:
    with st.expander(tr("data.unmapped", count=len(report.unmapped_columns))):
        unmapped = pd.DataFrame(
            [
                {**item, "reason": t(f"survey.reasons.{item['reason']}", lang)}
                for item in report.unmapped_columns
            ]
        ).rename(columns={"column": tr("data.column"), "reason": tr("data.reason")})
        st.dataframe(unmapped, hide_index=True, width="stretch")

if ds.kind == "upload":
    mapping_wizard(ds, bundle.questionnaire, lang)
questionnaire_downloads(bundle.questionnaire, lang)

st.subheader(tr("data.settings"))
left, right = st.columns(2)
# only the questions this data answers (an export without a location column offers no location)
segment_ids = breakdowns_of(bundle.result.answers, bundle.questionnaire.segment_ids) or list(
    bundle.questionnaire.segment_ids
)
# Widget keys are copied into plain keys: Streamlit forgets a widget's state on other pages.
left.selectbox(
    tr("data.segment_by"),
    segment_ids,
    key="_segment_by",
    index=segment_ids.index(state.segment_by()) if state.segment_by() in segment_ids else 0,
    format_func=lambda q: bundle.questionnaire.segment_name(q, lang).capitalize(),
    on_change=lambda: st.session_state.update(segment_by=st.session_state["_segment_by"]),
)
right.number_input(
    tr("data.min_group"),
    min_value=3,
    max_value=50,
    step=1,
    key="_min_group",
    value=int(st.session_state.get("min_group", state.min_group())),
    help=tr("data.min_group_help"),
    on_change=lambda: st.session_state.update(min_group=int(st.session_state["_min_group"])),
)
if int(st.session_state.get("min_group", 5)) < 5:
    right.checkbox(
        tr("data.min_group_ack", k=int(st.session_state["min_group"])),
        key="_min_group_ack",
        value=bool(st.session_state.get("min_group_ack", False)),
        on_change=lambda: st.session_state.update(min_group_ack=bool(st.session_state["_min_group_ack"])),
    )
    if not st.session_state.get("min_group_ack", False):
        right.caption(tr("data.min_group_pending", k=state.min_group()))


organisation_section(ds)
