"""A dossier as one zip file, and back: another installation imports it to the identical state.

Layout (``format_version`` 1)::

    manifest.yaml          format, format_version, dossier id, SHA-256 of every other file
    dossier.yaml           id, name, version, created/updated (UTC, ``YYYY-MM-DDTHH:MM:SSZ``), settings
    datasets.yaml          per dataset: id, position, kind, name, workshop, format, respondents,
                           added_at/by, sha256, file, the import report
    datasets/<id>.parquet  the answer frame (index ``response_id``, nullable dtypes kept)
    plans.yaml             per generated plan: id, created_at/by, content_sha256, settings
    history.yaml           every change: version, at, who, field, old, new

A linked workshop is written as a snapshot of its responses at export time (the other
installation has no such workshop), so the imported dossier holds that snapshot as its data.
The archive is deterministic: the same dossier state gives the same bytes (entries in a fixed
order, dated with the dossier's last change), so exporting an imported dossier gives the file
that was imported. Reading checks sizes before reading, every hash, every field (messages name
the file, line and field) and that the history runs 1..version without a gap.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from advisor.dossier import frames
from advisor.dossier.model import (
    ArchiveInvalid,
    DatasetInfo,
    Dossier,
    GeneratedPlan,
    HistoryEntry,
    Settings,
    from_iso,
    iso,
)
from advisor.dossier.rows import Snapshot
from advisor.dossier.store import DossierStore
from advisor.i18n import t
from advisor.validation import located_messages
from advisor.yamlio import YamlError, load_located

FORMAT = "platform-advisor-dossier"
FORMAT_VERSION = 1
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
MAX_ENTRIES = 1000
SIMPLE_FILES = ("dossier.yaml", "datasets.yaml", "plans.yaml", "history.yaml")

Moment = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
RowId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{4,16}$")]
Sha = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Person = Annotated[str, StringConstraints(min_length=1, max_length=200)]


# ---------------------------------------------------------------- writing
class _Dumper(yaml.SafeDumper):
    """Multi-line texts (organisation file, mapping, notes) as readable ``|`` blocks."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _yaml(data: Any) -> bytes:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return text.encode("utf-8")


