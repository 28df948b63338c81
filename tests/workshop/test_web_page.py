"""The light participant page (advisor.workshop.web) as a function of the request: the rules of the
Streamlit participant page (counted once, nothing empty, tokens, closed, outages) hold here too."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from advisor.workshop import answers as wa
from advisor.workshop import web
from advisor.workshop.store import StoreUnavailable

HOST = "advies.example.nl"


def request(method, code, *, form=None, query=None, cookies=None, fetch=False, origin=None):
    headers = {"host": HOST}
    if fetch:
        headers["x-requested-with"] = "fetch"
    if origin is not None:
        headers["origin"] = origin
    form = {k: v if isinstance(v, list) else [v] for k, v in (form or {}).items()}
    return web.Request(method, code, query or {}, form, cookies or {}, headers)


class Phone:
    """One browser: keeps the device cookie the page sets, like a real one."""

    def __init__(self, url: str) -> None:
        self.url, self.cookies = url, {}

    def go(self, method, code, **kw) -> web.Reply:
        reply = web.respond(request(method, code, cookies=dict(self.cookies), **kw), lambda: self.url)
        self.cookies.update(reply.cookies)
        return reply


def text(reply: web.Reply) -> str:
    """The page's visible text, roughly (tags removed)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reply.body.split("<script", 1)[0]))


ANSWER = {"lang": "nl", "q.department": "it", "q.use.whatsapp": "daily"}


def test_the_form_asks_every_question_and_nothing_leaves_the_machine(store, workshop, database_url):
    reply = Phone(database_url).go("GET", workshop.code)
    assert reply.status == 200
    assert '<html lang="nl">' in reply.body
    asked = wa.asked_questions(wa.questionnaire_for(workshop))
    assert reply.body.count("<fieldset>") == len(asked)
    for question in asked:
        assert f'name="q.{question.id}"' in reply.body
    assert "Newsroom" not in reply.body and "Redactie" in reply.body  # Dutch labels in Dutch
    assert not re.search(r"(src|href)=\"(https?:)?//", reply.body)  # no other host
    policy = reply.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert re.fullmatch(r"[0-9a-f]{32}", reply.cookies[web.DEVICE_COOKIE])


def test_english_when_asked(store, workshop, database_url):
    reply = Phone(database_url).go("GET", workshop.code, query={"lang": "en"})
    assert '<html lang="en">' in reply.body and "Newsroom" in reply.body
    assert "Submit my answers" in reply.body


def test_an_empty_or_segment_only_response_is_refused_with_a_message_and_kept(store, workshop, database_url):
    phone = Phone(database_url)
    phone.go("GET", workshop.code)
    empty = phone.go("POST", workshop.code, form={"lang": "nl"})
    assert empty.status == 422
    assert "Kies je afdeling" in text(empty) or "afdeling" in text(empty).lower()
    only_group = phone.go("POST", workshop.code, form={"lang": "nl", "q.department": "it"})
    assert only_group.status == 422
    assert "Beantwoord minstens één vraag" in text(only_group)
    assert 'value="it" checked' in only_group.body  # what was chosen comes back chosen
    assert store.response_count(workshop.code) == 0


def test_a_device_counts_once_and_may_change_its_answers_until_closed(store, workshop, database_url):
    phone = Phone(database_url)
    phone.go("GET", workshop.code)
    sent = phone.go("POST", workshop.code, form=ANSWER)
    assert sent.status == 303
    location = urlsplit(sent.headers["Location"])
    assert location.path == f"/answer/{workshop.code}" and parse_qs(location.query)["done"] == ["stored"]
    assert store.response_count(workshop.code) == 1
    again = phone.go("GET", workshop.code)  # a reload, a new tab: thank you, not a second form
    assert "<form" not in again.body and "al geantwoord" in text(again)
    editing = phone.go("GET", workshop.code, query={"change": "1"})
    assert 'value="it" checked' in editing.body and 'value="daily" checked' in editing.body
    changed = phone.go("POST", workshop.code, form={**ANSWER, "q.use.whatsapp": "never"})
    assert parse_qs(urlsplit(changed.headers["Location"]).query)["done"] == ["replaced"]
    stored = store.responses(workshop.code)
    assert len(stored) == 1 and stored[0].answers["use.whatsapp"] == "never"
    store.set_open(workshop.code, False)
    closed = phone.go("POST", workshop.code, form={**ANSWER, "q.use.whatsapp": "daily"})
    assert closed.status == 409 and "gesloten" in text(closed)
    assert store.responses(workshop.code)[0].answers["use.whatsapp"] == "never"
    assert "wijzigen" not in text(phone.go("GET", workshop.code)).split("Dank")[-1].lower()


