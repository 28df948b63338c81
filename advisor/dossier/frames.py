"""Answer frames as stored in a dossier: Parquet bytes that give back the identical frame.

Parquet keeps what CSV would lose: the index ``response_id``, the column order and the nullable
dtypes of the canonical answer frame (``string``, ``Int64``, ``boolean``; see
:mod:`advisor.survey.questionnaire`). Only canonical frames are stored: every column a question id
(or ``<question>.<option>``), so an identity column kept under its export name is refused.
"""

from __future__ import annotations

import hashlib
import io
import re

import pandas as pd

from advisor.dossier.model import InvalidValue

COLUMN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
INDEX = "response_id"
MAX_ROWS = 200_000


def check_frame(frame: pd.DataFrame) -> None:
    """InvalidValue unless ``frame`` is a canonical answer frame without identity columns."""
    if frame.index.name != INDEX:
        raise InvalidValue(field="answers", detail=f"index must be '{INDEX}'")
    odd = [str(c) for c in frame.columns if not isinstance(c, str) or not COLUMN.match(c)]
    if odd:
        raise InvalidValue(field="answers", detail=f"not a question id: {', '.join(odd[:5])}")
    if not frame.index.is_unique:
        raise InvalidValue(field="answers", detail="response ids must be unique")
    if len(frame) > MAX_ROWS:
        raise InvalidValue(field="answers", detail=f"more than {MAX_ROWS} responses")


def to_parquet(frame: pd.DataFrame) -> bytes:
    check_frame(frame)
    buffer = io.BytesIO()
    frame.to_parquet(buffer, engine="pyarrow", compression="zstd", index=True)
    return buffer.getvalue()


def from_parquet(data: bytes) -> pd.DataFrame:
    frame = pd.read_parquet(io.BytesIO(data), engine="pyarrow")
    check_frame(frame)
    return frame


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def combine(frames: list[tuple[str, pd.DataFrame]]) -> pd.DataFrame:
    """Several data sets as one answer frame: columns in first-seen order, each with its dtype;
    with more than one set the response ids become ``<dataset id>/<response id>`` (two exports
    both number their responses 1, 2, 3...)."""
    if not frames:
        return pd.DataFrame(index=pd.Index([], name=INDEX, dtype="string"))
    if len(frames) == 1:
        return frames[0][1]
    dtypes: dict[str, object] = {}
    for _, frame in frames:
        for column, dtype in frame.dtypes.items():
            dtypes.setdefault(str(column), dtype)
    parts = []
    for dataset_id, frame in frames:
        part = frame.reindex(columns=list(dtypes)).astype(dtypes)
        part.index = (dataset_id + "/" + frame.index.astype("string")).rename(INDEX)
        parts.append(part)
    return pd.concat(parts)
