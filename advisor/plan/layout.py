"""The plan laid out once, as blocks every renderer draws (Markdown, HTML, Word).

Headings, paragraphs of runs, lists and tables, with citations as links to the sources list and
page breaks where Word and print want them. What the reader sees is decided here; the renderers only
translate blocks into their format, so the three formats say the same thing in the same order.

Heading levels: 1 for the plan's parts (summary, choice, guidelines, ... sources), 2 for a group or a
part's section, 3 for one guideline. The table of contents lists levels 1 and 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from advisor.plan import render_util as ru
from advisor.plan.model import Guideline, Item, Plan, SegmentPlan

REF = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    url: str = ""  # an external link
    anchor: str = ""  # a link inside the document (a source's number)


Runs = tuple[Run, ...]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class Para:
    runs: Runs
    style: str = ""  # '' | 'note' | 'meta'


@dataclass(frozen=True)
class Bullets:
    items: tuple[Runs, ...]


@dataclass(frozen=True)
class Table:
    head: tuple[str, ...]
    rows: tuple[tuple[Runs, ...], ...]
    widths: tuple[float, ...]  # share of the text width per column
    anchors: tuple[str, ...] = ()  # per row: a bookmark (the sources list)


@dataclass(frozen=True)
class Contents:
    entries: tuple[tuple[int, str, str], ...]  # level, text, anchor


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    rows: tuple[tuple[str, str], ...]
    note: str


Block = Heading | Para | Bullets | Table | Contents | PageBreak | Cover


@dataclass
class Document:
    lang: str
    title: str
    html_title: str
    blocks: list[Block] = field(default_factory=list)


def source_anchor(ref: int) -> str:
    return f"src-{ref}"


def runs(text: str, bold: bool = False) -> Runs:
    """``text`` with every '[n]' a link to source n."""
    found: list[Run] = []
    position = 0
    for match in REF.finditer(text):
        if match.start() > position:
            found.append(Run(text[position : match.start()], bold=bold))
        found.append(Run(match.group(0), bold=bold, anchor=source_anchor(int(match.group(1)))))
        position = match.end()
    if position < len(text):
        found.append(Run(text[position:], bold=bold))
    return tuple(found)


def cited(text: str, refs: tuple[int, ...] = ()) -> str:
    """``text`` followed by the references it does not carry yet: 'Teams ... [3]'."""
    missing = [r for r in refs if f"[{r}]" not in text]
    return (text + " " + " ".join(f"[{r}]" for r in missing)).strip() if missing else text


def item_text(item: Item) -> str:
    return cited(f"{item.text} {item.detail}".strip(), item.refs)


def _labelled(label: str, text: str) -> Runs:
    return (Run(f"{label}. ", bold=True), *runs(text))


def _table(
    head: list[str], rows: list[list[str]], widths: tuple[float, ...], anchors: tuple[str, ...] = ()
) -> Table:
    return Table(
        tuple(head), tuple(tuple(runs(ru.safe_cell(c)) for c in row) for row in rows), widths, anchors
    )


class _Builder:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.blocks: list[Block] = []
        self.headings: list[tuple[int, str, str]] = []
        self._anchors: set[str] = set()

    def label(self, key: str, **values: str) -> str:
        text = self.plan.label(key)
        return text.format(**values) if values else text

    def heading(self, level: int, text: str, key: str) -> None:
        anchor = key
        while anchor in self._anchors:
            anchor += "-x"
        self._anchors.add(anchor)
        self.blocks.append(Heading(level, text, anchor))
        if level <= 2:
            self.headings.append((level, text, anchor))

    def para(self, text: str, style: str = "") -> None:
        self.blocks.append(Para(runs(text), style))

    def add(self, block: Block) -> None:
        self.blocks.append(block)


# ---------------------------------------------------------------- the parts
def _summary(b: _Builder) -> None:
    plan = b.plan
    b.heading(1, b.label("headings.summary"), "summary")
    b.add(Para(_labelled(b.label("summary.decision_label"), plan.decision)))

    def of(role: str) -> str:
        return " ".join(item_text(i) for i in plan.summary if i.role == role)

    b.add(Para(_labelled(b.label("summary.why"), of("why"))))
    if of("cost"):  # 'Kosten. Microsoft 365 F1, ...' (the item's own 'Begroting:' would repeat it)
        cost = of("cost").removeprefix(f"{b.label('headings.budget')}: ")
        b.add(Para(_labelled(b.label("summary.cost"), cost[:1].upper() + cost[1:])))
    b.para(of("approach"))
    b.add(Para((Run(b.label("summary.changes"), bold=True),)))
    rows = [[c.group, c.wave, c.willing, c.change] for c in plan.changes]
    b.add(_table(ru.headers(plan, "segment", "wave", "willing", "change"), rows, (0.24, 0.13, 0.13, 0.50)))
    b.add(Para((Run(b.label("summary.phases"), bold=True),)))
    rows = [[p.name, plan.date(p.start), plan.date(p.end) or "–"] for p in plan.phases]
    b.add(_table(ru.headers(plan, "phase", "from", "until"), rows, (0.4, 0.3, 0.3)))
    b.add(Para((Run(b.label("summary.risks"), bold=True),)))
    b.add(Bullets(tuple(runs(cited(r.risk, r.refs)) for r in plan.top_risks)))
    b.add(Para((Run(b.label("summary.kpis"), bold=True),)))
    b.add(Bullets(tuple(runs(f"{k.name}: {ru.lower_first(k.target)}") for k in plan.kpis)))


def _choice(b: _Builder) -> None:
    plan = b.plan
    b.heading(1, b.label("headings.choice"), "choice")
    for item in plan.choice:
        b.para(item_text(item))
    rows = [[r.criterion, r.score, r.strong, r.weak] for r in plan.profile]
    b.add(_table(ru.headers(plan, "criterion", "score", "strong", "weak"), rows, (0.18, 0.10, 0.41, 0.31)))
    if plan.tradeoffs:
        b.heading(3, b.label("headings.tradeoffs"), "tradeoffs")
        rows = [[r.criterion, r.score, r.groups, r.measure] for r in plan.tradeoffs]
        head = ru.headers(plan, "criterion", "score", "weighed_by", "plan_does")
        b.add(_table(head, rows, (0.2, 0.1, 0.3, 0.4)))
    if plan.overrides:
        b.heading(2, b.label("headings.overrides"), "overrides")
        b.para(b.label("overrides.intro"))
        widths = (0.14, 0.14, 0.10, 0.10, 0.17, 0.35)
        b.add(_table(ru.headers(plan, *ru.OVERRIDE_COLUMNS), ru.override_rows(plan), widths))


def _guideline(b: _Builder, g: Guideline) -> None:
    b.heading(3, g.title, f"guideline-{g.id}")
    b.para(g.text)
    b.add(Para(_labelled(b.label("guideline.why"), ru.why_line(b.plan, g)), "meta"))
    if g.capability is not None:
        b.add(Para(_labelled(b.label("guideline.platform"), item_text(g.capability)), "meta"))
    if g.cannot is not None:
        b.add(Para(_labelled(b.label("guideline.platform"), item_text(g.cannot)), "meta"))


def _guidelines(b: _Builder) -> None:
    plan = b.plan
    b.heading(1, b.label("headings.guidelines"), "guidelines")
    for g in plan.guidelines:
        _guideline(b, g)
    b.heading(3, b.label("headings.triggers"), "triggers")
    rows = [[g.title, ru.trigger_groups(plan, g)] for g in plan.guidelines]
    b.add(_table(ru.headers(plan, "guideline", "triggered"), rows, (0.35, 0.65)))


def _worries(b: _Builder) -> None:
    plan = b.plan
    b.heading(1, b.label("headings.concerns"), "concerns")
    rows = [[r.label, r.text] for r in plan.concerns]
    b.add(_table(ru.headers(plan, "worry", "answer"), rows, (0.3, 0.7)))
    b.heading(3, b.label("headings.convincers"), "convincers")
    rows = [[r.label, r.text] for r in plan.convincers]
    b.add(_table(ru.headers(plan, "reason", "gain"), rows, (0.3, 0.7)))


def _channels(b: _Builder) -> None:
    plan = b.plan
    b.heading(1, b.label("headings.channels"), "channels")
    b.add(_table(ru.headers(plan, "channel", "move"), ru.move_rows(plan), (0.25, 0.75)))
    b.heading(3, b.label("headings.structure"), "structure")
    b.para(b.label("structure.intro"))
    rows = [[c.name, c.purpose, c.members, c.posting] for c in plan.structure]
    b.add(_table(ru.headers(plan, "name", "purpose", "members", "posting"), rows, (0.3, 0.34, 0.18, 0.18)))


def _integrations(b: _Builder) -> None:
    plan = b.plan
    part = plan.integrations
    if part is None:
        return
    b.heading(1, b.label("headings.integrations"), "integrations")
    b.para(part.intro)
    if part.rows:
        head = [
            b.label("table.system"),
            b.label("table.offers").replace("{platform}", plan.platform_name),
            b.label("table.named_by"),
        ]
        rows = [[r.label, item_text(r.capability), r.groups] for r in part.rows]
        b.add(_table(head, rows, (0.2, 0.45, 0.35)))


def _segment(b: _Builder, s: SegmentPlan) -> None:
    plan = b.plan
    b.heading(2, s.label, f"segment-{ru.anchor_of(s.key)}")
    b.add(Para(runs(f"{s.intro} · {b.label('segment.start')}: {ru.wave_label(plan, s.wave)}"), "meta"))
    b.para(" ".join(item_text(i) for i in s.why))
    if s.tradeoff is not None:
        b.para(item_text(s.tradeoff))
    lines = [
        (b.label("segment.convincers"), ru.listed(plan, s.convincers)),
        (b.label("segment.concerns"), ru.listed(plan, s.concerns)),
        (b.label("segment.channels"), ru.channels_now(plan, s)),
    ]
    b.add(Bullets(tuple(_labelled(label, text) for label, text in lines)))
    if s.integrations:
        b.add(Para((Run(f"{b.label('segment.integrations')}:", bold=True),)))
        b.add(Bullets(tuple(runs(item_text(i)) for i in s.integrations)))
    b.para(f"{item_text(s.adopters)} {item_text(s.champions)}")


def _segments(b: _Builder) -> None:
    plan = b.plan
    b.heading(1, b.label("headings.segments"), "segments")
    for segment in plan.segments:
        _segment(b, segment)
    if plan.other_staff:
        b.heading(2, b.label("headings.other_staff"), "other-staff")
        b.para(plan.other_staff.intro)


def _organisation(b: _Builder) -> None:
    plan = b.plan
    b.heading(1, b.label("headings.organisation"), "organisation")
    for note in plan.notes:
        b.para(note, "note")
    b.heading(2, b.label("headings.phases"), "phases")
    b.add(
        _table(
            ru.headers(plan, "phase", "from", "until", "groups"), ru.phase_rows(plan), (0.2, 0.16, 0.16, 0.48)
        )
    )
    if plan.calendar_notes:
        b.add(Bullets(tuple(runs(item_text(n)) for n in plan.calendar_notes)))
    b.heading(2, b.label("headings.governance"), "governance")
    b.add(_table(ru.headers(plan, "topic", "agreement"), ru.governance_rows(plan), (0.22, 0.78)))
    if plan.budget:
        b.heading(2, b.label("headings.budget"), "budget")
        head = ru.headers(plan, *ru.BUDGET_COLUMNS)
        b.add(_table(head, ru.budget_rows(plan), (0.13, 0.13, 0.15, 0.15, 0.13, 0.08, 0.23)))
    b.heading(2, b.label("headings.roles"), "roles")
    b.add(_table(ru.headers(plan, "role", "tasks"), [[r.role, r.tasks] for r in plan.roles], (0.3, 0.7)))
    b.heading(2, b.label("headings.kpis"), "kpis")
    b.add(
        _table(
            ru.headers(plan, "kpi", "target", "measure", "when"), ru.kpi_rows(plan), (0.22, 0.24, 0.34, 0.2)
        )
    )
    b.heading(2, b.label("headings.risks"), "risks")
    b.add(_table(ru.headers(plan, "risk", "mitigation", "owner"), ru.risk_rows(plan), (0.45, 0.38, 0.17)))
    b.heading(2, b.label("headings.sunset"), "sunset")
    if plan.sunset:
        b.add(_table(ru.headers(plan, "tool", "plan", "when"), ru.sunset_rows(plan), (0.18, 0.6, 0.22)))
    else:
        b.para(plan.sunset_none)


def _sources(b: _Builder) -> None:
    plan = b.plan
    b.heading(1, b.label("headings.sources"), "sources")
    legend = b.label("evidence.legend")
    if plan.sources and ru.read_on_one_day(plan):
        legend += " " + b.label("evidence.read_all").format(date=plan.date(plan.sources[0].checked))
    b.para(legend, "note")
    head = ru.headers(plan, *ru.SOURCE_COLUMNS)
    rows = []
    groups = ru.source_groups(plan)
    for facts, row in zip(groups, ru.source_rows(plan), strict=True):
        # the page's title, publisher and date, as a link to the page
        rows.append((runs(row[0]), runs(row[1]), (Run(row[2], url=facts[0].source),), runs(row[3])))
    anchors = tuple(source_anchor(facts[0].ref) for facts in groups)
    b.add(Table(tuple(head), tuple(rows), (0.07, 0.27, 0.46, 0.2), anchors))


def layout(plan: Plan) -> Document:
    """The plan as blocks: cover, summary (one page), contents, the full plan, sources."""
    plan = ru.clean_plan(plan)
    b = _Builder(plan)
    b.add(Cover(plan.title, plan.subtitle, tuple((r.label, r.value) for r in plan.cover), plan.generated))
    b.add(PageBreak())
    _summary(b)
    b.add(PageBreak())
    contents_at = len(b.blocks)
    _choice(b)
    _guidelines(b)
    _worries(b)
    _channels(b)
    _integrations(b)
    _segments(b)
    _organisation(b)
    _sources(b)
    contents = [
        Heading(1, b.label("headings.contents"), "contents"),
        Contents(tuple(b.headings)),
        PageBreak(),
    ]
    b.blocks[contents_at:contents_at] = contents
    title = f"{plan.title} · {plan.organisation.strip()}" if plan.organisation.strip() else plan.title
    return Document(lang=ru.LANGUAGE_TAGS[plan.lang], title=plan.title, html_title=title, blocks=b.blocks)
