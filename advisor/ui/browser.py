"""Random keys a browser keeps for this app in a cookie: which device answered, which browser
logged in before.

Streamlit reads the cookies a browser sent when it opened the page (``st.context.cookies``) but
has no way to set one, so :func:`remember` sets it with a line of JavaScript in the page itself
(``st.html``): from the next load on (a reload, a new tab) the browser sends it. A key is 32 hex
characters made with :mod:`secrets`; anything else in the cookie is ignored. The cookie is
first-party, ``SameSite=Strict``, ``Secure`` on https, and holds nothing but the key.
"""

from __future__ import annotations

import re
import secrets

import streamlit as st

KEY_PATTERN = re.compile(r"[0-9a-f]{32}")
DEVICE_COOKIE = "advisor_device"  # a participant's browser (one response per device)
FACILITATOR_COOKIE = "advisor_facilitator"  # a browser that logged in as facilitator before
DAYS = 30


def sent_cookies() -> dict[str, str]:
    """The cookies the browser sent with this page (tests replace this function)."""
    try:
        return dict(st.context.cookies)
    except Exception:  # no browser behind this run
        return {}


def key_in_cookie(name: str) -> str | None:
    value = sent_cookies().get(name)
    return value if isinstance(value, str) and KEY_PATTERN.fullmatch(value) else None


def remember(name: str, value: str, days: int = DAYS) -> None:
    """Ask the browser to keep ``name=value`` (a key from this module: nothing to escape)."""
    if not (KEY_PATTERN.fullmatch(value) and re.fullmatch(r"[a-z_]+", name)):
        raise ValueError("only a random key can be remembered")
    st.html(
        "<script>document.cookie = '"
        f"{name}={value}; path=/; max-age={days * 86400}; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def device_key(name: str = DEVICE_COOKIE) -> str:
    """This browser's key: from its cookie, or a new one kept in the cookie from now on."""
    found = key_in_cookie(name)
    if found:
        return found
    session_key = f"_browser_key_{name}"
    if session_key not in st.session_state:
        st.session_state[session_key] = secrets.token_hex(16)
    remember(name, st.session_state[session_key])
    return st.session_state[session_key]
