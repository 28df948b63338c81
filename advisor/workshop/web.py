"""The participant's page without the dashboard: one small HTML page served next to Streamlit.

A room of phones joins at once, and the Streamlit page cost each phone megabytes of JavaScript and a
websocket, and the server about a quarter of a second of CPU per participant (issue 16). This page is
plain HTML with a form (no charts, no third-party request, about 10 kB): a phone without JavaScript
can answer; with JavaScript the page keeps what was typed in the browser (``localStorage``), so a
language switch or a reconnect loses nothing, and a send that does not arrive is sent again every few
seconds. A send is stored once: the submission id is fixed before the first try (one per device from
the device cookie, or one per form on a shared device), and the store acknowledges a repeat as the
same response.

The rules are the Streamlit participant page's (:mod:`advisor.ui.pages.participant`): a response
needs the segment and one answer beyond it; one response per device by default, changeable until the
workshop closes; single-use tokens; released results are shown on the dashboard's participant view,
which this page links to. Nothing about the participant is logged.

:func:`respond` is the whole page as a function of the request's parts (tested without a server);
:func:`routes` wraps it for Starlette (``serve.py`` mounts it with ``st.App``).
"""

from __future__ import annotations

import base64
import html
import re
import secrets
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from advisor.i18n import LANGUAGES, normalise_language, t
from advisor.workshop import answers as wa
from advisor.workshop.store import (
    Outcome,
    Store,
    StoreUnavailable,
    Workshop,
    WorkshopError,
    normalise_code,
)

PATH = "/answer"
DEVICE_COOKIE = "advisor_device"  # a participant's browser; the Streamlit page reads it too
COOKIE_DAYS = 30
KEY_PATTERN = re.compile(r"[0-9a-f]{32}")  # a device key, and a shared device's form ids
MAX_FORM_BYTES = 64_000
RETRY_SECONDS = 3
FAVICON = Path(__file__).resolve().parents[2] / ".streamlit" / "static" / "favicon.png"


@dataclass
class Reply:
    """What the page answers: status, HTML (or empty for a redirect), headers, cookies to set."""

    status: int
    body: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)


@lru_cache(maxsize=4)
def shared_store(url: str) -> Store:
    """One store (and one connection pool) per database per process, for this page and the
    dashboard alike (:func:`advisor.ui.workshop_kit.open_store` uses it too)."""
    return Store(url)


# ---------------------------------------------------------------- texts (also the Streamlit page's)
def missing_lines(missing: Sequence[str], q, lang: str) -> list[str]:
    """What a response lacks (:func:`advisor.workshop.answers.missing_parts`), one line each."""
    lines = []
    if "segment" in missing:
        segment = wa.required_segment(q)
        lines.append(t("workshop.participant.missing_segment", lang, segment=q.segment_name(segment, lang)))
    if "answer" in missing:
        lines.append(t("workshop.participant.missing_answer", lang))
    return lines


def refusal_text(outcome: Outcome, lang: str) -> str:
    """Why the store did not take a response (an outcome that is not acknowledged)."""
    key = {
        Outcome.CLOSED: "closed",
        Outcome.UNKNOWN_WORKSHOP: "gone",
        Outcome.EMPTY: "missing_answer",
    }.get(outcome, outcome.value)
    return t(f"workshop.participant.{key}", lang)


# ---------------------------------------------------------------- the page
@lru_cache(maxsize=1)
def _favicon() -> str:
    try:
        return "data:image/png;base64," + base64.b64encode(FAVICON.read_bytes()).decode()
    except OSError:
        return "data:,"


