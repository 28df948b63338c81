"""The demo survey: a fictional Dutch media company, "Delta Media Groep", answering the staff survey.

The generator builds the canonical answer frame first (see ``advisor.survey.questionnaire``) and
the export writers (``advisor.survey.writers``) turn it into the files real survey tools produce.
Everything is drawn from one ``numpy.random.Generator`` seeded by the caller, in a fixed order, so
the same seed and size give the same survey byte for byte.

The structure mirrors what communication advisers find in such companies:

* editorial lives in WhatsApp groups and Skype, cares about source protection (privacy) and about
  keeping work and private life apart; the night shift gets messages after hours;
* advertising sales lives in e-mail and Salesforce Chatter ("other") and wants integrations;
* IT runs its own Slack and wants control and integrations;
* printing and distribution in Zwolle works in shifts without work e-mail or a desk: WhatsApp and
  the phone, and usability first;
* management uses e-mail and Teams and wants control; marketing is mixed, with some Viva Engage;
* legal has 3 respondents: below the anonymity threshold on purpose.

WhatsApp-heavy respondents more often report former colleagues still in work groups and messages
sent to the wrong group. A few per cent skip each question, some rate every criterion the same,
and some give up halfway (``complete`` False: the export tools mark or omit them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from advisor.survey.questionnaire import DEMO_ORGANISATION, Questionnaire, default_questionnaire

DEFAULT_RESPONDENTS = 400
DEFAULT_SEED = 2026
SURVEY_START = pd.Timestamp("2026-03-02 08:00:00")
SURVEY_DAYS = 18

#: Pages of the questionnaire, in order: an incomplete response stops after one of them.
PAGES = ("segments", "use", "importance", "experience", "attitude")

# Response rates per department: deskless shift staff answer least.
RESPONSE_RATE = {
    "editorial": 0.68, "sales": 0.70, "it": 0.80, "marketing": 0.75,
    "printing": 0.50, "management": 0.80,
}  # fmt: skip
LEGAL_RESPONDENTS = 3  # fixed: the small segment below the anonymity threshold

# Channel use per department: (typical level, share never using it). Levels: 1 monthly,
# 2 weekly, 3 daily, 4 hourly; a user's level scatters around the typical one.
CHANNEL_USE: dict[str, dict[str, tuple[float, float]]] = {
    "editorial": {"email": (3.0, 0.02), "whatsapp": (3.3, 0.08), "teams": (1.5, 0.55), "slack": (1.0, 0.95),
                  "viva_engage": (1.0, 0.85), "skype": (2.9, 0.15), "signal": (2.0, 0.6),
                  "sms_phone": (2.6, 0.1), "intranet": (1.5, 0.3), "other": (1.5, 0.85)},
    "sales": {"email": (3.6, 0.0), "whatsapp": (2.2, 0.45), "teams": (2.0, 0.4), "slack": (1.0, 0.97),
              "viva_engage": (1.0, 0.8), "skype": (1.5, 0.8), "signal": (1.0, 0.95),
              "sms_phone": (2.6, 0.1), "intranet": (1.5, 0.3), "other": (3.0, 0.12)},
    "it": {"email": (3.0, 0.0), "whatsapp": (1.6, 0.6), "teams": (2.2, 0.3), "slack": (3.6, 0.04),
           "viva_engage": (2.0, 0.5), "skype": (1.0, 0.9), "signal": (2.0, 0.6),
           "sms_phone": (1.2, 0.7), "intranet": (1.8, 0.3), "other": (2.5, 0.4)},
    "marketing": {"email": (3.2, 0.0), "whatsapp": (2.4, 0.35), "teams": (2.4, 0.3), "slack": (2.0, 0.7),
                  "viva_engage": (2.2, 0.45), "skype": (1.5, 0.75), "signal": (1.0, 0.9),
                  "sms_phone": (2.0, 0.3), "intranet": (1.8, 0.25), "other": (2.0, 0.6)},
    "printing": {"email": (1.2, 0.85), "whatsapp": (3.2, 0.1), "teams": (1.0, 0.95), "slack": (1.0, 0.99),
                 "viva_engage": (1.0, 0.97), "skype": (1.0, 0.97), "signal": (1.0, 0.95),
                 "sms_phone": (3.1, 0.04), "intranet": (1.0, 0.7), "other": (1.5, 0.85)},
    "management": {"email": (3.8, 0.0), "whatsapp": (2.4, 0.3), "teams": (3.0, 0.05), "slack": (1.0, 0.95),
                   "viva_engage": (2.0, 0.5), "skype": (1.0, 0.9), "signal": (1.5, 0.8),
                   "sms_phone": (2.8, 0.05), "intranet": (2.0, 0.2), "other": (1.5, 0.8)},
    "legal": {"email": (3.7, 0.0), "whatsapp": (1.2, 0.8), "teams": (2.6, 0.1), "slack": (1.0, 0.99),
              "viva_engage": (1.0, 0.9), "skype": (1.0, 0.95), "signal": (2.0, 0.5),
              "sms_phone": (2.0, 0.3), "intranet": (2.0, 0.2), "other": (1.0, 0.9)},
}  # fmt: skip
UNKNOWN_CHANNEL = (1.0, 0.9)

# Mean importance (1-5) per criterion and department; criteria an organisation adds get 3.
IMPORTANCE = {
    "editorial": {"control": 2.8, "privacy": 4.5, "usability": 3.6, "integrations": 2.6, "separation": 4.1},
    "sales": {"control": 2.7, "privacy": 2.9, "usability": 3.8, "integrations": 4.5, "separation": 3.0},
    "it": {"control": 4.4, "privacy": 3.6, "usability": 3.0, "integrations": 4.4, "separation": 2.6},
    "marketing": {"control": 3.0, "privacy": 3.1, "usability": 4.0, "integrations": 3.7, "separation": 3.1},
    "printing": {"control": 2.6, "privacy": 3.0, "usability": 4.7, "integrations": 2.0, "separation": 3.6},
    "management": {"control": 4.6, "privacy": 3.9, "usability": 3.4, "integrations": 3.2, "separation": 3.0},
    "legal": {"control": 4.3, "privacy": 4.8, "usability": 3.0, "integrations": 2.5, "separation": 3.5},
}  # fmt: skip

# Categorical answers: probabilities in the order of the questionnaire's options.
CATEGORICAL: dict[str, dict[str, tuple[float, ...]]] = {
    "location": {  # rotterdam, amsterdam, zwolle, remote
        "editorial": (.5, .3, .05, .15), "sales": (.45, .25, .05, .25), "it": (.6, .2, .05, .15),
        "marketing": (.4, .45, 0, .15), "printing": (.02, 0, .96, .02), "management": (.6, .3, .05, .05),
        "legal": (.7, .3, 0, 0),
    },
    "role": {  # staff, team_lead, manager, freelance
        "editorial": (.68, .1, .05, .17), "sales": (.8, .1, .07, .03), "it": (.7, .12, .06, .12),
        "marketing": (.75, .1, .08, .07), "printing": (.8, .12, .03, .05), "management": (.3, .1, .6, 0),
        "legal": (.67, 0, .33, 0),
    },
    "age_band": {  # <25, 25-34, 35-44, 45-54, 55+
        "editorial": (.06, .25, .27, .24, .18), "sales": (.08, .3, .3, .2, .12), "it": (.1, .4, .3, .15, .05),
        "marketing": (.12, .4, .28, .12, .08), "printing": (.04, .14, .22, .3, .3),
        "management": (0, .1, .3, .35, .25), "legal": (0, .3, .4, .3, 0),
    },
    "works_with_externals": {  # yes, no
        "editorial": (.7, .3), "sales": (.85, .15), "it": (.4, .6), "marketing": (.6, .4),
        "printing": (.15, .85), "management": (.5, .5), "legal": (.6, .4),
    },
    "overload": {  # lt1, 1to2, 2to4, gt4
        "editorial": (.1, .3, .4, .2), "sales": (.05, .25, .45, .25), "it": (.1, .35, .4, .15),
        "marketing": (.1, .35, .4, .15), "printing": (.6, .3, .08, .02), "management": (.02, .13, .4, .45),
        "legal": (.1, .4, .4, .1),
    },
    "after_hours": {  # never, monthly, weekly, daily
        "editorial": (.05, .15, .35, .45), "sales": (.15, .3, .35, .2), "it": (.15, .35, .35, .15),
        "marketing": (.2, .35, .3, .15), "printing": (.3, .3, .25, .15), "management": (.05, .1, .35, .5),
        "legal": (.3, .4, .2, .1),
    },
}  # fmt: skip

# Multi-select: chance of ticking each option, in the order of the questionnaire's options.
MULTI = {
    # alignment, faster_answers, reach_everyone, reuse_knowledge, showcase_expertise, stay_informed
    "convincers": {
        "editorial": (.45, .5, .2, .2, .1, .35), "sales": (.3, .55, .25, .35, .15, .3),
        "it": (.35, .4, .2, .55, .25, .25), "marketing": (.5, .3, .35, .3, .35, .4),
        "printing": (.25, .2, .25, .05, .03, .6), "management": (.4, .3, .55, .3, .1, .35),
        "legal": (.4, .3, .2, .4, .05, .3),
    },
    # trivial_content, extra_work, information_overload, privacy, less_relevant, another_app
    "concerns": {
        "editorial": (.3, .4, .45, .45, .1, .5), "sales": (.35, .45, .3, .15, .15, .45),
        "it": (.25, .2, .3, .3, .05, .35), "marketing": (.3, .3, .35, .2, .1, .3),
        "printing": (.2, .55, .3, .35, .05, .45), "management": (.4, .2, .45, .2, .05, .25),
        "legal": (.2, .3, .3, .6, .1, .3),
    },
}  # fmt: skip

WILLINGNESS_MEAN = {"editorial": 2.8, "sales": 3.3, "it": 3.6, "marketing": 3.9, "printing": 2.6,
                    "management": 4.1, "legal": 3.2}  # fmt: skip

# Preferred platform: ids the catalogue is expected to hold; an id it lacks becomes "other".
PREFERRED_IDS = ("teams", "slack", "viva_engage", "mattermost", "whatsapp", "salesforce_chatter", "signal",
                 "none", "other")  # fmt: skip
PREFERRED = {
    "editorial": (.15, .12, .03, .06, .2, 0, .12, .22, .1),
    "sales": (.28, .08, .04, .02, .12, .18, 0, .2, .08),
    "it": (.12, .42, .02, .15, .03, 0, .06, .12, .08),
    "marketing": (.32, .18, .15, .02, .1, .03, 0, .15, .05),
    "printing": (.08, .02, .02, .01, .45, 0, .02, .32, .08),
    "management": (.5, .05, .1, .02, .08, .03, 0, .17, .05),
    "legal": (.45, .05, .05, .05, 0, 0, .15, .2, .05),
}  # fmt: skip

COMMENTS = {
    "editorial": (
        "Bronnen moeten altijd versleuteld blijven, anders stappen wij niet over.",
        "De appgroep van de nachtdienst is ons belangrijkste kanaal; neem die niet zomaar af.",
        "Skype werkt prima voor de eindredactie, waarom zouden we wisselen?",
        "Ik wil 's avonds geen berichten die tot morgen kunnen wachten.",
    ),
    "sales": (
        "Als het niet koppelt met ons CRM, gebruikt niemand het.",
        "Klanten mailen ons, dus e-mail blijft hoe dan ook nodig.",
        "Chatter open ik alleen omdat het in Salesforce zit.",
    ),
    "it": (
        "Graag een fatsoenlijke API en groepen die uit de directory komen.",
        "Slack werkt voor ons, maar de rest van het bedrijf zit er niet op.",
        "Laat ons alsjeblieft niet nog een tool beheren naast de vijf die we al hebben.",
    ),
    "marketing": (
        "Ik weet nooit of iets in Teams, in de mail of in de app staat.",
        "Fijn als we eindelijk zien waar de redactie mee bezig is.",
    ),
    "printing": (
        "Wij hebben geen werkmail en geen pc; alles gaat via de telefoon.",
        "Het rooster staat in de WhatsApp-groep, dat is het enige wat echt werkt.",
        "Moet het dan op mijn eigen telefoon? Dat wil ik niet.",
    ),
    "management": (
        "We moeten iedereen kunnen bereiken, ook de collega's in Zwolle.",
        "Eén plek voor mededelingen zou al veel schelen.",
    ),
    "legal": ("Let op bewaartermijnen en op wie er bij vertrouwelijke stukken kan.",),
    "any": (
        'Alsjeblieft niet "nog een app"; liever minder kanalen dan meer.',
        "Er zitten nog oud-collega's in onze groepen, dat is niet goed geregeld.",
    ),
}

SKIP_RATE = 0.025  # chance of skipping any one question
DEPARTMENT_SKIP_RATE = 0.01
EQUAL_RATERS = 0.06  # share rating every criterion the same
IMPORTANCE_BLOCK_SKIP = 0.01  # share skipping the whole importance page
COMMENT_RATE = 0.09
INCOMPLETE_RATE = 0.05  # extra responses that stop halfway


@dataclass(frozen=True)
class DemoSurvey:
    """Generated responses, complete and incomplete, with what an export tool would record.

    ``answers``: the canonical answer frame of every response, including incomplete ones (their
    questions after ``last_page`` are <NA>). ``meta`` (same index): ``started``/``submitted``
    (Timestamps), ``complete`` (bool), ``last_page`` (1-5), ``ip``/``email``/``first_name``/
    ``last_name``/``latitude``/``longitude`` (fake identity values an importer must drop).
    """

    answers: pd.DataFrame
    meta: pd.DataFrame
    questionnaire: Questionnaire
    seed: int

    @property
    def complete(self) -> pd.DataFrame:
        """The canonical frame of the complete responses: what every importer must produce."""
        return self.answers[self.meta["complete"].to_numpy()]


def demo_questionnaire() -> Questionnaire:
    return default_questionnaire(DEMO_ORGANISATION)


def department_sizes(respondents: int) -> dict[str, int]:
    """Complete respondents per department: headcount x response rate, scaled to ``respondents``.

    Legal always has 3 (below the anonymity threshold). Largest-remainder rounding keeps the sizes
    a deterministic function of ``respondents``, independent of the seed.
    """
    legal = min(LEGAL_RESPONDENTS, respondents)
    headcounts = demo_questionnaire().headcounts("department")
    expected = np.array([headcounts[d] * RESPONSE_RATE[d] for d in RESPONSE_RATE])
    share = expected / expected.sum() * (respondents - legal)
    sizes = np.floor(share).astype(int)
    order = np.argsort(-(share - sizes), kind="stable")
    sizes[order[: respondents - legal - sizes.sum()]] += 1
    return {**dict(zip(RESPONSE_RATE, sizes.tolist(), strict=True)), "legal": legal}


def generate_demo(
    respondents: int = DEFAULT_RESPONDENTS,
    seed: int = DEFAULT_SEED,
    questionnaire: Questionnaire | None = None,
) -> DemoSurvey:
    """The demo survey with ``respondents`` complete responses (plus about 5% incomplete ones)."""
    if respondents < 1:
        raise ValueError("respondents must be at least 1")
    q = questionnaire or demo_questionnaire()
    rng = np.random.default_rng(seed)
    sizes = department_sizes(respondents)
    n_incomplete = round(respondents * INCOMPLETE_RATE)
    departments = np.repeat(list(sizes), list(sizes.values()))
    departments = np.concatenate([departments, rng.choice(departments, n_incomplete)])
    complete = np.r_[np.ones(respondents, bool), np.zeros(n_incomplete, bool)]
    order = rng.permutation(len(departments))  # interleave in time
    departments, complete = departments[order], complete[order]
    n = len(departments)
    last_page = np.where(complete, len(PAGES), rng.integers(1, len(PAGES), n))

    columns: dict[str, np.ndarray] = {}
    columns.update(_segments(rng, q, departments))
    use = _channel_use(rng, q, departments)
    columns.update({f"use.{c}": _level_values(q, f"use.{c}", lv) for c, lv in use.items()})
    columns.update(_importance(rng, q, departments))
    whatsapp = use.get("whatsapp", np.zeros(n, int))
    columns.update(_experience(rng, q, departments, whatsapp))
    columns.update(_attitude(rng, q, departments))
    _skip_answers(rng, q, columns, n)
    ids = pd.Index([str(i) for i in range(1, n + 1)], name="response_id")
    answers = _canonical(q, columns, ids)
    _cut_incomplete(q, answers, last_page)
    return DemoSurvey(answers, _meta(rng, ids, complete, last_page), q, seed)


def _pick(
    rng: np.random.Generator, departments: np.ndarray, table: dict[str, tuple[float, ...]], values: tuple
) -> np.ndarray:
    """One categorical draw per respondent from the department's probabilities (vectorised)."""
    out = np.empty(len(departments), dtype=object)
    u = rng.random(len(departments))
    for dept, probs in table.items():
        mask = departments == dept
        cdf = np.cumsum(probs) / np.sum(probs)
        out[mask] = np.asarray(values, dtype=object)[
            np.minimum(np.searchsorted(cdf, u[mask], side="right"), len(values) - 1)
        ]
    return out


