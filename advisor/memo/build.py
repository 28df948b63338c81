"""Build the decision memo of a dossier: the question, who was asked, what staff weigh, the shortlist
and must-haves, the ranking with its robustness, the decision, the overrides and the open risks.

Everything comes from the dossier's own inputs (:mod:`advisor.dossier.context`): the ranking on its
weights, method, must-haves and budget; the robustness wording is the verdict's
(:mod:`advisor.scoring.verdict`); group sizes are those the survey summary publishes (a hidden
group is named, never sized); exclusions, sources, overrides and risks come from
:mod:`advisor.memo.evidence`. The only date is the dossier's last change, so the same dossier state
gives the same memo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from advisor.analysis.anonymity import NOT_ANSWERED
from advisor.catalog import Catalog
from advisor.dossier import context
from advisor.dossier.model import Dossier, who_label
from advisor.i18n import t
from advisor.memo import evidence
from advisor.memo.model import Memo, Section, Table
from advisor.scoring import RANKING_SAMPLES, RANKING_SEED, Ranking, criterion_name
from advisor.scoring.verdict import Verdict, verdict

TOP_ROWS = 5  # ranking rows shown (plus the chosen and shortlisted platforms below them)
TOP_CRITERIA = 3


@dataclass(frozen=True)
class MemoContext:
    """What every section is built from, in the memo's language."""

    inputs: context.Inputs
    ranking: Ranking
    verdict: Verdict | None
    lang: str
    labels: dict[str, str]  # segment value -> what the organisation calls it

    @property
    def catalog(self) -> Catalog:
        return self.inputs.catalog

    @property
    def dossier(self) -> Dossier:
        return self.inputs.dossier

    def text(self, key: str, **values: Any) -> str:
        return t(f"memo.{key}", self.lang, **values)

    def name(self, platform_id: str) -> str:
        """A platform's name; the id itself when the catalogue no longer has it."""
        try:
            return self.catalog.platform(platform_id).name
        except KeyError:
            return platform_id

    def date(self, value: dt.date) -> str:
        months = self.text("months").split()
        return f"{value.day} {months[value.month - 1]} {value.year}"

    def join(self, parts: Sequence[str]) -> str:
        """'A, B en C'."""
        if len(parts) <= 1:
            return "".join(parts)
        return f"{', '.join(parts[:-1])} {self.text('and')} {parts[-1]}"


# ---------------------------------------------------------------- entry points
def memo_for_dossier(
    store: Any,
    dossier: Dossier,
    catalog: Catalog,
    *,
    lang: str,
    samples: int = RANKING_SAMPLES,
    seed: int = RANKING_SEED,
) -> Memo:
    """The memo of ``dossier``; NotComputable (a DossierError) when it lacks survey data or weights.

    Drawn as Compare draws (``RANKING_SAMPLES``, ``RANKING_SEED``): the same chances of ranking first."""
    inputs = context.load(store, dossier, catalog, lang=lang, seed=seed)
    labels = segment_labels(inputs, lang)
    ranking = context.ranking(inputs, lang=lang, samples=samples, seed=seed, labels=labels)
    return build_memo(inputs, ranking, lang=lang)


def segment_labels(inputs: context.Inputs, lang: str) -> dict[str, str]:
    summary, question = inputs.summary, inputs.questionnaire.by_id.get(inputs.summary.segment_by)
    return {
        key: t("score.not_answered", lang)
        if key == NOT_ANSWERED
        else (question.label(key, lang) if question else key)
        for key in summary.segments
    }


def build_memo(inputs: context.Inputs, ranking: Ranking, *, lang: str) -> Memo:
    """The memo from the dossier's inputs and its ranking (see the module docstring)."""
    lang = "en" if lang == "en" else "nl"
    ctx = MemoContext(inputs, ranking, verdict(ranking), lang, segment_labels(inputs, lang))
    dossier = ctx.dossier
    organisation = inputs.questionnaire.organisation.name.strip()
    subtitle = (
        ctx.text("subtitle", organisation=organisation, name=dossier.name, id=dossier.id)
        if organisation
        else ctx.text("subtitle_no_organisation", name=dossier.name, id=dossier.id)
    )
    chosen = dossier.settings.choice.platform if dossier.settings.choice else None
    return Memo(
        lang=lang,
        dossier_id=dossier.id,
        version=dossier.version,
        as_of=dossier.updated_at,
        title=ctx.text("title"),
        subtitle=subtitle,
        state=ctx.text(
            "state",
            version=dossier.version,
            date=ctx.date(dossier.updated_at.date()),
            time=dossier.updated_at.strftime("%H:%M"),
            who=who_label(dossier.updated_by, lang),
        ),
        sections=(
            _question(ctx, organisation),
            _respondents(ctx),
            _weights(ctx),
            evidence.shortlist_section(ctx),
            _ranking(ctx),
            _decision(ctx),
            evidence.overrides_section(ctx),
            evidence.risks_section(ctx),
        ),
        best=ranking.best,
        clear=None if ctx.verdict is None else ctx.verdict.clear,
        chosen=chosen,
        against_ranking=chosen is not None and chosen != ranking.best,
    )