STYLE = """
body { font: 17px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #141414;
  margin: 0; background: #fff; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem 1.1rem 4rem; }
h1 { font-size: 1.5rem; margin: .4rem 0 .6rem; }
.lang { display: flex; gap: .5rem; justify-content: flex-end; margin-bottom: .2rem; }
.lang a, .lang span { padding: .35rem .7rem; border: 1px solid #8a8a8a; border-radius: .5rem;
  color: #141414; text-decoration: none; }
.lang span { background: #e3eff7; border-color: #005F94; font-weight: 600; }
.note { color: #474747; font-size: .95rem; }
fieldset { border: 0; border-top: 1px solid #d0d0d0; margin: 0; padding: .9rem 0 .6rem; }
legend { float: left; width: 100%; font-weight: 600; padding: 0; margin-bottom: .3rem; font-size: 1.05rem; }
legend + * { clear: both; }
label.choice { display: flex; align-items: center; gap: .7rem; min-height: 2.75rem;
  padding: .15rem 0; cursor: pointer; }
label.choice input { width: 1.45rem; height: 1.45rem; margin: 0; flex: none; accent-color: #005F94; }
textarea { width: 100%; box-sizing: border-box; min-height: 6rem; font: inherit; padding: .5rem;
  border: 1px solid #8a8a8a; border-radius: .4rem; }
input[type=text] { font: inherit; padding: .55rem; width: 100%; box-sizing: border-box;
  border: 1px solid #8a8a8a; border-radius: .4rem; text-transform: uppercase; }
button, a.button { display: block; width: 100%; min-height: 3.2rem; margin-top: 1rem; font: inherit;
  font-weight: 600; border: 0; border-radius: .5rem; background: #005F94; color: #fff;
  text-align: center; text-decoration: none; line-height: 3.2rem; cursor: pointer; }
a.secondary { background: #fff; color: #005F94; border: 2px solid #005F94; }
.message { border-radius: .5rem; padding: .8rem 1rem; margin: .8rem 0; }
.ok { background: #e6f4ea; color: #14532d; }
.warn { background: #fff4e0; color: #5c3b00; }
.error { background: #fdecea; color: #7a1a12; }
.info { background: #e3eff7; color: #0b3a57; }
"""

SCRIPT = """
(function () {
  function forget(key) { try { localStorage.removeItem(key); } catch (e) {} }
  if (document.body.dataset.clear) forget(document.body.dataset.clear);
  function bind(form) {
    if (!form) return;
    var key = form.dataset.keep, status = form.querySelector("[role=status]"), sending = false;
    function read() {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "hidden" || el.type === "submit") return;
        if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
        if (el.value) (data[el.name] = data[el.name] || []).push(el.value);
      });
      return data;
    }
    function keep() { try { localStorage.setItem(key, JSON.stringify(read())); } catch (e) {} }
    if (form.dataset.filled !== "1") {
      try {
        var kept = JSON.parse(localStorage.getItem(key) || "{}");
        Array.prototype.forEach.call(form.elements, function (el) {
          var values = kept[el.name];
          if (!values) return;
          if (el.type === "radio" || el.type === "checkbox") el.checked = values.indexOf(el.value) >= 0;
          else if (el.tagName === "TEXTAREA") el.value = values[0];
        });
      } catch (e) {}
    }
    form.addEventListener("change", keep);
    form.addEventListener("input", keep);
    function show(text) { status.className = "message info"; status.textContent = text; }
    function send() {
      fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)),
                           credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (response.status >= 500) throw new Error("not arrived");
          var to = response.headers.get("X-Location");
          return response.text().then(function (text) {
            // the page's <style> is this page's already (and its nonce is not this page's)
            text = text.replace(/<style[^>]*>[^<]*<\\/style>/, "");
            var page = new DOMParser().parseFromString(text, "text/html");
            if (to) { forget(key); history.replaceState(null, "", to); }
            document.title = page.title;
            document.querySelector("main").replaceWith(page.querySelector("main"));
            window.scrollTo(0, 0);
            bind(document.getElementById("answers"));
          });
        })
        .catch(function () { show(form.dataset.kept); setTimeout(send, RETRY_MS); });
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      keep();
      if (sending) return;
      sending = true;
      show(form.dataset.sending);
      send();
    });
  }
  bind(document.getElementById("answers"));
})();
""".replace("RETRY_MS", str(RETRY_SECONDS * 1000))


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _document(lang: str, title: str, body: str, nonce: str, *, refresh: int = 0, clear: str = "") -> str:
    meta = f'<meta http-equiv="refresh" content="{refresh}">' if refresh else ""
    clear_attr = f' data-clear="{_e(clear)}"' if clear else ""
    return (
        f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="robots" content="noindex">{meta}<title>{_e(title)}</title>'
        f'<link rel="icon" href="{_favicon()}"><style nonce="{nonce}">{STYLE}</style></head>'
        f'<body{clear_attr}><main>{body}</main><script nonce="{nonce}">{SCRIPT}</script></body></html>'
    )


