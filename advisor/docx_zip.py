"""Word files that are the same bytes for the same content: every zip entry dated by the caller.

python-docx stamps each entry of the .docx zip with the current time, so two runs on the same input
differ. :func:`fixed_zip` rewrites the archive with one date chosen from the document's own content
(a plan's start date, a memo's last change), the entries in their original order.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry

Moment = dt.datetime | dt.date | tuple[int, ...]


def _stamp(moment: Moment) -> tuple[int, int, int, int, int, int]:
    if isinstance(moment, dt.datetime):
        parts = moment.timetuple()[:6]
    elif isinstance(moment, dt.date):
        parts = (moment.year, moment.month, moment.day, 0, 0, 0)
    else:
        parts = (*tuple(moment), 0, 0, 0, 0, 0, 0)[:6]
    stamp = max(tuple(int(p) for p in parts), ZIP_EPOCH)
    return stamp  # type: ignore[return-value]


def fixed_zip(data: bytes, moment: Moment) -> bytes:
    """The same zip with every entry dated ``moment`` (a date, a datetime or a time tuple)."""
    when = _stamp(moment)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=when)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