# ---------------------------------------------------------------- the question, who, what they weigh
def _question(ctx: MemoContext, organisation: str) -> Section:
    lead = (
        ctx.text("question.lead", organisation=organisation)
        if organisation
        else ctx.text("question.lead_no_organisation")
    )
    approach = ctx.text(
        "question.approach",
        platforms=len(ctx.ranking.platform_ids) + len(ctx.ranking.excluded),
        criteria=len(ctx.catalog.criterion_ids),
        method=t(f"dossier.methods.{ctx.ranking.method}", ctx.lang),
    )
    return Section(id="question", heading=ctx.text("headings.question"), lead=lead, paragraphs=(approach,))


def _respondents(ctx: MemoContext) -> Section:
    """Shown groups with their size; hidden groups by name only; the hidden groups together only
    when the summary publishes that (at least k); the total."""
    summary, heading = ctx.inputs.summary, ctx.text("headings.respondents")
    k = summary.min_group
    if summary.organisation.suppressed:
        return Section(
            id="respondents", heading=heading, paragraphs=(ctx.text("respondents.organisation_hidden", k=k),)
        )
    datasets = ", ".join(d.name for d in ctx.dossier.datasets)
    segment = ctx.inputs.questionnaire.segment_name(summary.segment_by, ctx.lang)
    intro = ctx.text("respondents.intro", total=summary.total, datasets=datasets, segment=segment, k=k)
    hidden = ctx.text("respondents.hidden")
    rows = [
        (ctx.labels[key], hidden if group.suppressed else str(group.n))
        for key, group in summary.segments.items()
    ]
    if summary.hidden_together is not None:
        rows.append((ctx.text("respondents.hidden_together"), str(summary.hidden_together)))
    rows.append((ctx.text("respondents.total"), str(summary.total)))
    notes = ()
    if summary.suppressed_segments:
        groups = ctx.join([ctx.labels[key] for key in summary.suppressed_segments])
        notes = (ctx.text("respondents.hidden_note", groups=groups),)
    table = Table(head=(ctx.text("respondents.col_group"), ctx.text("respondents.col_n")), rows=tuple(rows))
    return Section(id="respondents", heading=heading, paragraphs=(intro,), table=table, notes=notes)


def _weights(ctx: MemoContext) -> Section:
    """The organisation's survey weights (the top criteria first) beside the weights ranked with,
    when those differ (another group, moved sliders or a cost weight)."""
    ranking, catalog, lang = ctx.ranking, ctx.catalog, ctx.lang
    org = ctx.inputs.summary.organisation
    staff = org.weights if not org.suppressed and org.weights else None
    used = dict(zip(ranking.criterion_ids, (float(w) for w in ranking.weights), strict=True))
    order = sorted(used, key=lambda c: (-(staff or used).get(c, 0.0), ranking.criterion_ids.index(c)))
    paragraphs = []
    if staff is None:
        paragraphs.append(ctx.text("weights.none"))
    else:
        top = [c for c in order if c in staff][:TOP_CRITERIA]
        listed = ctx.join([f"{criterion_name(catalog, c, lang)} ({staff[c]:.0%})" for c in top])
        paragraphs.append(ctx.text("weights.top", top=listed))
    paragraphs.append(ctx.text("weights.used", source=ranking.source.describe(lang)))
    differs = staff is None or any(abs(used[c] - staff.get(c, 0.0)) >= 0.005 for c in used)
    head = [ctx.text("weights.col_criterion")]
    head += [ctx.text("weights.col_staff")] if staff else []
    head += [ctx.text("weights.col_used")] if differs else []
    rows = []
    for c in order:
        row = [criterion_name(catalog, c, lang)]
        row += [_percent(staff.get(c))] if staff else []
        row += [_percent(used[c])] if differs else []
        rows.append(tuple(row))
    table = Table(head=tuple(head), rows=tuple(rows))
    return Section(
        id="weights",
        heading=ctx.text("headings.weights"),
        lead=paragraphs[0],
        paragraphs=tuple(paragraphs[1:]),
        table=table,
    )