def test_another_device_is_another_person(store, workshop, database_url):
    for _ in range(3):
        phone = Phone(database_url)
        phone.go("GET", workshop.code)
        assert phone.go("POST", workshop.code, form=ANSWER).status == 303
    assert store.response_count(workshop.code) == 3


def test_the_pages_script_gets_the_thank_you_at_once(store, workshop, database_url):
    phone = Phone(database_url)
    phone.go("GET", workshop.code)
    reply = phone.go("POST", workshop.code, form=ANSWER, fetch=True)
    assert reply.status == 200 and "Dank je wel" in text(reply)
    assert parse_qs(urlsplit(reply.headers["X-Location"]).query)["done"] == ["stored"]
    # the same send arriving twice (a retry after a lost reply) is stored once
    assert phone.go("POST", workshop.code, form=ANSWER, fetch=True).status == 200
    assert store.response_count(workshop.code) == 1


@pytest.mark.parametrize(
    "form",
    [
        {**ANSWER, "q.department": "marketing"},  # not an option
        {**ANSWER, "q.use.whatsapp": "sometimes"},
        {**ANSWER, "q.nonexistent": "x"},
    ],
)
def test_a_tampered_form_stores_nothing(store, workshop, database_url, form):
    phone = Phone(database_url)
    phone.go("GET", workshop.code)
    reply = phone.go("POST", workshop.code, form=form)
    assert reply.status in (303, 422)
    if "q.nonexistent" in form:  # fields the form does not have are not read at all
        assert reply.status == 303
        assert "nonexistent" not in store.responses(workshop.code)[0].answers
    else:
        assert reply.status == 422 and store.response_count(workshop.code) == 0


def test_another_site_cannot_answer_for_a_participant(store, workshop, database_url):
    phone = Phone(database_url)
    phone.go("GET", workshop.code)
    reply = phone.go("POST", workshop.code, form=ANSWER, origin="https://elders.example")
    assert reply.status == 403
    assert phone.go("POST", workshop.code, form=ANSWER, origin=f"https://{HOST}").status == 303
    assert store.response_count(workshop.code) == 1


def test_a_shared_device_gets_a_fresh_form_per_person_and_a_resent_form_counts_once(store, database_url):
    shared = store.create_workshop(
        "Balie", "nl", {"department": wa.parse_options("department", "A\nB")}, 3, one_per_device=False
    )
    phone = Phone(database_url)
    form = phone.go("GET", shared.code).body
    hidden = dict(re.findall(r'name="(sid|claim)" value="([0-9a-f]{32})"', form))
    answer = {"lang": "nl", "q.department": "a", "q.use.whatsapp": "daily", **hidden}
    assert phone.go("POST", shared.code, form=answer).status == 303
    assert phone.go("POST", shared.code, form=answer).status == 303  # the same form again
    assert store.response_count(shared.code) == 1
    thanks = phone.go("GET", shared.code, query={"done": "stored"})
    assert "Volgende deelnemer" in text(thanks)
    next_form = phone.go("GET", shared.code).body
    assert dict(re.findall(r'name="(sid|claim)" value="([0-9a-f]{32})"', next_form)) != hidden
    assert web.DEVICE_COOKIE not in phone.cookies  # nothing kept about the device


