"""Join links and their QR code (PNG)."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from advisor.workshop.web import PATH


def join_link(public_url: str, code: str, token: str | None = None) -> str:
    """``<public url>/answer/CODE`` (``?t=TOKEN`` for a single-use link): the light participant
    page (:mod:`advisor.workshop.web`); the dashboard's own ``/?w=CODE`` shows the same workshop."""
    query = f"?{urlencode({'t': token})}" if token else ""
    return f"{public_url.rstrip('/')}{PATH}/{code}{query}"


def qr_png(link: str, scale: int = 10) -> bytes:
    """A QR code of ``link`` as PNG bytes, large enough to scan from the back of a room."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