def export_dossier(store: DossierStore, dossier_id: str) -> bytes:
    """The dossier as zip bytes (see the module docstring)."""
    state = store.snapshot(dossier_id)
    dossier, blobs = state.dossier, state.blobs
    entries: dict[str, bytes] = {}
    dataset_rows = []
    for dataset in dossier.datasets:
        blob, respondents = blobs.get(dataset.id), dataset.respondents
        if blob is None:  # a live workshop link: a snapshot of its responses now
            frame = store.workshop_frame(dataset)
            blob, respondents = frames.to_parquet(frame), len(frame)
        entries[f"datasets/{dataset.id}.parquet"] = blob
        dataset_rows.append(_dataset_entry(dataset, blob, respondents))
    entries["dossier.yaml"] = _yaml(
        {
            "id": dossier.id,
            "name": dossier.name,
            "version": dossier.version,
            "created_at": iso(dossier.created_at),
            "created_by": dossier.created_by,
            "updated_at": iso(dossier.updated_at),
            "updated_by": dossier.updated_by,
            "settings": dossier.settings.as_json(),
        }
    )
    entries["datasets.yaml"] = _yaml(dataset_rows)
    entries["plans.yaml"] = _yaml([_plan_entry(p) for p in dossier.plans])
    entries["history.yaml"] = _yaml([_history_entry(h) for h in state.history])
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "dossier": dossier.id,
        "files": {name: frames.sha256(data) for name, data in sorted(entries.items())},
    }
    moment = dossier.updated_at.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [("manifest.yaml", _yaml(manifest)), *sorted(entries.items())]:
            info = zipfile.ZipInfo(name, date_time=moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _dataset_entry(d: DatasetInfo, blob: bytes, respondents: int) -> dict[str, Any]:
    return {
        "id": d.id,
        "position": d.position,
        "kind": d.kind,
        "name": d.name,
        "workshop_code": d.workshop_code,
        "format": d.format,
        "respondents": respondents,
        "added_at": iso(d.added_at),
        "added_by": d.added_by,
        "sha256": frames.sha256(blob),
        "file": f"datasets/{d.id}.parquet",
        "report": d.report,
    }


def _plan_entry(p: GeneratedPlan) -> dict[str, Any]:
    return {
        "id": p.id,
        "created_at": iso(p.created_at),
        "created_by": p.created_by,
        "content_sha256": p.content_sha256,
        "settings": p.settings,
    }


def _history_entry(h: HistoryEntry) -> dict[str, Any]:
    return {"version": h.version, "at": iso(h.at), "who": h.who, "field": h.field, "old": h.old, "new": h.new}


# ---------------------------------------------------------------- reading
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Manifest(_Strict):
    format: Literal["platform-advisor-dossier"]
    format_version: Annotated[int, Field(ge=1)]
    dossier: RowId
    files: dict[str, Sha]


class _Dossier(_Strict):
    id: RowId
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    version: Annotated[int, Field(ge=1)]
    created_at: Moment
    created_by: Person
    updated_at: Moment
    updated_by: Person
    settings: Settings


class _Dataset(_Strict):
    id: RowId
    position: Annotated[int, Field(ge=1)]
    kind: Literal["upload", "workshop"]
    name: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    workshop_code: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{1,16}$")] | None
    format: Annotated[str, StringConstraints(max_length=32)] | None
    respondents: Annotated[int, Field(ge=0)]
    added_at: Moment
    added_by: Person
    sha256: Sha
    file: str
    report: dict[str, Any]


class _Plan(_Strict):
    id: RowId
    created_at: Moment
    created_by: Person
    content_sha256: Sha
    settings: dict[str, Any]


class _Change(_Strict):
    version: Annotated[int, Field(ge=1)]
    at: Moment
    who: Person | None
    field: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    old: Any = None
    new: Any = None


def read_archive(data: bytes, name: str, lang: str) -> Snapshot:
    """An archive's dossier, history and answer data; ArchiveInvalid (message in ``lang``) when
    it is not a complete, unaltered dossier export."""
    entries = _entries(data, name, lang)
    manifest = _parse(_Manifest, entries, "manifest.yaml", name, lang)
    if manifest.format_version > FORMAT_VERSION:
        _fail(name, lang, "newer", version=manifest.format_version, supported=FORMAT_VERSION)
    for file, digest in manifest.files.items():
        if file not in entries:
            _fail(name, lang, "missing", entry=file)
        if frames.sha256(entries[file]) != digest:
            _fail(name, lang, "altered", entry=file)
    for file in (*SIMPLE_FILES, *(f for f in entries if f != "manifest.yaml")):
        if file not in manifest.files:
            _fail(name, lang, "missing" if file not in entries else "unlisted", entry=file)
    head = _parse(_Dossier, entries, "dossier.yaml", name, lang)
    sets = _parse(list[_Dataset], entries, "datasets.yaml", name, lang)
    plan_rows = _parse(list[_Plan], entries, "plans.yaml", name, lang)
    changes = _parse(list[_Change], entries, "history.yaml", name, lang)
    if head.id != manifest.dossier:
        _fail(name, lang, "inconsistent", detail=f"dossier.yaml id {head.id} != manifest {manifest.dossier}")
    if [c.version for c in changes] != list(range(1, head.version + 1)):
        _fail(name, lang, "inconsistent", detail=f"history.yaml must hold versions 1 to {head.version}")
    blobs = {d.id: _blob(d, entries, name, lang) for d in sets}
    if len(blobs) != len(sets) or len({p.id for p in plan_rows}) != len(plan_rows):
        _fail(name, lang, "inconsistent", detail="an id is used twice")
    dossier = Dossier(
        id=head.id,
        name=head.name,
        version=head.version,
        created_at=_moment(head.created_at, name, lang),
        created_by=head.created_by,
        updated_at=_moment(head.updated_at, name, lang),
        updated_by=head.updated_by,
        settings=head.settings,
        datasets=tuple(_dataset(d, name, lang) for d in sets),
        plans=tuple(
            GeneratedPlan(p.id, _moment(p.created_at, name, lang), p.created_by, p.settings, p.content_sha256)
            for p in plan_rows
        ),
    )
    history = tuple(
        HistoryEntry(c.version, _moment(c.at, name, lang), c.who, c.field, c.old, c.new) for c in changes
    )
    return Snapshot(dossier, history, blobs)


def import_dossier(
    store: DossierStore, data: bytes, name: str, lang: str, *, new_id: bool = False
) -> Dossier:
    """Read an archive and store it as it was (DossierExists when its id is taken here)."""
    return store.restore(read_archive(data, name, lang), new_id=new_id)


def _fail(archive: str, lang: str, key: str, **values: Any) -> NoReturn:
    raise ArchiveInvalid(file=archive, problem=t(f"dossier.archive.{key}", lang, **values))


def _entries(data: bytes, name: str, lang: str) -> dict[str, bytes]:
    if len(data) > MAX_ARCHIVE_BYTES:
        _fail(name, lang, "too_large", limit=MAX_ARCHIVE_BYTES // (1024 * 1024))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_ARCHIVE_BYTES:
            _fail(name, lang, "too_large", limit=MAX_ARCHIVE_BYTES // (1024 * 1024))
        entries: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            if info.filename in entries:
                _fail(name, lang, "inconsistent", detail=f"{info.filename} twice")
            with archive.open(info) as stream:
                content = stream.read(info.file_size + 1)
            if len(content) != info.file_size:  # a header that lies about the size
                _fail(name, lang, "altered", entry=info.filename)
            entries[info.filename] = content
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError, OSError):
        _fail(name, lang, "not_zip")
    if "manifest.yaml" not in entries:
        _fail(name, lang, "not_dossier")
    return entries


def _located(entries: dict[str, bytes], file: str, archive: str, lang: str) -> Any:
    where = Path(f"{archive}/{file}")
    try:
        return load_located(where, entries[file].decode("utf-8"), lang)
    except UnicodeDecodeError:
        _fail(archive, lang, "altered", entry=file)
    except YamlError as error:
        raise ArchiveInvalid(file=archive, problem=str(error)) from None


def _parse(shape: Any, entries: dict[str, bytes], file: str, archive: str, lang: str) -> Any:
    """One YAML file of the archive as ``shape`` (a model, or ``list[model]``)."""
    located = _located(entries, file, archive, lang)
    try:
        return TypeAdapter(shape).validate_python(located.data)
    except ValidationError as error:
        problems = "\n".join(located_messages(error, located, lang))
        raise ArchiveInvalid(file=archive, problem=problems) from None


def _blob(d: _Dataset, entries: dict[str, bytes], archive: str, lang: str) -> bytes:
    if d.file != f"datasets/{d.id}.parquet" or d.file not in entries:
        _fail(archive, lang, "missing", entry=d.file)
    blob = entries[d.file]
    if frames.sha256(blob) != d.sha256:
        _fail(archive, lang, "altered", entry=d.file)
    try:
        frame = frames.from_parquet(blob)
    except Exception:
        _fail(archive, lang, "bad_data", entry=d.file)
    if len(frame) != d.respondents:
        _fail(archive, lang, "inconsistent", detail=f"{d.file}: {len(frame)} responses, not {d.respondents}")
    return blob


def _dataset(d: _Dataset, archive: str, lang: str) -> DatasetInfo:
    return DatasetInfo(
        id=d.id,
        position=d.position,
        kind=d.kind,
        name=d.name,
        workshop_code=d.workshop_code,
        format=d.format,
        respondents=d.respondents,
        added_at=_moment(d.added_at, archive, lang),
        added_by=d.added_by,
        data_sha256=d.sha256,
        report=d.report,
    )


def _moment(text: str, archive: str, lang: str) -> dt.datetime:
    try:
        return from_iso(text)
    except ValueError:
        _fail(archive, lang, "inconsistent", detail=f"not a date and time: {text}")