def _segments(rng: np.random.Generator, q: Questionnaire, departments: np.ndarray) -> dict[str, np.ndarray]:
    cols = {"department": departments.astype(object)}
    for qid in ("location", "role", "age_band", "works_with_externals"):
        cols[qid] = _pick(rng, departments, CATEGORICAL[qid], q[qid].values)
    return cols


def _channel_use(
    rng: np.random.Generator, q: Questionnaire, departments: np.ndarray
) -> dict[str, np.ndarray]:
    """Frequency level 0 (never) to 4 (hourly) per channel and respondent."""
    n = len(departments)
    levels = {}
    for channel in q.channel_ids:
        params = np.array([CHANNEL_USE.get(d, {}).get(channel, UNKNOWN_CHANNEL) for d in departments])
        used = rng.random(n) >= params[:, 1]
        level = np.clip(np.rint(params[:, 0] + rng.normal(0, 0.7, n)), 1, 4).astype(int)
        levels[channel] = np.where(used, level, 0)
    return levels


def _level_values(q: Questionnaire, qid: str, level: np.ndarray) -> np.ndarray:
    return np.asarray(q[qid].values, dtype=object)[level]


def _importance(rng: np.random.Generator, q: Questionnaire, departments: np.ndarray) -> dict[str, np.ndarray]:
    n, criteria = len(departments), q.criterion_ids
    means = np.array([[IMPORTANCE.get(d, {}).get(c, 3.0) for c in criteria] for d in departments])
    scale_use = rng.normal(0, 0.5, (n, 1))  # some rate everything higher, some lower
    ratings = np.clip(np.rint(means + scale_use + rng.normal(0, 0.8, means.shape)), 1, 5).astype(int)
    equal = rng.random(n) < EQUAL_RATERS
    ratings[equal] = rng.integers(3, 6, equal.sum())[:, None]
    return {f"importance.{c}": ratings[:, i].astype(object) for i, c in enumerate(criteria)}


