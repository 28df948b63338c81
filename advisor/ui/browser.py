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

from advisor.workshop.web import DEVICE_COOKIE, KEY_PATTERN  # the light page keeps the same key

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


# ---------------------------------------------------------------- where the browser is
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]")
FORWARDING_HEADERS = ("x-forwarded-for", "x-forwarded-host", "x-real-ip", "forwarded", "via")


def connection() -> tuple[str | None, dict[str, str]]:
    """(the client's address, None on the machine itself; the headers of the page's connection,
    lower-case names). Tests replace this function."""
    try:
        address = st.context.ip_address
        headers = {str(k).lower(): str(v) for k, v in dict(st.context.headers).items()}
    except Exception:  # no browser behind this run
        return None, {}
    return address, headers


def _host(value: str) -> str:
    """'127.0.0.1:8501' -> '127.0.0.1'; 'http://[::1]:8501' -> '::1'."""
    value = value.strip().lower().split("://", 1)[-1].split("/", 1)[0]
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def _loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def is_this_machine() -> bool:
    """True only when the browser runs on the machine the app runs on, by every sign there is: the
    connection comes from a loopback address (Streamlit reports no address then), no proxy header,
    and the address the browser asked for (Host) and the page's origin (Origin, set by the browser
    itself) are loopback too. A reverse proxy on the same machine connects from loopback, but
    passes on the public Host or Origin (or forwarding headers), so it does not count. Without a
    browser behind the run: False."""
    address, headers = connection()
    if address is not None and not _loopback(_host(address)):
        return False
    if any(name in headers for name in FORWARDING_HEADERS):
        return False
    host = headers.get("host")
    if not host or not _loopback(_host(host)):
        return False
    origin = headers.get("origin")
    return origin is None or _loopback(_host(origin))
