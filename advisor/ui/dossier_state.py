"""The dashboard's session as a cache of the decision dossier.

The dossier in use is named in the address (``?dossier=ID``), so a reload (F5), a restart of the
app or a link opened in another browser opens the same dossier. Without one, the dashboard shows
the demo organisation and keeps nothing (every page says so).

The pages keep their settings in plain session keys (``segment_by``, ``min_group``,
``saved_choice``, ``saved_requirements``, ...; widget state is forgotten on other pages). Around
every run, :func:`sync` reconciles those keys with the dossier field by field, as a three-way
merge of what this session last saw (the base), what the session holds now (mine) and what the
database holds (theirs):

- mine changed, theirs not: saved (``DossierStore.change`` with the base version; the store
  refuses it if someone changed that field since, and the user is told);
- theirs changed, mine not: taken over (a colleague's change appears at the next interaction);
- both changed to different values: the user is told who changed it when, and theirs is shown.

Overrides, survey data and generated plans are written where they are made (they are added or
set one at a time, never merged). A change is acknowledged on screen only after its COMMIT.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st

from advisor.dossier.model import (
    LOCAL_USER,
    Dossier,
    DossierConflict,
    DossierErased,
    DossierError,
    UnknownDossier,
    message,
)
from advisor.dossier.store import DossierStore
from advisor.i18n import t
from advisor.ui import workshop_kit
from advisor.ui.common import language

QUERY = "dossier"
BASE = "_dossier_base"
MESSAGES = "_dossier_messages"
FORCE = "_dossier_reload"
_NOTHING = object()


# ---------------------------------------------------------------- store, dossier in use, who
@st.cache_resource(show_spinner=False, max_entries=4)
def _store(url: str) -> DossierStore:
    return DossierStore(workshop_kit._store(url))  # the workshops' engine: one pool per process


def store() -> DossierStore:
    """The dossier store (the workshop database), or a clear message and stop."""
    workshop_kit.get_store(language())  # says so and stops when the database cannot be reached
    return _store(workshop_kit.app_settings().database_url)


def active_id() -> str | None:
    value = st.query_params.get(QUERY)
    return str(value) if value else None


def open_dossier(dossier_id: str | None) -> None:
    """Work in this dossier from the next run on (None: back to the demo, nothing kept)."""
    for key in [BASE, FORCE, "dataset_staged", "staged_dataset_id"]:
        st.session_state.pop(key, None)
    _forget_settings()
    if dossier_id:
        st.query_params[QUERY] = dossier_id
    else:
        st.query_params.pop(QUERY, None)
        st.session_state.pop("dataset", None)


def who() -> str | None:
    """The facilitator login (OIDC e-mail or name) or "local user" without access configured."""
    if not workshop_kit.access_configured():
        return LOCAL_USER
    if workshop_kit.oidc_configured():
        try:
            user = st.user.to_dict()
        except Exception:
            user = {}
        return str(user.get("email") or user.get("name") or t("dossier.ui.facilitator", language()))
    return t("dossier.ui.facilitator", language())


def current() -> Dossier | None:
    """The dossier in use as read at the start of this run (None in demo mode)."""
    return st.session_state.get("_dossier_now")


def say(text: str, kind: str = "warning") -> None:
    """A message shown at the top of the next run (or this one, if the page has not started)."""
    st.session_state.setdefault(MESSAGES, []).append((kind, text))


def show_messages() -> None:
    for kind, text in st.session_state.pop(MESSAGES, []):
        getattr(st, kind)(text, icon=":material/sync_problem:" if kind != "success" else ":material/check:")


def act(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a store action for the user; its error becomes a message in the user's language."""
    try:
        return action(*args, **kwargs)
    except DossierError as error:
        say(message(error, language()), "error")
        st.session_state[FORCE] = True
        return None


# ---------------------------------------------------------------- fields <-> session keys
def _requirements() -> Any:
    return st.session_state.get("saved_requirements")


# dossier field -> (attribute of advisor.ui.state.Requirements, conversion from its JSON value)
REQUIREMENT_OF: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "must_haves": ("must", tuple),
    "max_price": ("max_price", lambda value: value),
    "currency": ("currency", str),
    "cost_weight": ("cost_weight", float),
}