# ---------------------------------------------------------------- the ranking and the decision
def _ranking(ctx: MemoContext) -> Section:
    """The verdict's headline and sentences, then the top rows and the chosen and shortlisted ones."""
    ranking, judged, heading = ctx.ranking, ctx.verdict, ctx.text("headings.ranking")
    if judged is None:
        return Section(id="ranking", heading=heading, lead=ctx.text("ranking.none"))
    paragraphs = judged.details(ctx.catalog, ctx.lang)
    if not judged.clear:
        paragraphs.append(t("verdict.rule", ctx.lang))
    best_row = ranking.order.index(ranking.platform_ids.index(judged.best))
    for i in ranking.order[:best_row]:  # reference entries ranked above the best choice
        reference = ctx.name(ranking.platform_ids[i])
        paragraphs.append(t("prices.score.best_not_first", ctx.lang, reference=reference))
    paragraphs.extend(ranking.notes)
    return Section(
        id="ranking",
        heading=heading,
        lead=judged.headline(ctx.catalog, ctx.lang),
        paragraphs=tuple(paragraphs),
        table=_ranking_table(ctx),
    )


def _ranking_table(ctx: MemoContext) -> Table:
    ranking, settings = ctx.ranking, ctx.dossier.settings
    chosen = settings.choice.platform if settings.choice else None
    wanted = {chosen, *settings.shortlist}
    rows_shown = [
        (position, i)
        for position, i in enumerate(ranking.order, start=1)
        if position <= TOP_ROWS or ranking.platform_ids[i] in wanted
    ]
    p_first = ranking.p_first()
    places = 2 if ranking.method == "wsm" else 3
    rows = []
    for position, i in rows_shown:
        pid = ranking.platform_ids[i]
        marks = [
            mark
            for mark, applies in (
                (ctx.text("ranking.mark_chosen"), pid == chosen),
                (ctx.text("ranking.mark_shortlist"), pid in settings.shortlist),
                (t("prices.reference_mark", ctx.lang), not ranking.recommendable(i)),
                (ctx.text("ranking.mark_override"), bool(ctx.catalog.platform(pid).overrides)),
            )
            if applies
        ]
        score = _decimal(float(ranking.scores[i]), places, ctx.lang)
        rows.append((str(position), ctx.name(pid), score, f"{p_first[i]:.0%}", ", ".join(marks)))
    head = tuple(
        ctx.text(f"ranking.{key}")
        for key in ("col_rank", "col_platform", f"col_score_{ranking.method}", "col_p_first", "col_note")
    )
    return Table(head=head, rows=tuple(rows))


def _decision(ctx: MemoContext) -> Section:
    """The choice (or none yet), how it relates to the ranking, and the decision note."""
    settings, heading = ctx.dossier.settings, ctx.text("headings.decision")
    note = [line.strip() for line in settings.decision_note.splitlines() if line.strip()]
    if settings.choice is None:
        paragraphs = [ctx.text("decision.note", text=note[0]), *note[1:]] if note else []
        return Section(
            id="decision", heading=heading, lead=ctx.text("decision.none"), paragraphs=tuple(paragraphs)
        )
    pid, plan_id = settings.choice.platform, settings.choice.plan
    plan = evidence.plan_name(ctx.catalog, pid, plan_id)
    lead = (
        ctx.text("decision.chosen_plan", platform=ctx.name(pid), plan=plan)
        if plan
        else ctx.text("decision.chosen", platform=ctx.name(pid))
    )
    against = pid != ctx.ranking.best
    paragraphs = [_relation(ctx, pid)]
    ranked = ctx.ranking.choice(pid)
    ranked_plan = ranked.option.plan.name if ranked and ranked.option.plan else None
    if ranked_plan and plan and ranked_plan != plan:
        paragraphs.append(ctx.text("decision.other_plan", ranked=ranked_plan, plan=plan))
    elif ranked_plan and not plan:
        paragraphs.append(ctx.text("decision.plan_not_set", ranked=ranked_plan))
    if note:
        paragraphs += [ctx.text("decision.note", text=note[0]), *note[1:]]
    else:
        paragraphs.append(ctx.text("decision.note_none_against" if against else "decision.note_none"))
    return Section(id="decision", heading=heading, lead=lead, paragraphs=tuple(paragraphs))


def _relation(ctx: MemoContext, pid: str) -> str:
    """Whether the choice follows the ranking; when not, where the chosen platform stands."""
    ranking = ctx.ranking
    best = ranking.best
    if pid == best:
        return ctx.text("decision.follows", best=ctx.name(pid))
    excluded = next((e for e in ranking.excluded if e.platform_id == pid), None)
    if excluded is not None:
        return ctx.text(
            "decision.against_excluded", chosen=ctx.name(pid), reason=excluded.reason(ctx.catalog, ctx.lang)
        )
    if pid not in ranking.platform_ids or best is None:
        return ctx.text("decision.against_unranked", chosen=ctx.name(pid))
    i = ranking.platform_ids.index(pid)
    return ctx.text(
        "decision.against",
        best=ctx.name(best),
        chosen=ctx.name(pid),
        rank=ranking.order.index(i) + 1,
        of=len(ranking.platform_ids),
        p_first=f"{ranking.p_first()[i]:.0%}",
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def _decimal(value: float, places: int, lang: str) -> str:
    text = f"{value:.{places}f}"
    return text.replace(".", ",") if lang == "nl" else text
