"""A dossier and its history as lines of text in the user's language (``dossier show|history``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from advisor.dossier.model import Dossier, HistoryEntry, minute, who_label
from advisor.i18n import t


def organisation_name(text: str) -> str | None:
    """The ``name`` of an organisation file's text, if it has one."""
    from advisor.yamlio import YamlError, load_located

    if not text.strip():
        return None
    try:
        data = load_located(Path("organisation.yaml"), text).data
    except YamlError:
        return None
    name = data.get("name") if isinstance(data, dict) else None
    return str(name) if name else None


def weight_source(source: str, lang: str) -> str:
    """``survey:organisation`` -> "survey: the whole organisation"; a segment by its value."""
    if source == "equal":
        return t("dossier.weights.equal", lang)
    if source.startswith("survey:"):
        group = source.removeprefix("survey:")
        name = t("dossier.weights.organisation", lang) if group == "organisation" else group
        return t("dossier.weights.survey", lang, group=name)
    return source


def show_lines(dossier: Dossier, lang: str) -> list[str]:
    """The dossier as aligned lines of text (``dossier show``)."""
    pairs = show_pairs(dossier, lang)
    width = max(len(name) for name, _ in pairs)
    lines = []
    for name, value in pairs:
        first, *rest = value.splitlines() or [""]
        lines.append(f"{name.ljust(width)}  {first}")
        lines += [f"{'':{width}}  {more}" for more in rest]
    return lines


def show_pairs(dossier: Dossier, lang: str) -> list[tuple[str, str]]:
    """The dossier as (label, value) pairs (the Dossier page shows them as a table)."""
    s = dossier.settings
    none = t("dossier.none", lang)

    def label(key: str) -> str:
        return t(f"dossier.cli.label_{key}", lang)

    pairs: list[tuple[str, str]] = [
        (label("dossier"), f"{dossier.name} ({dossier.id})"),
        (
            label("version"),
            t(
                "dossier.cli.label_version_value",
                lang,
                version=dossier.version,
                at=minute(dossier.updated_at),
                who=who_label(dossier.updated_by, lang),
            ),
        ),
        (
            label("created"),
            t(
                "dossier.cli.label_created_value",
                lang,
                at=minute(dossier.created_at),
                who=who_label(dossier.created_by, lang),
            ),
        ),
        (label("organisation"), organisation_name(s.organisation) or none),
    ]
    for d in dossier.datasets:
        if d.live:
            text = t("dossier.cli.label_live", lang, code=d.workshop_code, n=d.respondents)
        else:
            text = t(
                "dossier.cli.label_data_value",
                lang,
                name=d.name,
                format=d.format or none,
                n=d.respondents,
                at=minute(d.added_at),
                who=who_label(d.added_by, lang),
            )
        pairs.append((label("data"), text))
    if not dossier.datasets:
        pairs.append((label("data"), none))
    mapping = (
        t("dossier.cli.label_mapping_file", lang, lines=len(s.mapping.splitlines()))
        if s.mapping.strip()
        else t("dossier.cli.label_mapping_auto", lang)
    )
    pairs += [
        (label("mapping"), mapping),
        (
            label("segments"),
            t("dossier.cli.label_segments_value", lang, segment_by=s.segment_by, k=s.min_group),
        ),
        (
            label("weights"),
            t(
                "dossier.cli.label_weights_value",
                lang,
                source=weight_source(s.weights.source, lang),
                n=len(s.weights.changes),
            ),
        ),
        (label("method"), t(f"dossier.methods.{s.method}", lang)),
        (label("must"), ", ".join(s.must_haves) or none),
        (label("shortlist"), ", ".join(s.shortlist) or none),
    ]
    overrides = [
        t(
            "dossier.cli.label_override_value",
            lang,
            platform=platform,
            criterion=criterion,
            score=f"{entry.score:g}",
            who=who_label(entry.by, lang),
            at=minute(entry.at),
            justification=entry.justification,
        )
        for platform, by_criterion in sorted(s.overrides.items())
        for criterion, entry in sorted(by_criterion.items())
    ]
    pairs += [(label("overrides"), text) for text in overrides] or [(label("overrides"), none)]
    choice = (
        none if s.choice is None else s.choice.platform + (f" ({s.choice.plan})" if s.choice.plan else "")
    )
    pairs += [(label("choice"), choice), (label("note"), s.decision_note.strip() or none)]
    plans = [
        t(
            "dossier.cli.label_plan_value",
            lang,
            at=minute(p.created_at),
            who=who_label(p.created_by, lang),
            settings=_compact(p.settings),
            sha=p.content_sha256[:12],
        )
        for p in dossier.plans
    ]
    pairs += [(label("plans"), text) for text in plans] or [(label("plans"), none)]
    return pairs


def change_text(entry: HistoryEntry, lang: str) -> str:
    """What one change did, in one line: ``old -> new`` (a dataset: ``+ name (n)``)."""
    if entry.field == "created":
        return str((entry.new or {}).get("name", ""))
    if entry.field.startswith("datasets."):
        value = entry.new if entry.new is not None else entry.old or {}
        sign = "+" if entry.new is not None else "-"
        return f"{sign} {value.get('name', '')} ({value.get('respondents', 0)})"
    return f"{_value(entry.old, lang)} -> {_value(entry.new, lang)}"


def history_rows(entries: list[HistoryEntry], lang: str, width: int) -> list[list[str]]:
    rows = []
    for h in entries:
        what = t("dossier.cli.created_what", lang) if h.field == "created" else h.field
        text = " ".join(change_text(h, lang).split())
        if len(text) > width:
            text = text[: width - 3] + "..."
        rows.append([str(h.version), minute(h.at), who_label(h.who, lang), what, text])
    return rows


def _value(value: Any, lang: str) -> str:
    if value is None or value == "" or value == []:
        return t("dossier.none", lang)
    if isinstance(value, dict) and "score" in value and "justification" in value:
        return f"{value['score']:g}: {value['justification']}"
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return _compact(value)


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