def _experience(
    rng: np.random.Generator, q: Questionnaire, departments: np.ndarray, whatsapp: np.ndarray
) -> dict[str, np.ndarray]:
    n = len(departments)
    cols = {
        qid: _pick(rng, departments, CATEGORICAL[qid], q[qid].values) for qid in ("overload", "after_hours")
    }
    # The more someone uses WhatsApp for work, the likelier stale members and misdirected messages.
    u = rng.random(n)
    p_yes = 0.06 + 0.12 * whatsapp
    cols["ex_colleagues_in_groups"] = np.where(u < p_yes, "yes", np.where(u < p_yes + 0.15, "unknown", "no"))
    cols["wrong_recipient"] = np.where(rng.random(n) < 0.03 + 0.06 * whatsapp, "yes", "no")
    return {k: v.astype(object) for k, v in cols.items()}


def _attitude(rng: np.random.Generator, q: Questionnaire, departments: np.ndarray) -> dict[str, np.ndarray]:
    n = len(departments)
    mean = np.array([WILLINGNESS_MEAN.get(d, 3.0) for d in departments])
    cols: dict[str, np.ndarray] = {
        "willingness": np.clip(np.rint(mean + rng.normal(0, 1.0, n)), 1, 5).astype(int).astype(object)
    }
    for qid, table in MULTI.items():
        options = q[qid].values
        probs = np.array([table.get(d, (0.3,) * len(options)) for d in departments])
        ticked = rng.random(probs.shape) < probs
        empty = ~ticked.any(axis=1)  # whoever answers ticks at least one: their likeliest option
        ticked[empty, probs[empty].argmax(axis=1)] = True
        for i, option in enumerate(options):
            cols[f"{qid}.{option}"] = ticked[:, i].astype(object)
    known = set(q["preferred_platform"].values)
    preferred = _pick(rng, departments, PREFERRED, PREFERRED_IDS)
    cols["preferred_platform"] = np.array([p if p in known else "other" for p in preferred], dtype=object)
    comments = np.full(n, None, dtype=object)
    writes = np.flatnonzero(rng.random(n) < COMMENT_RATE)
    used: set[str] = set()  # each comment once: real comments are not copies of each other
    for i, u in zip(writes, rng.random(len(writes)), strict=True):
        pool = [c for c in COMMENTS.get(departments[i], ()) + COMMENTS["any"] if c not in used]
        if pool:
            comments[i] = pool[int(u * len(pool))]
            used.add(comments[i])
    cols["comment"] = comments
    return cols