def _security_headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
            "img-src data:; connect-src 'self'; form-action 'self'; base-uri 'none'; "
            "frame-ancestors 'none'"
        ),
        "Cache-Control": "no-store",
        # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" with the
        # page's own form, which the origin check could not tell from another site's
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
    }


def _message(kind: str, text: str) -> str:
    role = "alert" if kind in ("error", "warn") else "status"
    return f'<div class="message {kind}" role="{role}">{_e(text)}</div>'


def _link(code: str, lang: str, token: str | None = None, **extra: str) -> str:
    query = {"lang": lang, **({"t": token} if token else {}), **extra}
    return f"{PATH}/{quote(code)}?{urlencode(query)}"


def _language_switch(code: str | None, lang: str, token: str | None) -> str:
    names = {"nl": "Nederlands", "en": "English"}
    items = []
    for other in LANGUAGES:
        if other == lang:
            items.append(f'<span aria-current="true">{names[other]}</span>')
        else:
            href = _e(_link(code, other, token) if code else f"{PATH}?{urlencode({'lang': other})}")
            items.append(f'<a href="{href}" hreflang="{other}" lang="{other}">{names[other]}</a>')
    return f'<nav class="lang" aria-label="Taal / Language">{"".join(items)}</nav>'


def _question(question, lang: str, chosen: Sequence[str]) -> str:
    name = f"q.{question.id}"
    legend = f"<legend>{_e(question.text.get(lang))}</legend>"
    if question.kind == "text":
        value = chosen[0] if chosen else ""
        return (
            f'<fieldset><label for="{_e(name)}">{legend}</label>'
            f'<textarea id="{_e(name)}" name="{_e(name)}" maxlength="{wa.MAX_TEXT}">{_e(value)}</textarea>'
            "</fieldset>"
        )
    kind = "checkbox" if question.kind == "multi" else "radio"
    hint = (
        f'<p class="note">{_e(t("workshop.participant.multi_help", lang))}</p>' if kind == "checkbox" else ""
    )
    choices = []
    for value in question.values:
        checked = " checked" if str(value) in chosen else ""
        choices.append(
            f'<label class="choice"><input type="{kind}" name="{_e(name)}" value="{_e(value)}"{checked}>'
            f"<span>{_e(question.label(value, lang))}</span></label>"
        )
    return f"<fieldset>{legend}{hint}{''.join(choices)}</fieldset>"


def _form(
    workshop: Workshop,
    q,
    lang: str,
    *,
    chosen: Mapping[str, Sequence[str]],
    filled: bool,
    token: str | None,
    hidden: Mapping[str, str],
    intro_key: str,
    message: str = "",
) -> str:
    fields = "".join(
        _question(question, lang, chosen.get(question.id, ())) for question in wa.asked_questions(q)
    )
    inputs = "".join(
        f'<input type="hidden" name="{_e(k)}" value="{_e(v)}">' for k, v in {**hidden, "lang": lang}.items()
    )
    if token:
        inputs += f'<input type="hidden" name="t" value="{_e(token)}">'
    keep_key = f"advisor-answers-{workshop.code}"
    return (
        f"<h1>{_e(workshop.title)}</h1>"
        f'<p class="note">{_e(t(intro_key, lang))}</p>{message}'
        f'<form id="answers" method="post" action="{PATH}/{_e(workshop.code)}" data-keep="{_e(keep_key)}"'
        f' data-filled="{"1" if filled else "0"}" data-kept="{_e(t("workshop.participant.kept", lang))}"'
        f' data-sending="{_e(t("workshop.room.sending", lang))}">{inputs}{fields}'
        f'<div id="status" role="status" aria-live="polite"></div>'
        f'<button type="submit">{_e(t("workshop.participant.submit", lang))}</button></form>'
    )


def _results_link(workshop: Workshop, lang: str) -> str:
    if workshop.results_released:
        href = "/?" + urlencode({"w": workshop.code})
        return f'<a class="button secondary" href="{_e(href)}">{_e(t("workshop.room.results", lang))}</a>'
    return f'<p class="note">{_e(t("workshop.participant.not_released", lang))}</p>'