def test_tokens_single_use(store, database_url):
    tokened = store.create_workshop(
        "Met links", "nl", {"department": wa.parse_options("department", "A\nB")}, 3, tokens_required=True
    )
    token = store.add_tokens(tokened.code, 1)[0]
    without = Phone(database_url).go("GET", tokened.code)
    assert without.status == 403 and "persoonlijke link" in text(without) and "<form" not in without.body
    first = Phone(database_url)
    page = first.go("GET", tokened.code, query={"t": token})
    assert page.status == 200 and f'name="t" value="{token}"' in page.body
    answer = {"lang": "nl", "q.department": "a", "q.use.whatsapp": "daily", "t": token}
    assert first.go("POST", tokened.code, form=answer).status == 303
    second = Phone(database_url)
    assert "al gebruikt" in text(second.go("GET", tokened.code, query={"t": token}))
    assert second.go("POST", tokened.code, form=answer).status == 409
    assert store.response_count(tokened.code) == 1


def test_what_a_participant_types_is_shown_as_text_and_stored_without_control_characters(store, database_url):
    tricky = store.create_workshop(
        '<script>alert(1)</script> & "co"', "nl", {"department": wa.parse_options("department", "A")}, 3
    )
    phone = Phone(database_url)
    page = phone.go("GET", tricky.code)
    assert "<script>alert(1)" not in page.body and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page.body
    comment = "regel\x0been\x00twee <img src=x onerror=alert(1)> ok;=1+1"
    text_question = next(q.id for q in wa.asked_questions(wa.questionnaire_for(tricky)) if q.kind == "text")
    form = {"lang": "nl", "q.department": "a", f"q.{text_question}": comment}
    assert phone.go("POST", tricky.code, form=form).status == 303
    stored = store.responses(tricky.code)[0].answers[text_question]
    assert not re.search(r"[\x00-\x09\x0b-\x1f]", stored)
    unknown = Phone(database_url).go("GET", "<B>X")
    assert unknown.status in (200, 404) and "<B>" not in unknown.body


def test_unknown_code_and_the_join_form(store, workshop, database_url):
    unknown = Phone(database_url).go("GET", "ZZZZZZ")
    assert unknown.status == 404 and "ZZZZZZ" in text(unknown) and 'name="code"' in unknown.body
    joined = Phone(database_url).go("GET", "", query={"code": workshop.code.lower(), "lang": "en"})
    assert joined.status == 303 and joined.headers["Location"].startswith(f"/answer/{workshop.code}?")


def test_while_the_database_is_away_the_form_stays_and_a_resend_counts_once(store, workshop, database_url):
    phone = Phone(database_url)
    phone.go("GET", workshop.code)  # this process has seen the workshop
    away = {"up": True}

    def url() -> str:
        if not away["up"]:
            raise StoreUnavailable()
        return database_url

    def go(method, **kw):
        reply = web.respond(request(method, workshop.code, cookies=dict(phone.cookies), **kw), url)
        phone.cookies.update(reply.cookies)
        return reply

    away["up"] = False
    page = go("GET")
    assert page.status == 200 and "<form" in page.body  # the form, from what was seen
    sent = go("POST", form=ANSWER, fetch=True)
    assert sent.status == 503 and 'value="it" checked' in sent.body  # nothing typed is lost
    assert "niet aangekomen" in text(sent)
    assert store.response_count(workshop.code) == 0
    away["up"] = True
    assert go("POST", form=ANSWER, fetch=True).status == 200
    assert go("POST", form=ANSWER, fetch=True).status == 200  # the page's own retry arriving late
    assert store.response_count(workshop.code) == 1
    never_seen = web.respond(request("GET", "QQQQQQ"), lambda: (_ for _ in ()).throw(StoreUnavailable()))
    assert never_seen.status == 503 and "niet bereikbaar" in text(never_seen)
    assert '<meta http-equiv="refresh"' in never_seen.body