def _skip_answers(rng: np.random.Generator, q: Questionnaire, cols: dict[str, np.ndarray], n: int) -> None:
    """Blank out skipped questions: a multi question is skipped as a whole."""
    importance = q.importance_ids
    block = rng.random(n) < IMPORTANCE_BLOCK_SKIP
    for question in q.questions:
        if question.kind == "text":
            continue
        rate = DEPARTMENT_SKIP_RATE if question.id == "department" else SKIP_RATE
        skipped = rng.random(n) < rate
        if question.id in importance:
            skipped |= block
        for col in question.columns:
            if col in cols:
                cols[col] = np.where(skipped, None, cols[col])


def _canonical(q: Questionnaire, cols: dict[str, np.ndarray], index: pd.Index) -> pd.DataFrame:
    data = {}
    for question in q.questions:
        for col in question.columns:
            raw = cols.get(col, np.full(len(index), None, dtype=object))
            dtype = {"multi": "boolean", "likert": "Int64"}.get(question.kind, "string")
            data[col] = pd.array(raw, dtype=dtype)
    return pd.DataFrame(data, index=index)


def _cut_incomplete(q: Questionnaire, answers: pd.DataFrame, last_page: np.ndarray) -> None:
    """Questions on pages after the last page seen stay unanswered."""
    for question in q.questions:
        page = _page_of(question.id, question.group, question.segment)
        rows = last_page < page
        if rows.any():
            answers.loc[rows, list(question.columns)] = pd.NA


