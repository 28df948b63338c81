"""The ranges the CLI accepts for numbers and dates, checked before any work starts.

Without them a negative seed or bootstrap count ends in a numpy traceback and a huge one runs
for hours or exhausts memory. Each bound is generous for real use; the message says the range.
"""

from __future__ import annotations

import datetime as dt

from advisor.errors import InputError
from advisor.i18n import t

MAX_SEED = 2**32 - 1  # numpy's SeedSequence takes any non-negative int; this is what a user needs
MAX_BOOTSTRAP = 20_000
MIN_SAMPLES, MAX_SAMPLES = 100, 1_000_000
MAX_TOP = 1_000
MAX_RESPONDENTS = 100_000  # demo-survey
MAX_TOKENS = 10_000
MAX_MIN_GROUP = 1_000
START_YEARS = 5  # a plan starts at most this many years before or after today


def check_range(value: int, low: int, high: int, option: str, lang: str) -> int:
    if not low <= value <= high:
        raise InputError(t("inputs.args.range", lang, option=option, value=value, low=low, high=high))
    return value


def check_seed(value: int, lang: str, option: str = "--seed") -> int:
    return check_range(value, 0, MAX_SEED, option, lang)


def check_start(value: dt.date, lang: str, today: dt.date | None = None) -> dt.date:
    """A plan's start date within :data:`START_YEARS` years of today (dates far out are typos)."""
    today = today or dt.date.today()
    low = today.replace(year=today.year - START_YEARS, day=min(today.day, 28))
    high = today.replace(year=today.year + START_YEARS, day=min(today.day, 28))
    if not low <= value <= high:
        raise InputError(t("inputs.args.date_range", lang, option="--start", value=value, low=low, high=high))
    return value