def _mine(field: str) -> Any:
    ss = st.session_state
    if field in ("segment_by", "min_group"):
        return ss.get(field, _NOTHING)
    if field == "acknowledge_small_groups":
        return bool(ss["min_group_ack"]) if "min_group_ack" in ss else _NOTHING
    if field == "method":
        return ss.get("saved_method", _NOTHING)
    if field == "weights":
        if not ss.get("saved_choice"):
            return _NOTHING
        return {"source": ss["saved_choice"], "changes": dict(ss.get("saved_weight_changes") or {})}
    if field in REQUIREMENT_OF:
        req = _requirements()
        if req is None:
            return _NOTHING
        value = getattr(req, REQUIREMENT_OF[field][0])
        return list(value) if field == "must_haves" else value
    if field == "choice":
        return ss.get("saved_plan_choice", _NOTHING)
    if field == "decision_note":
        return ss.get("saved_decision_note", _NOTHING)
    if field == "shortlist":
        return list(ss["saved_shortlist"]) if "saved_shortlist" in ss else _NOTHING
    return _NOTHING


WIDGETS = {
    "segment_by": ["_segment_by"],
    "min_group": ["_min_group"],
    "acknowledge_small_groups": ["_min_group_ack"],
    "method": ["method"],
    "weights": ["weight_choice"],
    "choice": ["plan_platform"],
    "decision_note": ["decision_note_input"],
    "shortlist": ["shortlist_input"],
    "max_price": ["max_price"],
    "currency": ["currency"],
    "cost_weight": ["cost_weight"],
}
FIELDS = (
    "segment_by",
    "min_group",
    "acknowledge_small_groups",
    "method",
    "weights",
    "must_haves",
    "max_price",
    "currency",
    "cost_weight",
    "shortlist",
    "choice",
    "decision_note",
)


def _hydrate(field: str, value: Any) -> None:
    """Put a dossier value into the session (and drop its widget's state, so it shows it)."""
    from advisor.ui.state import Requirements

    ss = st.session_state
    for key in WIDGETS.get(field, []):
        ss.pop(key, None)
    if field == "weights":
        for key in [k for k in ss if str(k).startswith("w_")]:
            ss.pop(key, None)
        ss["saved_choice"] = value["source"]
        ss["saved_weight_changes"] = dict(value.get("changes") or {})
        ss.pop("saved_weights", None)
    elif field in REQUIREMENT_OF:
        for key in [k for k in ss if str(k).startswith("must_")]:
            ss.pop(key, None)
        attribute, convert = REQUIREMENT_OF[field]
        req = ss.get("saved_requirements") or Requirements()
        ss["saved_requirements"] = replace(req, **{attribute: convert(value)})
    elif field == "acknowledge_small_groups":
        ss["min_group_ack"] = bool(value)
    elif field == "method":
        ss["saved_method"] = value
    elif field == "choice":
        ss["saved_plan_choice"] = value
    elif field == "decision_note":
        ss["saved_decision_note"] = value
    elif field == "shortlist":
        ss["saved_shortlist"] = list(value)
    else:
        ss[field] = value


def _forget_settings() -> None:
    ss = st.session_state
    for key in [
        "segment_by",
        "min_group",
        "min_group_ack",
        "saved_method",
        "saved_choice",
        "saved_weight_changes",
        "saved_weights",
        "saved_requirements",
        "saved_plan_choice",
        "saved_decision_note",
        "saved_shortlist",
        "overrides",
        "_dossier_now",
    ]:
        ss.pop(key, None)
    for keys in WIDGETS.values():
        for key in keys:
            ss.pop(key, None)
    for key in [k for k in ss if str(k).startswith(("w_", "must_"))]:
        ss.pop(key, None)


def _theirs(dossier: Dossier) -> dict[str, Any]:
    values = dossier.settings.as_json()
    return {f: values[f] for f in FIELDS}


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