def _page_of(qid: str, group: str, segment: bool) -> int:
    """1-based page number of a question (matches ``PAGES``)."""
    if segment:
        return 1
    if group == "use":
        return 2
    if group == "importance":
        return 3
    if qid in ("overload", "after_hours", "ex_colleagues_in_groups", "wrong_recipient"):
        return 4
    return 5


def page_of(question_id: str, q: Questionnaire) -> int:
    question = q[question_id]
    return _page_of(question.id, question.group, question.segment)


FIRST_NAMES = (
    "Sanne", "Daan", "Fleur", "Bram", "Noor", "Thijs", "Lotte", "Jeroen", "Eva", "Mohamed",
    "Fatima", "Kees", "Anouk", "Ruben", "Ilse", "Yusuf", "Marieke", "Joost", "Esra", "Pieter",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos",
    "Vos", "Peters", "Hendriks", "Dekker", "Yilmaz", "El Amrani", "van Dijk", "Kok", "Brouwer",
)  # fmt: skip


def _meta(
    rng: np.random.Generator, ids: pd.Index, complete: np.ndarray, last_page: np.ndarray
) -> pd.DataFrame:
    """Timestamps and fake identity data an export tool records (documentation ranges only)."""
    n = len(ids)
    day = rng.integers(0, SURVEY_DAYS, n)
    seconds = np.sort(day * 86400 + rng.integers(0, 9 * 3600, n))  # working hours, in id order
    started = SURVEY_START + pd.to_timedelta(seconds, unit="s")
    duration = rng.integers(240, 1100, n) * np.where(complete, 1.0, last_page / len(PAGES))
    submitted = started + pd.to_timedelta(np.rint(duration).astype(int), unit="s")
    first = np.asarray(FIRST_NAMES)[rng.integers(0, len(FIRST_NAMES), n)]
    last = np.asarray(LAST_NAMES)[rng.integers(0, len(LAST_NAMES), n)]
    emails = [
        f"{f.lower()}.{la.lower().replace(' ', '')}{i}@example.org"
        for i, (f, la) in enumerate(zip(first, last, strict=True), start=1)
    ]
    return pd.DataFrame(
        {
            "started": started,
            "submitted": submitted,
            "complete": complete,
            "last_page": last_page,
            "ip": [f"192.0.2.{x}" for x in rng.integers(1, 255, n)],
            "email": emails,
            "first_name": first,
            "last_name": last,
            "latitude": np.round(51.92 + rng.normal(0, 0.2, n), 4),
            "longitude": np.round(4.48 + rng.normal(0, 0.3, n), 4),
        },
        index=ids,
    )