# ---------------------------------------------------------------- the request
@dataclass(frozen=True)
class Request:
    """The parts of a request the page reads (``form`` keeps repeated fields as lists)."""

    method: str
    code: str
    query: Mapping[str, str]
    form: Mapping[str, list[str]] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names


def _same_origin(request: Request) -> bool:
    """A POST from this site (or from a client that sends no Origin, such as a form without one):
    another site cannot make a participant's browser answer for them."""
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return not origin
    return urlsplit(origin).netloc.lower() == request.headers.get("host", "").lower()


def _posted_answers(form: Mapping[str, list[str]], q) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for question in wa.asked_questions(q):
        given = form.get(f"q.{question.id}", [])
        if question.kind == "multi":
            values[question.id] = list(given)
        elif given:
            values[question.id] = given[0]
    return values


def _chosen(answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """Answers as the form's strings (to fill the form in again)."""
    out = {}
    for question_id, value in answers.items():
        out[question_id] = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return out


def respond(request: Request, database_url: Callable[[], str]) -> Reply:
    """The page for one request; never raises for anything a participant or the database does."""
    nonce = secrets.token_urlsafe(12)
    lang = normalise_language(request.query.get("lang") or (request.form.get("lang") or [""])[0] or None)
    try:
        reply = _respond(request, database_url, lang, nonce)
    except StoreUnavailable:
        reply = _unreachable(request, lang, nonce)
    except WorkshopError:
        body = _language_switch(None, lang, None) + _message(
            "error", t("workshop.participant.try_again", lang)
        )
        reply = Reply(503, _document(lang, "Workshop", body, nonce, refresh=10))
    reply.headers.update(_security_headers(nonce))
    return reply


def _unreachable(request: Request, lang: str, nonce: str) -> Reply:
    """The database cannot be reached: a calm message. After a send, the form comes back as it was
    sent (the browser keeps it too and sends it again by itself)."""
    if request.method == "POST":
        body = _message("info", t("workshop.participant.kept", lang))
        return Reply(503, _document(lang, "Workshop", body, nonce, refresh=RETRY_SECONDS))
    body = _language_switch(request.code or None, lang, None) + _message(
        "info", t("workshop.participant.unreachable", lang)
    )
    return Reply(503, _document(lang, "Workshop", body, nonce, refresh=5))


def _join(lang: str, nonce: str, message: str = "", status: int = 200) -> Reply:
    body = (
        _language_switch(None, lang, None)
        + f"<h1>{_e(t('workshop.participant.join_title', lang))}</h1>{message}"
        + f'<form method="get" action="{PATH}"><input type="hidden" name="lang" value="{_e(lang)}">'
        + f'<label for="code">{_e(t("workshop.participant.code", lang))}</label>'
        + '<input type="text" id="code" name="code" maxlength="12" autocomplete="off"'
        + ' autocapitalize="characters" required>'
        + f'<button type="submit">{_e(t("workshop.participant.join", lang))}</button></form>'
    )
    return Reply(status, _document(lang, t("workshop.participant.join_title", lang), body, nonce))


_KNOWN: dict[str, Workshop] = {}  # the last workshops seen, for a form while the database is away


def _find(database_url: Callable[[], str], code: str) -> tuple[Store | None, Workshop | None]:
    """(store, workshop); (None, the workshop as last seen) while the database cannot be reached
    (StoreUnavailable when this process never saw it)."""
    try:
        store = shared_store(database_url())
        workshop = store.find(code)
    except StoreUnavailable:
        if code not in _KNOWN:
            raise
        return None, _KNOWN[code]
    if workshop is not None:
        _KNOWN[code] = workshop
        while len(_KNOWN) > 256:
            _KNOWN.pop(next(iter(_KNOWN)))
    else:
        _KNOWN.pop(code, None)
    return store, workshop


def _respond(request: Request, database_url: Callable[[], str], lang: str, nonce: str) -> Reply:
    code = normalise_code(request.code or request.query.get("code", ""))[:12]
    if not request.code and code:  # the join form: to the workshop's own address
        return Reply(303, headers={"Location": _link(code, lang)})
    if not code:
        return _join(lang, nonce)
    store, workshop = _find(database_url, code)
    if workshop is None:
        return _join(lang, nonce, _message("error", t("workshop.participant.unknown", lang, code=code)), 404)
    if "lang" not in request.query and not request.form.get("lang"):
        lang = normalise_language(workshop.language)
    token = (request.form.get("t") or [request.query.get("t", "")])[0].strip()[:128] or None
    q = wa.questionnaire_for(workshop)
    cookies: dict[str, str] = {}
    device = request.cookies.get(DEVICE_COOKIE, "")
    if workshop.one_per_device and not KEY_PATTERN.fullmatch(device):
        device = secrets.token_hex(16)
        cookies[DEVICE_COOKIE] = device
    if request.method == "POST":
        if not _same_origin(request):
            return Reply(
                403, _document(lang, "Workshop", _message("error", t("workshop.room.origin", lang)), nonce)
            )
        reply = _post(request, store, workshop, q, lang, nonce, token, device)
    else:
        reply = _get(request, store, workshop, q, lang, nonce, token, device)
    reply.cookies.update(cookies)
    return reply


def _identity(workshop: Workshop, device: str, request: Request) -> tuple[str, str]:
    if workshop.one_per_device:
        return wa.device_ids(workshop.code, device)
    given = [(request.form.get(name) or [""])[0] for name in ("sid", "claim")]
    if all(KEY_PATTERN.fullmatch(value) for value in given):
        return given[0], given[1]
    return uuid.uuid4().hex, uuid.uuid4().hex


def _page(workshop: Workshop, lang: str, token: str | None, body: str, nonce: str, **kw) -> str:
    return _document(lang, workshop.title, _language_switch(workshop.code, lang, token) + body, nonce, **kw)


def _thanks(workshop: Workshop, lang: str, token: str | None, nonce: str, done: str, answered: bool) -> Reply:
    key = {"stored": "thanks", "replaced": "replaced"}.get(done, "already")
    body = f"<h1>{_e(workshop.title)}</h1>" + _message("ok", t(f"workshop.participant.{key}", lang))
    if workshop.is_open and workshop.one_per_device and answered:
        body += f'<p class="note">{_e(t("workshop.participant.change_until_closed", lang))}</p>'
        body += f'<a class="button secondary" href="{_e(_link(workshop.code, lang, token, change="1"))}">'
        body += f"{_e(t('workshop.participant.change', lang))}</a>"
    elif workshop.is_open and not workshop.one_per_device:
        body += f'<a class="button secondary" href="{_e(_link(workshop.code, lang))}">'
        body += f"{_e(t('workshop.participant.next_person', lang))}</a>"
    body += _results_link(workshop, lang)
    clear = f"advisor-answers-{workshop.code}"
    return Reply(200, _page(workshop, lang, token, body, nonce, clear=clear))


def _get(request, store: Store, workshop: Workshop, q, lang, nonce, token, device) -> Reply:
    submission_id, claim = _identity(workshop, device, request)
    done = request.query.get("done", "")
    try:
        earlier = (
            store.response_of(workshop.code, submission_id) if store and workshop.one_per_device else None
        )
    except StoreUnavailable:
        store, earlier = None, None
    editing = request.query.get("change") == "1" and workshop.is_open
    if (earlier is not None and not editing) or (done and not workshop.one_per_device):
        return _thanks(workshop, lang, token, nonce, done, answered=earlier is not None)
    if not workshop.is_open:
        body = f"<h1>{_e(workshop.title)}</h1>" + _message("warn", t("workshop.participant.closed", lang))
        return Reply(200, _page(workshop, lang, token, body + _results_link(workshop, lang), nonce))
    if earlier is None and store is not None:
        try:
            refusal = store.check_token(workshop, token, claim)
        except StoreUnavailable:  # checked again when the answers are sent
            refusal = None
        if refusal is not None:
            body = f"<h1>{_e(workshop.title)}</h1>" + _message(
                "error", t(f"workshop.participant.{refusal.value}", lang)
            )
            return Reply(403, _page(workshop, lang, token, body, nonce))
    hidden = {} if workshop.one_per_device else {"sid": submission_id, "claim": claim}
    chosen = _chosen(earlier.answers) if earlier is not None else {}
    intro = "workshop.participant.editing" if earlier is not None else "workshop.participant.intro"
    form = _form(
        workshop,
        q,
        lang,
        chosen=chosen,
        filled=earlier is not None,
        token=token,
        hidden=hidden,
        intro_key=intro,
    )
    return Reply(200, _page(workshop, lang, token, form, nonce))


def _post(request, store: Store, workshop: Workshop, q, lang, nonce, token, device) -> Reply:
    submission_id, claim = _identity(workshop, device, request)
    hidden = {} if workshop.one_per_device else {"sid": submission_id, "claim": claim}
    values = _posted_answers(request.form, q)

    def again(kind: str, text: str, status: int) -> Reply:
        chosen = {k: ([v] if isinstance(v, str) else list(v)) for k, v in values.items()}
        form = _form(
            workshop, q, lang, chosen=chosen, filled=True, token=token, hidden=hidden,
            intro_key="workshop.participant.intro", message=_message(kind, text),
        )  # fmt: skip
        return Reply(status, _page(workshop, lang, token, form, nonce))

    try:
        answers = wa.clean(values, q)
    except (wa.InvalidAnswer, ValueError, TypeError):
        return again("error", t("workshop.participant.invalid", lang), 422)
    missing = wa.missing_parts(answers, q)
    if missing:  # nothing is stored; the form comes back as it was sent
        return again("warn", " ".join(missing_lines(missing, q, lang)), 422)
    try:
        if store is None:
            raise StoreUnavailable()
        outcome = store.submit(
            workshop.code, submission_id, answers, lang, token, replace=workshop.one_per_device, claim=claim
        )
    except StoreUnavailable:  # not stored: the form as it was sent (the browser sends it again)
        return again("info", t("workshop.participant.kept", lang), 503)
    if outcome.acknowledged:
        done = "replaced" if outcome is Outcome.REPLACED else "stored"
        location = _link(workshop.code, lang, token, done=done)
        if request.headers.get("x-requested-with") == "fetch":  # the page's script: the thank-you now
            reply = _thanks(workshop, lang, token, nonce, done, answered=True)
            reply.headers["X-Location"] = location
            return reply
        # a plain form: post, redirect, get (a reload of the thank-you sends nothing again)
        return Reply(303, headers={"Location": location})
    return again("error", refusal_text(outcome, lang), 409)


# ---------------------------------------------------------------- Starlette
def routes(database_url: Callable[[], str]) -> list:
    """``/answer`` (join with a code) and ``/answer/CODE`` (the form), for ``st.App(routes=...)``."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse, RedirectResponse, Response
    from starlette.routing import Route

    async def endpoint(request) -> Response:
        form: dict[str, list[str]] = {}
        if request.method == "POST":
            body = await request.body()
            if len(body) > MAX_FORM_BYTES:
                return Response(status_code=413)
            try:
                form = parse_qs(body.decode("utf-8", "replace"), max_num_fields=400)
            except ValueError:  # more fields than any form of ours has
                return Response(status_code=413)
        parts = Request(
            method=request.method,
            code=request.path_params.get("code", ""),
            query=dict(request.query_params),
            form=form,
            cookies=dict(request.cookies),
            headers={k.lower(): v for k, v in request.headers.items()},
        )
        began = time.perf_counter()
        reply = await run_in_threadpool(respond, parts, database_url)
        # how long the server took (the room benchmark reads it; browsers show it in their tools)
        reply.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - began) * 1000:.1f}"
        if reply.status in (301, 302, 303, 307):
            response: Response = RedirectResponse(reply.headers.pop("Location"), status_code=reply.status)
        else:
            response = HTMLResponse(reply.body, status_code=reply.status)
        response.headers.update(reply.headers)
        secure = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
        for name, value in reply.cookies.items():
            response.set_cookie(
                # Lax, not Strict: a link opened from a mail or chat app (another site) must still send
                # the device's key, or the phone would get a new one and could answer twice
                name,
                value,
                max_age=COOKIE_DAYS * 86400,
                path="/",
                httponly=True,
                samesite="lax",
                secure=secure,
            )
        return response

    return [
        Route(PATH, endpoint, methods=["GET"]),
        Route(PATH + "/{code}", endpoint, methods=["GET", "POST"]),
    ]