# ---------------------------------------------------------------- the reconciliation
def sync(*, hydrate: bool = True) -> Dossier | None:
    """Reconcile the session with the dossier in use (see the module docstring).

    The base holds, per field, the value this session last saw and the dossier version it saw it
    at; a save names that version, so the store refuses it when someone changed the same field
    since (changes to other fields never conflict).

    ``hydrate``: False after the page has drawn its widgets (their keys may not be set then): only
    this session's changes are saved; what others changed is taken over on the next run.
    """
    dossier_id = active_id()
    if dossier_id is None:
        st.session_state.pop("_dossier_now", None)
        return None
    lang = language()
    db = store()
    base = st.session_state.get(BASE)
    cached = st.session_state.get("_dossier_now")
    try:
        if (
            base is not None
            and base["id"] == dossier_id
            and cached is not None
            and not (hydrate and st.session_state.get(FORCE))
            and all(_mine(f) is _NOTHING or _same(_mine(f), base["fields"][f]) for f in FIELDS)
            and db.version(dossier_id) == cached.version
        ):
            return cached  # nothing changed here or elsewhere: no need to read the whole dossier
        dossier = db.get(dossier_id)
    except UnknownDossier:
        say(t("dossier.ui.unknown", lang, id=dossier_id), "error")
        open_dossier(None)
        return None
    except DossierErased as error:
        say(message(error, lang), "error")
        open_dossier(None)
        return None
    fresh = base is None or base["id"] != dossier.id
    if hydrate and (fresh or st.session_state.pop(FORCE, False)):
        _forget_settings()
        theirs = _theirs(dossier)
        for field, value in theirs.items():
            _hydrate(field, value)
        st.session_state[BASE] = {
            "id": dossier.id,
            "fields": theirs,
            "versions": dict.fromkeys(FIELDS, dossier.version),
        }
        st.session_state["_dossier_now"] = dossier
        return dossier
    if fresh:
        return dossier
    theirs = _theirs(dossier)
    fields, versions = dict(base["fields"]), dict(base["versions"])
    for field in FIELDS:
        before, now, mine = fields[field], theirs[field], _mine(field)
        if _same(now, before):
            versions[field] = dossier.version  # seen as it is now
        if mine is _NOTHING or _same(mine, before):
            if not _same(now, before) and hydrate:
                _hydrate(field, now)
                fields[field], versions[field] = now, dossier.version
            continue
        if _same(now, mine):
            fields[field], versions[field] = now, dossier.version
            continue
        if not _same(now, before):  # both changed it: theirs is kept, and the user told
            _tell_conflict(db, dossier, field)
            if hydrate:
                _hydrate(field, now)
                fields[field], versions[field] = now, dossier.version
            else:
                st.session_state[FORCE] = True
            continue
        try:
            dossier = db.change(dossier.id, field, mine, base_version=versions[field], who=who())
            fields[field], versions[field] = dossier.settings.as_json()[field], dossier.version
        except DossierConflict as error:
            _say_conflict(error)
            st.session_state[FORCE] = True
        except DossierError as error:
            say(message(error, lang), "error")
            st.session_state[FORCE] = True
    st.session_state[BASE] = {"id": dossier.id, "fields": fields, "versions": versions}
    st.session_state["_dossier_now"] = dossier
    return dossier


def field_label(field: str, lang: str) -> str:
    key = f"dossier.fields.{field.split('.')[0]}"
    from advisor.i18n import keys, normalise_language

    return t(key, lang) if key in keys(normalise_language(lang)) else field


def _say_conflict(error: DossierConflict) -> None:
    from advisor.dossier.model import minute, who_label

    lang = language()
    say(
        t(
            "dossier.ui.conflict",
            lang,
            field=field_label(error.field, lang),
            who=who_label(error.who, lang),
            at=minute(error.at),
        ),
        "warning",
    )


def _tell_conflict(db: DossierStore, dossier: Dossier, field: str) -> None:
    entry = next((h for h in reversed(db.history(dossier.id)) if h.field == field), None)
    if entry is not None:
        _say_conflict(DossierConflict(field=field, who=entry.who, at=entry.at, version=entry.version))


def sidebar(dossier: Dossier | None, lang: str) -> None:
    """Which dossier is in use (or that nothing is kept), with the way to the Dossier page."""
    from advisor.ui.common import PAGES

    box = st.sidebar.container(border=True)
    if dossier is None:
        box.caption(t("dossier.ui.sidebar_none", lang))
    else:
        from advisor.markup import escape_markdown

        box.markdown(t("dossier.ui.sidebar_current", lang, name=escape_markdown(dossier.name), id=dossier.id))
        box.caption(t("dossier.ui.sidebar_saved", lang, version=dossier.version))
    box.page_link(
        PAGES / "dossier.py", label=t("dossier.ui.sidebar_link", lang), icon=":material/folder_open:"
    )
