"""``survey``: import an export and show the analysis per segment; ``demo-survey``: write the demo."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from advisor.analysis.anonymity import COMMENT_MIN_GROUP, DEFAULT_MIN_GROUP, NOT_ANSWERED
from advisor.analysis.missing import missing_message
from advisor.analysis.summary import DEFAULT_BOOTSTRAP, GroupSummary, SurveySummary, summarise
from advisor.errors import InputError
from advisor.i18n import t
from advisor.survey.questionnaire import Questionnaire

FORMAT_CHOICES = ("native", "msforms", "googleforms", "limesurvey", "qualtrics", "surveymonkey")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "survey",
        help="import a survey export and analyse it per segment",
        description="Import a survey export (native csv, Microsoft Forms, Google Forms, LimeSurvey, "
        "Qualtrics or SurveyMonkey), drop identity columns, and show per segment: criterion "
        "weights, disagreement, channels in use, silos, risks, convincers, concerns and "
        "willingness. Segments smaller than --min-group are hidden, with complementary suppression.",
    )
    parser.add_argument("file", type=Path, help="the export file (csv or xlsx)")
    parser.add_argument(
        "--mapping", type=Path, help="mapping file (YAML): export columns and codes -> questions"
    )
    parser.add_argument(
        "--structure",
        type=Path,
        metavar="SURVEY.lss",
        help="LimeSurvey survey structure (.lss) of a question-codes export: its texts and answer labels",
    )
    parser.add_argument("--format", choices=FORMAT_CHOICES, help="export format (default: detected)")
    parser.add_argument(
        "--organisation",
        type=Path,
        metavar="ORG.yaml",
        help="organisation settings (segment options, headcounts); default: organisation.yaml beside the "
        "export, if there is one",
    )
    parser.add_argument("--segment-by", default="department", help="segment question (default: department)")
    parser.add_argument(
        "--min-group",
        type=int,
        default=DEFAULT_MIN_GROUP,
        help=f"minimum group size to show figures (default {DEFAULT_MIN_GROUP}, never below 3)",
    )
    parser.add_argument(
        "--acknowledge-small-groups",
        action="store_true",
        help="allow --min-group 3 or 4 (below 5 a group of 3 people is shown; confirm that deliberately)",
    )
    parser.add_argument(
        "--keep-identity", action="store_true", help="keep identity columns (e-mail, IP, names)"
    )
    parser.add_argument(
        "--bootstrap",
        type=int,
        default=DEFAULT_BOOTSTRAP,
        help=f"bootstrap samples of the weights (default {DEFAULT_BOOTSTRAP}; 0 = none)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for the bootstrap (default 0)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--accept-problems",
        action="store_true",
        help="exit 0 even when values were out of range or not an option (they are left missing), or "
        "when questions have no answer at all (what needs them is not computed; still named on stderr)",
    )
    parser.add_argument(
        "--write-mapping",
        type=Path,
        metavar="OUT.yaml",
        help="write a draft mapping for this export and stop",
    )
    parser.set_defaults(func=run_survey)

    demo = subparsers.add_parser(
        "demo-survey",
        help="write the demo organisation's survey in an export format",
        description="Generate the Delta Media Groep demo survey (reproducible with --seed) and write "
        "it as a real tool's export. LimeSurvey and Qualtrics exports use answer codes and need "
        "a mapping (--mapping-out writes it).",
    )
    demo.add_argument("--respondents", type=int, default=400, help="complete respondents (default 400)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    demo.add_argument(
        "--format", choices=FORMAT_CHOICES, default="native", help="export format (default native)"
    )
    demo.add_argument("--out", type=Path, help="output file (default: demo-<format>.<csv|xlsx>)")
    demo.add_argument("--mapping-out", type=Path, help="also write the mapping file (limesurvey, qualtrics)")
    demo.set_defaults(func=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from advisor.commands.limits import MAX_RESPONDENTS, check_range, check_seed
    from advisor.fileio import check_output, write_atomic
    from advisor.survey.demo import generate_demo
    from advisor.survey.writers import FORMATS, MAPPED_FORMATS, mapping_yaml, render

    if args.respondents < 1:
        raise InputError(t("analysis.respondents_too_low", args.lang, value=args.respondents))
    check_range(args.respondents, 1, MAX_RESPONDENTS, "--respondents", args.lang)
    check_seed(args.seed, args.lang)
    out = args.out or Path(f"demo-{args.format}.{FORMATS[args.format]}")
    check_output(out, [], args.lang, make_parents=True)
    if args.mapping_out is not None:
        check_output(args.mapping_out, [out], args.lang, "--mapping-out", make_parents=True)
    demo = generate_demo(args.respondents, args.seed)
    write_atomic(
        out, render(args.format, demo.answers, demo.questionnaire, demo.meta), args.lang, make_parents=True
    )
    print(
        t(
            "analysis.demo_written",
            args.lang,
            path=out,
            respondents=args.respondents,
            format=args.format,
            seed=args.seed,
        )
    )
    if args.format in MAPPED_FORMATS:
        mapping = args.mapping_out or Path(f"surveys/mappings/demo-{args.format}.yaml")
        if args.mapping_out:
            mapping_text = mapping_yaml(args.format, demo.questionnaire)
            write_atomic(args.mapping_out, mapping_text, args.lang, [out], "--mapping-out", make_parents=True)
        print(t("analysis.demo_mapping_hint", args.lang, mapping=mapping))
    return 0


def run_survey(args: argparse.Namespace) -> int:
    from advisor.commands.common import check_survey_inputs, input_paths, questionnaire_for
    from advisor.fileio import check_output
    from advisor.survey import importer

    check_survey_inputs(args, args.file)
    if args.write_mapping is not None:  # refused before the (slower) import
        check_output(args.write_mapping, input_paths(args, args.file), args.lang, "--write-mapping")
    questionnaire = questionnaire_for(args.file, args.organisation, args.lang)
    if args.write_mapping is not None:
        importer.write_draft_mapping(
            args.file,
            args.write_mapping,
            structure=args.structure,
            format=args.format,
            lang=args.lang,
            questionnaire=questionnaire,
        )
        print(t("analysis.mapping_written", args.lang, path=args.write_mapping))
        return 0
    result = importer.import_survey(
        args.file,
        mapping=args.mapping,
        structure=args.structure,
        format=args.format,
        keep_identity=args.keep_identity,
        lang=args.lang,
        questionnaire=questionnaire,
    )
    answers = result.answers
    if args.segment_by not in answers.columns or args.segment_by not in questionnaire.segment_ids:
        raise InputError(
            t(
                "analysis.unknown_segment",
                args.lang,
                value=args.segment_by,
                expected=", ".join(questionnaire.segment_ids),
            )
        )
    summary = summarise(
        answers,
        questionnaire,
        segment_by=args.segment_by,
        min_group=args.min_group,
        acknowledge_small_groups=getattr(args, "acknowledge_small_groups", False),
        bootstrap=args.bootstrap,
        seed=args.seed,
        lang=args.lang,
    )
    report = result.report.to_dict()
    if args.json:
        # one write: json.dump writes thousands of small pieces, each cleaned by the safe stream
        sys.stdout.write(json.dumps(survey_json(report, summary), ensure_ascii=False, indent=2))
        print()
    else:
        print(render_text(args.file, report, summary, questionnaire, args.lang))
    missing = _missing_questions(args, summary, questionnaire)
    return max(missing, _value_problems(args, result.report))


def _missing_questions(args: argparse.Namespace, summary: SurveySummary, questionnaire: Questionnaire) -> int:
    """Questions nobody answered: what they left uncomputed is said on stderr, exit 2.

    Everything that could be computed is printed above; nothing is made up for the rest.
    ``--accept-problems`` keeps the message but exits 0 (a survey that knowingly asked less).
    """
    if not summary.missing_questions:
        return 0
    for output, question_ids in summary.missing_questions.items():
        print(missing_message(questionnaire, question_ids, output, args.lang), file=sys.stderr)
    print(t("notices.cli_survey_partial", args.lang), file=sys.stderr)
    return 0 if args.accept_problems else 2


def _value_problems(args: argparse.Namespace, report: Any) -> int:
    """Values that were out of range or not an option were left missing; say where, exit 2.

    The analysis above is still printed, so the values that were fine are not lost; the exit code
    tells a script that the export needs a look (``--accept-problems`` accepts them).
    """
    if not report.value_problems or args.accept_problems:
        return 0
    total = sum(report.value_problem_counts.values())
    print(t("analysis.value_problems", args.lang, file=args.file.name, count=total), file=sys.stderr)
    for problem in report.value_problems[:20]:
        print("  " + t("analysis.value_problem", args.lang, **problem), file=sys.stderr)
    if total > 20:
        print("  " + t("analysis.more_problems", args.lang, count=total - 20), file=sys.stderr)
    print(t("analysis.accept_problems", args.lang), file=sys.stderr)
    return 2


def survey_json(report: dict[str, Any], summary: SurveySummary) -> dict[str, Any]:
    """The JSON of ``survey --json``: import report facts plus the (suppressed) summary."""
    skipped = report.get("skipped", 0)
    return {
        "format": report.get("format"),
        "respondents": report.get("respondents"),
        "skipped": {
            "count": skipped if isinstance(skipped, int) else len(skipped),
            "reasons": report.get("skipped_counts", {}),
        },
        "dropped_columns": report.get("dropped_columns", []),
        **summary.to_dict(),
        "import": report,
    }


# --- text output ---------------------------------------------------------------------------------


def _criterion_names(criteria: list[str], lang: str) -> dict[str, str]:
    try:
        from advisor.survey.questionnaire import catalogue_criteria

        names = {cid: name.get(lang) for cid, name in catalogue_criteria()}
    except Exception:
        names = {}
    return {c: names.get(c, c) for c in criteria}


def _segment_label(q: Questionnaire, segment_by: str, key: str, lang: str) -> str:
    if key == NOT_ANSWERED:
        return t("analysis.not_answered", lang)
    return q[segment_by].label(key, lang) if segment_by in q.by_id else key


def _pct(value: float | None) -> str:
    return "-" if value is None or value != value else f"{100 * value:.0f}%"


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def render_text(path: Path, report: dict[str, Any], s: SurveySummary, q: Questionnaire, lang: str) -> str:
    """The readable report: one section per topic, one row per segment, hidden segments marked."""
    skipped = report.get("skipped", 0)
    out = [
        t("analysis.title", lang, segment=q.segment_name(s.segment_by, lang)),
        t("analysis.source", lang, path=path, format=report.get("format")),
        t(
            "analysis.respondents",
            lang,
            used=report.get("respondents"),
            skipped=skipped if isinstance(skipped, int) else len(skipped),
        ),
    ]
    out += [
        t("analysis.skipped_reason", lang, reason=t(f"survey.reasons.{r}", lang), count=c)
        for r, c in report.get("skipped_counts", {}).items()
    ]
    if report.get("dropped_columns"):
        out.append(t("analysis.dropped", lang, columns=", ".join(report["dropped_columns"])))
    out.append(t("analysis.min_group", lang, k=s.min_group, comments=COMMENT_MIN_GROUP))
    if s.suppressed_segments:
        labels = [_segment_label(q, s.segment_by, k, lang) for k in s.suppressed_segments]
        out.append(t("analysis.suppressed_note", lang, segments=", ".join(labels)))
    # sizes: shown groups, the hidden ones only pooled (at least k), and the total; never one hidden group
    if s.hidden_together is not None:
        out.append(t("anonymity.hidden_together", lang, n=s.hidden_together))
    out.append(t("anonymity.total", lang, n=s.total))
    if len(s.breakdowns) > 1:
        names_ = [q.segment_name(b, lang) for b in s.breakdowns]
        out.append(t("anonymity.breakdowns", lang, breakdowns=", ".join(names_)))
    out.append(t("anonymity.withheld_note", lang, k=s.min_group))
    groups = [(_segment_label(q, s.segment_by, k, lang), g) for k, g in s.segments.items()]
    groups.append((t("analysis.organisation", lang), s.organisation))
    names = _criterion_names(s.criteria, lang)
    missing = s.missing_questions
    out += ["", _section(lang, "weights_title")]
    if s.has_weights:
        out.append(_weights(groups, s, names, lang))
        if s.organisation_method:
            out.append(t(f"analysis.weights_method_{s.organisation_method}", lang))
        out.append(t("analysis.excluded", lang, count=s.excluded_from_weights, imputed=s.imputed_ratings))
    else:  # nothing is imputed for a criterion nobody rated: say so instead of a table
        out.append(_not_computed(missing["weights"], lang))
    out += ["", _section(lang, "disagreement_title"), _disagreement(groups, s, names, lang)]
    channels = missing.get("landscape", ())
    if channels and len(channels) == len([c for c in q.channel_ids if f"use.{c}" in q.by_id]):
        out += ["", _section(lang, "landscape_title"), _not_computed(channels, lang)]
        out += ["", _section(lang, "silos_title"), _not_computed(channels, lang)]
    else:
        out += ["", _section(lang, "landscape_title"), _landscape(groups, q, lang, s.min_group)]
        if channels:
            out.append(_not_computed(channels, lang))
        out += ["", _section(lang, "silos_title"), _silos(s, q, lang)]
    out += ["", _section(lang, "risks_title"), _risks(groups, lang)]
    attitudes = missing.get("attitudes", ())
    for question_id in ("convincers", "concerns"):
        if question_id not in q.by_id:
            continue
        out += ["", _section(lang, f"{question_id}_title")]
        unanswered = question_id in attitudes
        out.append(
            _not_computed([question_id], lang)
            if unanswered
            else _options(groups, q, question_id, lang, s.min_group)
        )
    out += ["", _section(lang, "willingness_title")]
    out.append(
        _not_computed(["willingness"], lang)
        if "willingness" in attitudes
        else _willingness(groups, lang, s.min_group)
    )
    out += ["", _section(lang, "comments_title", k=COMMENT_MIN_GROUP), _comments(groups, lang)]
    return "\n".join(out)


def _not_computed(question_ids: Sequence[str], lang: str) -> str:
    return t("notices.part_not_computed", lang, questions=", ".join(question_ids))


def _section(lang: str, key: str, **values: Any) -> str:
    title = t(f"analysis.{key}", lang, **values)
    return f"{title}\n{'=' * len(title)}"


def _hidden_row(label: str, g: GroupSummary, width: int, lang: str) -> list[str]:
    """A hidden group: its name and "hidden", never its size (not even "fewer than k")."""
    return [label, "", t("analysis.hidden", lang), *[""] * (width - 3)]


def _withheld_row(label: str, g: GroupSummary, width: int, lang: str, k: int) -> list[str]:
    """A shown group whose figure is withheld: its size, the reason, no number of answers."""
    return [label, str(g.n), t("anonymity.withheld", lang, k=k), *[""] * (width - 3)]


def _weights(
    groups: list[tuple[str, GroupSummary]], s: SurveySummary, names: dict[str, str], lang: str
) -> str:
    header = [t("analysis.segment", lang), t("analysis.n", lang), *(names[c] for c in s.criteria)]
    rows = []
    for label, g in groups:
        if g.suppressed:
            rows.append(_hidden_row(label, g, len(header), lang))
        elif "weights" in g.withheld:
            rows.append(_withheld_row(label, g, len(header), lang, s.min_group))
        elif not g.weights:
            rows.append([label, str(g.n), *[""] * (len(header) - 2)])
        else:
            rows.append([label, str(g.n), *(_pct(g.weights[c]) for c in s.criteria)])
    return _table(header, rows)


def _disagreement(
    groups: list[tuple[str, GroupSummary]], s: SurveySummary, names: dict[str, str], lang: str
) -> str:
    header = [t("analysis.segment", lang), t("analysis.n", lang), *(names[c] for c in s.criteria)]
    rows = []
    for label, g in groups:
        if g.suppressed or not g.disagreement:
            rows.append(_hidden_row(label, g, len(header), lang))
            continue
        cells = []
        for c in s.criteria:
            d = g.disagreement[c]
            if f"importance.{c}" in g.withheld:
                cells.append(t("anonymity.withheld_short", lang))
            else:
                cells.append("-" if d["std"] is None else f"{d['std']:.2f} / {_pct(d['share_high'])}")
        rows.append([label, str(g.n), *cells])
    return _table(header, rows)


def _landscape(groups: list[tuple[str, GroupSummary]], q: Questionnaire, lang: str, k: int) -> str:
    channel = {c.id: c.label(lang) for c in q.channels}
    lines = []
    for label, g in groups:
        if g.suppressed or g.landscape is None:
            lines.append(f"{label}: {t('analysis.hidden', lang)}")
            continue
        ls = g.landscape
        if "use" in g.withheld:
            lines.append(f"{label} (n={g.n}): {t('anonymity.withheld', lang, k=k)}")
            continue
        used = ", ".join(f"{channel[c]} {_pct(ls.regular[c])}" for c in ls.regular_channels) or "-"
        frag = t(
            "analysis.fragmentation", lang, count=ls.fragmentation, effective=f"{ls.effective_channels:.1f}"
        )
        line = f"{label} (n={g.n}): {frag}: {used}"
        if ls.withheld_channels:
            hidden = ", ".join(channel.get(c, c) for c in ls.withheld_channels)
            line += f" ({t('anonymity.withheld_short', lang)}: {hidden})"
        lines.append(line)
    return "\n".join(lines)


def _silos(s: SurveySummary, q: Questionnaire, lang: str) -> str:
    if not s.silos:
        return t("analysis.no_silos", lang)
    return "\n".join(
        f"- {_segment_label(q, s.segment_by, a, lang)} / {_segment_label(q, s.segment_by, b, lang)}"
        for a, b in s.silos
    )


def _share(share: Any, lang: str) -> str:
    return t("anonymity.withheld_short", lang) if share.withheld else _pct(share.share)


def _risks(groups: list[tuple[str, GroupSummary]], lang: str) -> str:
    keys = ["ex_colleagues_in_groups", "wrong_recipient", "after_hours", "overload"]
    header = [
        t("analysis.segment", lang),
        t("analysis.n", lang),
        t("analysis.shadow_it", lang),
        *(t(f"analysis.{k}", lang) for k in keys),
    ]
    rows = []
    for label, g in groups:
        if g.suppressed or g.landscape is None:
            rows.append(_hidden_row(label, g, len(header), lang))
            continue
        risks = g.landscape.risks
        rows.append(
            [
                label,
                str(g.n),
                _share(g.landscape.shadow_it, lang),
                *(_share(risks[k], lang) if k in risks else "-" for k in keys),
            ]
        )
    return _table(header, rows)


def _options(
    groups: list[tuple[str, GroupSummary]], q: Questionnaire, question_id: str, lang: str, k: int
) -> str:
    question = q[question_id]
    header = [t("analysis.segment", lang), t("analysis.n", lang), *(o.label(lang) for o in question.options)]
    rows = []
    for label, g in groups:
        shares = getattr(g, question_id)
        if g.suppressed:
            rows.append(_hidden_row(label, g, len(header), lang))
        elif question_id in g.withheld or shares is None:
            rows.append(_withheld_row(label, g, len(header), lang, k))
        else:
            rows.append([label, str(g.n), *(_pct(shares[str(o.value)].share) for o in question.options)])
    return _table(header, rows)


def _willingness(groups: list[tuple[str, GroupSummary]], lang: str, k: int) -> str:
    lines = []
    for label, g in groups:
        if g.suppressed:
            lines.append(f"{label}: {t('analysis.hidden', lang)}")
        elif g.willingness is None:
            lines.append(f"{label}: {t('anonymity.withheld', lang, k=k)}")
        else:
            w = g.willingness
            mean = "-" if w.mean != w.mean else f"{w.mean:.1f}"
            lines.append(f"{label} (n={w.n}): {mean} / {_pct(w.share_high)}")
    return "\n".join(lines)


def _comments(groups: list[tuple[str, GroupSummary]], lang: str) -> str:
    """Each listed group's comments, then the rest of the organisation's list as one pool (it holds
    at least 10 comments by the remainder rule; printing it says nothing the lists do not)."""
    lines = []
    listed: list[str] = []
    for label, g in groups[:-1]:
        if g.comments:
            lines.append(f"{label}:")
            lines += [f"  - {c}" for c in g.comments]
            listed += g.comments
    organisation = groups[-1][1]
    if organisation.comments:
        rest = list(organisation.comments)
        for c in listed:
            rest.remove(c)
        if rest:
            lines.append(t("anonymity.other_comments", lang) + ":")
            lines += [f"  - {c}" for c in rest]
    return "\n".join(lines) or "-"
