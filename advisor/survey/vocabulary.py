"""The words of other people's surveys: keywords per question and answer words per value.

Loaded from ``surveys/matching.yaml`` (validated; errors name file, line and field). This module
answers two small questions, each with a reason a user can read:

* how strongly does a header speak of a question (:meth:`Vocabulary.keyword_score`), and
* which canonical value does an answer label stand for (:func:`label_values`), for every label of a
  column at once, because an ordered scale is read as a whole: labels are put in order of strength
  and numbered, so the same words land right in a scale of "not important … very important" and in
  one of "not at all important … extremely important".

Nothing here fills in an answer: a label it cannot place is returned as unmatched.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from advisor.survey.questionnaire import SURVEYS_DIR, Question, Questionnaire
from advisor.validation import located_messages
from advisor.yamlio import load_located

VOCABULARY_FILE = SURVEYS_DIR / "matching.yaml"
FUZZY_LABEL = 0.86  # difflib ratio above which an answer label is taken as an option label
_DIGIT_LABEL = re.compile(r"^\s*(\d{1,2})(?:\s*[-=:.)(]|\s+[^\d\s]|\s*$)")
_NUMBER = re.compile(r"\d+")
_LESS = re.compile(r"(minder dan|less than|fewer than|jonger dan|younger than|onder|under|<|tot en met)")
_MORE = re.compile(
    r"(meer dan|more than|over|ouder dan|older than|>|\+|of ouder|en ouder|or older|or more|of meer)"
)
_HOURS = frozenset({"uur", "hour", "hours", "uren"})
_CODE_LABEL = re.compile(r"[A-Za-z]{1,3}\d{1,3}")  # answer or sub-question codes: A1, SQ001
_ONE = {"een": "1", "één": "1", "an": "1", "one": "1", "a": "1"}


class VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: int = 1
    stopwords: dict[str, list[str]] = {}
    questions: dict[str, list[str]] = {}
    families: dict[str, list[str]] = {}
    channels: dict[str, list[str]] = {}
    criteria: dict[str, list[str]] = {}
    scales: dict[str, dict[str, float]] = {}
    modifiers: dict[str, list[str]] = {}
    options: dict[str, list[str]] = {}


def words(text: object) -> list[str]:
    """Compare form of a text as words: compatibility forms folded, lower case, punctuation gone.

    Hyphens and slashes separate words ("e-mail" is "e mail"); apostrophes vanish ("don't" is
    "dont"). Keywords and headers go through the same function, so both sides agree.
    """
    return list(_words(str(text)))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    # the same headers and labels are compared with every question and scale: fold them once
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = re.sub(r"['’`]", "", folded)
    return tuple(re.findall(r"[^\W_]+|[<>+]", folded.replace("-", " ").replace("/", " ")))


@dataclass(frozen=True)
class Keyword:
    """A phrase to find among a header's words; ``prefix`` words match any word they start.

    ``core`` is the phrase without its small words, matched against the header without its small
    words, so "buiten werktijd" is found in "buiten je werktijd".
    """

    text: str
    parts: tuple[tuple[str, bool], ...]
    core: tuple[tuple[str, bool], ...] = ()

    @classmethod
    def parse(cls, phrase: str, stopwords: frozenset[str] = frozenset()) -> Keyword:
        prefix = phrase.rstrip().endswith("*")
        tokens = words(phrase.rstrip("* "))
        parts = tuple((tok, prefix and i == len(tokens) - 1) for i, tok in enumerate(tokens))
        core = tuple(p for p in parts if p[0] not in stopwords)
        return cls(phrase, parts, core if len(core) > 1 and core != parts else ())

    @staticmethod
    def _run(parts: tuple[tuple[str, bool], ...], tokens: list[str]) -> bool:
        n = len(parts)
        for start in range(len(tokens) - n + 1):
            if all(
                tokens[start + i].startswith(word) if prefix else tokens[start + i] == word
                for i, (word, prefix) in enumerate(parts)
            ):
                return True
        return False

    def found_in(self, tokens: list[str], content: list[str] | None = None) -> int:
        """How many words of the phrase were found in a row (0: not found)."""
        if self.parts and self._run(self.parts, tokens):
            return len(self.parts)
        if self.core and content is not None and self._run(self.core, content):
            return len(self.core)
        return 0


def keyword_score(
    keywords: tuple[Keyword, ...], tokens: list[str], content: list[str] | None = None
) -> tuple[float, str]:
    """How strongly ``tokens`` speak of the keywords' subject (0..0.95) and the phrase that did it.

    The longest phrase found counts most (a phrase of several words says more than one word);
    each further phrase found adds a little. ``content`` is ``tokens`` without small words.
    """
    found = [(k, n) for k in keywords if (n := k.found_in(tokens, content))]
    if not found:
        return 0.0, ""
    best, length = max(found, key=lambda kn: (kn[1], not kn[0].parts[-1][1]))
    score = 0.55 + 0.15 * (length - 1)
    score += 0.08 * (len({k.text for k, _ in found}) - 1)
    return min(score, 0.95), best.text.rstrip("* ")


class Vocabulary:
    """Keywords per question, family, channel and criterion; answer words per scale and value."""

    def __init__(self, data: VocabularyFile, questionnaire: Questionnaire) -> None:
        self.data = data
        self.stopwords = frozenset(w for ws in data.stopwords.values() for w in ws)

        def compile_(phrases: list[str]) -> tuple[Keyword, ...]:
            parsed = (Keyword.parse(p, self.stopwords) for p in phrases)
            return tuple(dict.fromkeys(k for k in parsed if k.parts))

        self.questions = {qid: compile_(ph) for qid, ph in data.questions.items()}
        self.families = {fid: compile_(ph) for fid, ph in data.families.items()}
        self.subjects: dict[str, tuple[Keyword, ...]] = {}
        for channel in questionnaire.channels:
            extra = data.channels.get(channel.id, [])
            self.subjects[f"use.{channel.id}"] = compile_([channel.nl, channel.en, *extra])
        for question in questionnaire.questions:
            if question.group == "importance":
                self.subjects[question.id] = compile_(
                    [*_criterion_names(question), *data.criteria.get(question.subject, [])]
                )
        self.scales = {
            name: sorted(((words(p), v) for p, v in phrases.items()), key=lambda pv: -len(pv[0]))
            for name, phrases in data.scales.items()
        }
        # A platform option (preferred platform) is also known by the names of its channel.
        option_phrases = {cid: list(ph) for cid, ph in data.channels.items()}
        for value, phrases in data.options.items():
            option_phrases.setdefault(value, []).extend(phrases)
        self.options = {value: compile_(phrases) for value, phrases in option_phrases.items()}
        self._strengths: dict[tuple[str, str], float | None] = {}
        self._scores: dict[tuple[int, str], tuple[float, str]] = {}
        self._scale_of: dict[tuple, str | None] = {}

    def content(self, tokens: list[str]) -> list[str]:
        return [t for t in tokens if t not in self.stopwords]

    def score(self, keywords: tuple[Keyword, ...], text: str) -> tuple[float, str]:
        """:func:`keyword_score` of a text, with and without its small words."""
        key = (id(keywords), text)  # the keyword tuples live as long as this vocabulary
        if key not in self._scores:
            tokens = words(text)
            self._scores[key] = keyword_score(keywords, tokens, self.content(tokens))
        return self._scores[key]

    # ------------------------------------------------------------------ ordered scales
    def strength(self, label: str, scale: str) -> float | None:
        """Where a label sits on a scale's 1..5 line; None when no phrase of the scale is in it.

        The longest phrase found gives the place; a word around it that the phrase does not hold
        moves it: "totaal onbelangrijk" further from the middle than "onbelangrijk", "eerder
        onbelangrijk" closer to it, "minder dan één keer per week" one step below weekly.
        """
        key = (label, scale)
        if key not in self._strengths:  # asked for every label of every column, per question
            self._strengths[key] = self._strength(label, scale)
        return self._strengths[key]

    def _strength(self, label: str, scale: str) -> float | None:
        tokens = words(label)
        for phrase, value in self.scales.get(scale, []):
            n = len(phrase)
            start = next((i for i in range(len(tokens) - n + 1) if tokens[i : i + n] == phrase), None)
            if start is None:
                continue
            return self._modified(value, tokens[:start] + tokens[start + n :])
        return None

    def _modified(self, value: float, rest: list[str]) -> float:
        text = f" {' '.join(rest)} "
        mods = self.data.modifiers
        if any(f" {' '.join(words(p))} " in text for p in mods.get("less", [])):
            return max(1.0, value - 1.0)
        if any(f" {' '.join(words(p))} " in text for p in mods.get("more", [])):
            return value + 0.5
        if set(mods.get("stronger", [])) & set(rest):
            return 3 + (value - 3) * 1.25
        if set(mods.get("weaker", [])) & set(rest):
            return 3 + (value - 3) * 0.6
        return value

    def scale_of(self, question: Question) -> str | None:
        """The answer scale whose words place every option of this question, if there is one."""
        if len(question.options) < 3 or question.open:
            return None
        if question.options not in self._scale_of:
            self._scale_of[question.options] = next(
                (scale for scale in self.scales if self._places_all(question, scale)), None
            )
        return self._scale_of[question.options]

    def _places_all(self, question: Question, scale: str) -> bool:
        placed = [self.strength(o.nl, scale) or self.strength(o.en, scale) for o in question.options]
        return all(p is not None for p in placed) and placed == sorted(placed)


def _criterion_names(question: Question) -> list[str]:
    """The criterion's name as the questionnaire's own text speaks of it (both languages)."""
    out = []
    for text, before, after in (
        (question.text.nl, "Hoe belangrijk is ", " voor jou"),
        (question.text.en, "How important is ", " to you"),
    ):
        if text.startswith(before) and after in text:
            out.append(text[len(before) :].split(after)[0])
    out.append(question.subject.replace("_", " "))
    return out


def load_vocabulary_file(path: Path = VOCABULARY_FILE) -> VocabularyFile:
    located = load_located(path)
    try:
        return VocabularyFile.model_validate(located.data or {})
    except ValidationError as exc:
        raise ValueError("\n".join(located_messages(exc, located))) from None


@cache
def _default_file() -> VocabularyFile:
    return load_vocabulary_file()


def vocabulary_for(questionnaire: Questionnaire) -> Vocabulary:
    return Vocabulary(_default_file(), questionnaire)


# ---------------------------------------------------------------------- answer labels -> values
@dataclass(frozen=True)
class LabelMatch:
    """What one answer label was taken to mean, and why (an i18n reason key and its detail)."""

    label: str
    value: str | int | None
    reason: str  # exact | number | order | scale_word | option_word | similar | range | none
    detail: str = ""


def _digit(label: str, question: Question) -> int | None:
    match = _DIGIT_LABEL.match(label)
    if not match:
        return None
    number = int(match.group(1))
    values = [v for v in question.values if isinstance(v, int)]
    return number if number in values else None


def _exact(question: Question, label: str) -> str | int | None:
    key = " ".join(words(label))
    for option in question.options:
        if key in (" ".join(words(option.nl)), " ".join(words(option.en)), " ".join(words(option.value))):
            return option.value
    return None


def _ordered(
    labels: list[str], question: Question, scale: str, vocabulary: Vocabulary
) -> dict[str, LabelMatch]:
    """Labels of an ordered scale (see the module docstring).

    Numbers in every label win ("1 - onbelangrijk", "3", "5 - heel belangrijk"). Otherwise the
    labels that have a strength are put in order and given points in the same order: with as many
    labels as points that is their rank (``order``), which reads "very important" right in any
    five-point wording; with fewer, the nearest points in the same order (``scale_word``, which the
    wizard asks to confirm). A label without a strength stays unmatched.
    """
    digits = {lb: _digit(lb, question) for lb in labels}
    if labels and all(d is not None for d in digits.values()):
        return {lb: LabelMatch(lb, digits[lb], "number") for lb in labels}
    strengths = {lb: vocabulary.strength(lb, scale) for lb in labels if digits[lb] is None}
    placed = sorted((s, lb) for lb, s in strengths.items() if s is not None)
    option_strength = [
        vocabulary.strength(o.nl, scale) or vocabulary.strength(o.en, scale) or 0.0 for o in question.options
    ]
    out: dict[str, LabelMatch] = {}
    if len(placed) < min(3, len(option_strength)):  # "Ja" / "Nee" alone is no five-point answer
        placed, strengths = [], {}
    distinct = len({s for s, _ in placed}) == len(placed)
    if (
        placed
        and distinct
        and len(placed) <= len(option_strength)
        and not any(d is not None for d in digits.values())
    ):
        # in order of strength, each label to its own point: all points used means the order says it
        points = _monotone([s for s, _ in placed], option_strength)
        full = len(placed) == len(option_strength)
        for (_, label), point in zip(placed, points, strict=True):
            value = question.options[point].value
            reason = "exact" if _exact(question, label) == value else ("order" if full else "scale_word")
            out[label] = LabelMatch(label, value, reason, str(point + 1))
    for label in labels:
        if label in out:
            continue
        strength = strengths.get(label)
        if digits[label] is not None:
            out[label] = LabelMatch(label, digits[label], "number")
        elif (value := _exact(question, label)) is not None:
            out[label] = LabelMatch(label, value, "exact")
        elif strength is not None:
            nearest = min(range(len(option_strength)), key=lambda i: abs(option_strength[i] - strength))
            out[label] = LabelMatch(label, question.options[nearest].value, "scale_word")
        else:
            out[label] = LabelMatch(label, None, "none")
    return out


def _monotone(strengths: list[float], points: list[float]) -> list[int]:
    """The strictly increasing choice of points (indices) nearest the sorted strengths.

    A small dynamic programme: cost[i][j] is the least total distance placing the first i labels
    on points before j. With as many labels as points it is the identity; with fewer, a label
    goes where its strength is, without two labels sharing a point.
    """
    n, m = len(strengths), len(points)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    choice = [[False] * (m + 1) for _ in range(n + 1)]
    cost[0] = [0.0] * (m + 1)
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            skip = cost[i][j - 1]
            take = cost[i - 1][j - 1] + abs(strengths[i - 1] - points[j - 1])
            cost[i][j], choice[i][j] = (take, True) if take <= skip else (skip, False)
    out, j = [], m
    for i in range(n, 0, -1):
        while not choice[i][j]:
            j -= 1
        out.append(j - 1)
        j -= 1
    return out[::-1]


def _range(text: str) -> tuple[str, tuple[int, ...]] | None:
    """'Minder dan 1 uur' -> ('lt', (1,)); '25 tot 34' -> ('in', (25, 34)); '55+' -> ('gt', (55,)).

    "een"/"an" count as 1 only before an hour ("less than an hour"), never in "een app".
    """
    raw = words(text)
    if _CODE_LABEL.fullmatch(text.strip()):
        return None
    tokens = [_ONE.get(w, w) if i + 1 < len(raw) and raw[i + 1] in _HOURS else w for i, w in enumerate(raw)]
    joined = " ".join(tokens)
    numbers = tuple(int(n) for n in _NUMBER.findall(joined))
    if not numbers:
        return None
    if len(numbers) >= 2:
        return "in", numbers[:2]
    if _LESS.search(joined) or text.strip().startswith("<"):
        return "lt", numbers
    if _MORE.search(joined) or text.strip().endswith("+"):
        return "gt", numbers
    return "eq", numbers


def _by_range(question: Question, label: str) -> str | int | None:
    wanted = _range(label)
    if wanted is None:
        return None
    hits = [o.value for o in question.options if wanted in (_range(o.nl), _range(o.en), _range(str(o.value)))]
    return hits[0] if len(hits) == 1 else None


def _option_words(question: Question, label: str, vocabulary: Vocabulary) -> tuple[str | int | None, str]:
    scored = []
    for option in question.options:
        keywords = vocabulary.options.get(str(option.value), ())
        score, phrase = vocabulary.score(keywords, label)
        if score:
            scored.append((score, option.value, phrase))
    if not scored:
        return None, ""
    scored.sort(key=lambda s: -s[0])
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None, ""
    return scored[0][1], scored[0][2]


def similarity(a: str, b: str, floor: float) -> float:
    """difflib's ratio of two texts, or 0 when it is certainly below ``floor``.

    The length bound and quick_ratio() are upper bounds of ratio(), so most pairs are ruled out
    without building the full matcher; a result at or above ``floor`` is exactly ratio().
    """
    if not a or not b or 2 * min(len(a), len(b)) / (len(a) + len(b)) < floor:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b)
    return matcher.ratio() if matcher.quick_ratio() >= floor else 0.0


def _similar(question: Question, label: str) -> tuple[str | int | None, float]:
    key = " ".join(words(label))
    best, best_score = None, 0.0
    for option in question.options:
        for text in (option.nl, option.en):
            candidate = " ".join(words(text))
            # "Afdeling Burgerzaken" contains "Burgerzaken": as good as the same words
            contains = len(candidate) >= 4 and re.search(rf"\b{re.escape(candidate)}\b", key)
            score = similarity(key, candidate, FUZZY_LABEL)
            if contains:
                score = max(score, 0.9)
            if score > best_score:
                best, best_score = option.value, score
    return (best, best_score) if best_score >= FUZZY_LABEL else (None, best_score)


def label_values(labels: list[str], question: Question, vocabulary: Vocabulary) -> dict[str, LabelMatch]:
    """What each answer label of one column stands for (unmatched labels have value None).

    Open questions without options take every answer as its own category (value = the label).
    """
    labels = [lb for lb in dict.fromkeys(labels) if lb.strip()]
    if question.kind == "text" or (question.open and not question.options):
        return {lb: LabelMatch(lb, " ".join(lb.split()), "exact") for lb in labels}
    scale = vocabulary.scale_of(question)
    if scale is not None:
        return _ordered(labels, question, scale, vocabulary)
    out: dict[str, LabelMatch] = {}
    for label in labels:
        if (value := _exact(question, label)) is not None:
            out[label] = LabelMatch(label, value, "exact")
        elif (value := _by_range(question, label)) is not None:
            out[label] = LabelMatch(label, value, "range")
        elif (found := _option_words(question, label, vocabulary))[0] is not None:
            out[label] = LabelMatch(label, found[0], "option_word", found[1])
        elif (similar := _similar(question, label))[0] is not None:
            out[label] = LabelMatch(label, similar[0], "similar", f"{round(similar[1] * 100)}%")
        else:
            out[label] = LabelMatch(label, None, "none")
    return out
