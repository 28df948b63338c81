"""Which column of an unknown export is which question, and which label is which value: suggestions.

The Data page's wizard shows these suggestions (in the user's words, with why) for the user to
confirm; ``--write-mapping`` writes the same suggestions as a draft mapping file; an import without
a mapping file applies the suggestions that are unambiguous and lists every one in its report.

Per column, evidence of two kinds:

* the header: exact question text or id (certain); else the keywords of ``surveys/matching.yaml``
  and the questionnaire's own texts. A header such as "Hoe vaak gebruik je dit kanaal: E-mail" is
  split into a stem ("hoe vaak gebruik je dit kanaal") and a sub-label ("E-mail"): the stem names
  the family (channel use, importance, a multi-select question) and the sub-label the channel,
  criterion or option. Sub-labels are never matched by loose similarity, which is how "E-mail"
  once became Signal.
* the answers found in the column: whether they read as an importance, frequency or agreement
  scale, as the options of a question, as free text, or as a joined multi-select.

The column's candidates are ranked by a score in 0..1; then every question is given to at most one
column (best score first), and a multi-select question either to one joined column or to one
column per option, never both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advisor.survey.formats import Export
from advisor.survey.identity import normalise
from advisor.survey.mapping import RESPONSE_WORDS, QuestionIndex, Target
from advisor.survey.questionnaire import Question, Questionnaire
from advisor.survey.vocabulary import (
    LabelMatch,
    Vocabulary,
    label_values,
    similarity,
    vocabulary_for,
    words,
)

AUTO_SCORE = 0.52  # applied without asking when no mapping file is given
MIN_SCORE = 0.25  # below this a column gets no suggestion at all
MAX_DISTINCT = 200  # answer labels looked at per column
OTHER_SPECIFY = re.compile(
    r"(anders,? namelijk|anders \(namelijk\)|overig,? namelijk|other \(please specify\)|please specify|"
    r"anders, nl|toelichting bij anders|geef aan|specify)",
    re.IGNORECASE,
)
_CODE = re.compile(r"[A-Za-z]{0,3}\d{1,3}")
_SPLITS = (
    re.compile(r"^(?P<stem>.*\S)\s*\[(?P<sub>[^\]]+)\]\s*$"),  # LimeSurvey / Google grid: text [row]
    re.compile(r"^(?P<stem>.*\S)\s+[-–]\s+(?P<sub>[^-–]+)$"),  # Qualtrics: text - row
    re.compile(r"^(?P<stem>.*\S)\s*\|\s*(?P<sub>[^|]+)$"),  # text | row
    re.compile(r"^(?P<stem>.*[?:])\s*\.?\s*(?P<sub>[^?:]+)$"),  # "...?: row", "...? row", MS Forms "?.row"
)


@dataclass(frozen=True)
class Candidate:
    target: Target
    score: float
    reason: str  # exact_id | exact_text | template | keywords | similar_text | answers
    detail: str = ""


@dataclass
class ColumnSuggestion:
    """One export column: what it is (kind) and what it most likely answers."""

    position: int
    name: str
    text: str
    kind: str  # question | identity | metadata | ignored | empty
    candidates: list[Candidate] = field(default_factory=list)
    chosen: Candidate | None = None
    answers: dict[str, int] = field(default_factory=dict)  # distinct answer -> count (non-empty)
    ignored_reason: str = ""

    @property
    def target(self) -> Target | None:
        return self.chosen.target if self.chosen else None


@dataclass
class Suggestions:
    questionnaire: Questionnaire
    columns: list[ColumnSuggestion]
    values: dict[int, dict[str, LabelMatch]] = field(default_factory=dict)  # position -> label -> match
    separators: tuple[str, ...] = (";", ",")  # how the tool joins a multi-select answer

    def mapping(self, min_score: float = 0.0) -> dict[str, Any]:
        """The suggestions in the mapping-file shape: every column listed (None = not a question).

        ``values`` holds every label that is not literally one of ours, so the file says what the
        wizard showed; labels no value was found for are left out (they stay value problems).
        """
        columns: dict[str, Any] = {}
        values: dict[str, dict[str, Any]] = {}
        for column in self.columns:
            if column.kind in ("identity", "metadata") or not column.name or column.name in columns:
                continue
            chosen = column.chosen if column.chosen and column.chosen.score >= min_score else None
            columns[column.name] = chosen.target.as_mapping() if chosen else None
            if chosen is None or chosen.target.option is not None:
                continue
            question = self.questionnaire[chosen.target.question]
            for label, match in self.values.get(column.position, {}).items():
                if match.value is not None and match.reason != "exact":
                    values.setdefault(question.id, {})[label] = match.value
        return {"columns": columns, "values": values}


# ---------------------------------------------------------------------------- header evidence
def header_parts(text: str) -> list[tuple[str, str]]:
    """(stem, sub-label) splits of a header; the whole header with an empty sub-label first."""
    out = [(text, "")]
    for pattern in _SPLITS:
        if match := pattern.match(text.strip()):
            stem, sub = match.group("stem").strip(), match.group("sub").strip()
            if stem and sub and (stem, sub) not in out:
                out.append((stem, sub))
    return out


class _Scorer:
    def __init__(self, questionnaire: Questionnaire, vocabulary: Vocabulary) -> None:
        self.q = questionnaire
        self.vocab = vocabulary
        self.index = QuestionIndex(questionnaire)
        self.plain = [q for q in questionnaire.questions if not q.group]
        self.family_members: dict[str, list[Question]] = {}
        for question in questionnaire.questions:
            if question.group:
                self.family_members.setdefault(question.group, []).append(question)
        self.own_texts = {
            q.id: [" ".join(vocabulary.content(words(t))) for t in (q.text.nl, q.text.en)] for q in self.plain
        }

    def text_score(self, question: Question, text: str) -> tuple[float, str, str]:
        """(score, reason, detail) of a plain question for a header text."""
        score, phrase = self.vocab.score(self.vocab.questions.get(question.id, ()), text)
        reason, detail = ("keywords", phrase) if score else ("", "")
        content = " ".join(self.vocab.content(words(text)))
        for own in self.own_texts.get(question.id, []):
            ratio = similarity(content, own, 0.8)
            if ratio >= 0.8 and 0.95 * ratio > score:
                score, reason, detail = 0.95 * ratio, "similar_text", f"{round(ratio * 100)}%"
        return score, reason, detail

    def subject_score(self, question: Question, text: str) -> tuple[float, str]:
        return self.vocab.score(self.vocab.subjects.get(question.id, ()), text)

    def family_score(self, family: str, text: str) -> float:
        return self.vocab.score(self.vocab.families.get(family, ()), text)[0]


# ---------------------------------------------------------------------------- answer evidence
@dataclass
class _Answers:
    counts: dict[str, int]
    total: int

    @property
    def empty(self) -> bool:
        return self.total == 0

    def share(self, matches: dict[str, LabelMatch]) -> float:
        hit = sum(
            n for label, n in self.counts.items() if matches.get(label) and matches[label].value is not None
        )
        return hit / self.total if self.total else 0.0

    def looks_free(self) -> bool:
        if not self.total:
            return False
        mean_length = sum(len(k) * n for k, n in self.counts.items()) / self.total
        return mean_length > 30 or len(self.counts) > max(12, 0.5 * self.total)

    @property
    def repetition(self) -> float:
        """1 when a few answers repeat across many rows, 0 when every answer is different."""
        return 1 - len(self.counts) / self.total if self.total else 0.0

    @property
    def coded(self) -> bool:
        """Answers that are codes only (1, 2, A1, SQ001), not words a person chose."""
        return bool(self.counts) and all(_CODE.fullmatch(label) for label in self.counts)

    def looks_categorical(self) -> bool:
        return bool(self.total) and len(self.counts) <= max(25, 0.2 * self.total) and not self.looks_free()


def _answers(series: pd.Series, factorized: tuple[np.ndarray, np.ndarray] | None = None) -> _Answers:
    """The column's answers (stripped, empty ones left out) with their counts, most frequent first.

    Counted per distinct cell, then stripped: the same counts as stripping every cell first.
    ``factorized``: the column's ``pd.factorize`` when the caller has it (``Export.factorized``).
    """
    codes, uniques = factorized if factorized is not None else pd.factorize(series, sort=False)
    per_cell = np.bincount(codes[codes >= 0], minlength=len(uniques))
    counts: dict[str, int] = {}
    for cell, n in zip(uniques, per_cell, strict=True):
        if n and (label := str(cell).strip()):
            counts[label] = counts.get(label, 0) + int(n)
    ordered = sorted(counts.items(), key=lambda item: -item[1])  # stable: ties keep first-seen order
    return _Answers(dict(ordered[:MAX_DISTINCT]), sum(counts.values()))


def _pieces(answers: _Answers, separators: tuple[str, ...]) -> _Answers:
    """A joined multi-select column's answers as pieces (each piece counted per row it is in)."""
    pattern = "|".join(re.escape(s.strip() or s) for s in separators)
    counts: dict[str, int] = {}
    for label, n in answers.counts.items():
        for piece in re.split(pattern, label):
            if piece.strip():
                counts[piece.strip()] = counts.get(piece.strip(), 0) + n
    return _Answers(counts, sum(counts.values()))


def joined_pieces(answers: dict[str, int], separators: tuple[str, ...]) -> list[str]:
    """The distinct pieces of a joined multi-select column's answers, most frequent first."""
    pieces = _pieces(_Answers(answers, sum(answers.values())), separators).counts
    return sorted(pieces, key=lambda p: -pieces[p])


def _option_flags(answers: _Answers) -> bool:
    """Cells of a one-column-per-option column: a mark (Y, 1, the label) or empty."""
    return len(answers.counts) <= 2


# ---------------------------------------------------------------------------- per column
def _candidates(scorer: _Scorer, export: Export, position: int, answers: _Answers) -> list[Candidate]:
    """Every plausible target of one column with its score (best first)."""
    text = export.texts[position]
    label = export.labels[position]
    found: dict[tuple[str, Any], Candidate] = {}
    matches: dict[str, dict[str, LabelMatch]] = {}

    def fit(question: Question, ans: _Answers | None = None) -> float | None:
        """How well the answers fit the question (0..1); None when the answers cannot tell."""
        ans = ans or answers
        if ans.empty:
            return None
        if question.id not in matches:
            matches[question.id] = label_values(list(ans.counts), question, scorer.vocab)
        if question.kind == "text":
            return 1.0 if ans.looks_free() else 0.3
        if question.open and not question.options:
            if not ans.looks_categorical() or _scale_like(scorer, ans):
                return 0.1
            return 0.5 + 0.5 * ans.repetition  # a list of departments repeats; one-off words do not
        if ans.coded and not all(isinstance(v, int) for v in question.values):
            return None  # answer codes (1, 2, A1 ...): only a mapping or the .lss says what they are
        return ans.share(matches[question.id])

    def add(target: Target, score: float, reason: str, detail: str = "") -> None:
        key = (target.question, target.option)
        if score >= MIN_SCORE and (key not in found or found[key].score < score):
            found[key] = Candidate(target, round(min(score, 1.0), 3), reason, detail)

    parts = header_parts(text)
    if label:  # SurveyMonkey: the second header row is the sub-label
        parts = [(text, label), *parts]
        if label.casefold() not in RESPONSE_WORDS:  # one row or option of the question, never all of it
            parts = [p for p in parts if p[1]]
    name = export.names[position]
    if name != text and not _CODE.fullmatch(name.split("_")[0]):  # a Qualtrics tag such as "Dept"
        parts.append((name, ""))
    for stem, sub in parts:
        owner = scorer.index.by_text.get(normalise(stem)) if sub else None
        if owner is not None and not scorer.q[owner].group:
            # the stem is one of our questions word for word: only that question can own the column
            question = scorer.q[owner]
            if question.kind == "multi":
                option = label_values([sub], question, scorer.vocab)[sub]
                if option.value is not None:
                    add(Target(question.id, option.value), 0.95, "exact_text")
            elif sub.casefold() in RESPONSE_WORDS:
                add(Target(question.id), 0.95, "exact_text")
            return list(found.values())
    for stem, sub in parts:
        if sub and OTHER_SPECIFY.search(sub):
            return []
        # plain questions (a sub-label of "Response" / "Antwoord" means the whole question)
        if not sub or sub.casefold() in RESPONSE_WORDS:
            fits: dict[str, float | None] = {}
            for question in scorer.plain:
                ans = _pieces(answers, export.format.multi_separators) if question.kind == "multi" else None
                fits[question.id] = (
                    fit(question, ans) if question.options or question.kind == "text" else None
                )
            strong = [qid for qid, f in fits.items() if f is not None and f >= 0.8 and scorer.q[qid].options]
            for question in scorer.plain:
                score, reason, detail = scorer.text_score(question, stem)
                answer_fit = fits[question.id]
                if question.id not in fits or (question.open and not question.options):
                    answer_fit = fit(question)
                if score and answer_fit is not None:
                    score *= 0.55 + 0.45 * answer_fit
                if question.id in strong:
                    # answers that are this question's options, and no other's, say much by
                    # themselves; most of all the organisation's own department or location names
                    own = question.id in scorer.q.organisation.segment_options
                    alone = (0.65 if own else 0.45) * answer_fit / len(strong)  # type: ignore[operator]
                    if 1 - (1 - score) * (1 - alone) > score:
                        score = 1 - (1 - score) * (1 - alone)
                        reason, detail = (reason, detail) if reason else ("answers", "")
                add(Target(question.id), score, reason, detail)
        # one column per option of a multi-select question
        if sub:
            for question in scorer.plain:
                if question.kind != "multi":
                    continue
                stem_score, reason, detail = scorer.text_score(question, stem)
                if not stem_score:
                    continue
                option = label_values([sub], question, scorer.vocab)[sub]
                if option.value is not None and (answers.empty or _option_flags(answers)):
                    add(Target(question.id, option.value), stem_score * 0.9 + 0.1, reason, detail)
        # families: the sub-label (or the whole header) names the channel or criterion
        for family, members in scorer.family_members.items():
            family_words = scorer.family_score(family, stem)
            for question in members:
                subject, phrase = scorer.subject_score(question, sub or stem)
                if not subject:
                    continue
                answer_fit = fit(question)
                evidence = max(family_words, answer_fit or 0.0)
                score = (0.45 + 0.5 * subject) * (0.45 + 0.55 * evidence)
                add(Target(question.id), score, "keywords", phrase)
    ranked = sorted(found.values(), key=lambda c: -c.score)
    return ranked


def _scale_like(scorer: _Scorer, answers: _Answers) -> bool:
    """Answers that read as one of the ordered scales (then it is not a department list)."""
    for scale in scorer.vocab.scales:
        hit = sum(n for label, n in answers.counts.items() if scorer.vocab.strength(label, scale) is not None)
        if answers.total and hit / answers.total > 0.6:
            return True
    return False


def suggest(export: Export, questionnaire: Questionnaire) -> Suggestions:
    """Suggestions for every column of an export (see the module docstring)."""
    vocabulary = vocabulary_for(questionnaire)
    scorer = _Scorer(questionnaire, vocabulary)
    fmt = export.format
    columns: list[ColumnSuggestion] = []
    for position, name in enumerate(export.names):
        text, label, extra = export.texts[position], export.labels[position], export.extra[position]
        column = ColumnSuggestion(position, name, text, "question")
        columns.append(column)
        if fmt.is_identity(name, label, extra):
            column.kind = "identity"
            continue
        if fmt.is_metadata(name, extra):
            column.kind = "metadata"
            continue
        if reason := fmt.ignored(name, extra):
            column.kind, column.ignored_reason = "ignored", reason
            continue
        answers = _answers(export.data[position], export.factorized(position))
        column.answers = answers.counts
        if exact := scorer.index.match(name, text, label):
            reason = "exact_id" if scorer.index.by_name(name) else "exact_text"
            column.candidates = [Candidate(exact, 1.0, reason)]
        else:
            column.candidates = _candidates(scorer, export, position, answers)
        if answers.empty and not column.candidates:
            column.kind = "empty"
    _resolve_stems(columns, export, scorer)
    _assign(columns, questionnaire)
    suggestions = Suggestions(questionnaire, columns, separators=fmt.multi_separators)
    for group in _label_groups(columns, questionnaire):
        question = questionnaire[group[0].chosen.target.question]  # type: ignore[union-attr]
        if question.kind == "multi":
            labels = joined_pieces(_merged(group), fmt.multi_separators)
        else:
            labels = list(_merged(group))
        matches = label_values(labels, question, vocabulary)
        for column in group:
            wanted = (
                joined_pieces(column.answers, fmt.multi_separators)
                if question.kind == "multi"
                else column.answers
            )
            suggestions.values[column.position] = {
                label: matches[label] for label in wanted if label in matches
            }
    return suggestions


def _label_groups(
    columns: list[ColumnSuggestion], questionnaire: Questionnaire
) -> list[list[ColumnSuggestion]]:
    """Columns whose answers are read together: one family (all channel-use or all importance
    columns share one answer scale, so a label used in one column is placed with all labels seen
    in any of them), else each column on its own."""
    groups: dict[str, list[ColumnSuggestion]] = {}
    for column in columns:
        if column.chosen is None or column.chosen.target.option is not None:
            continue
        question = questionnaire[column.chosen.target.question]
        groups.setdefault(question.group or f"#{column.position}", []).append(column)
    return list(groups.values())


def _merged(group: list[ColumnSuggestion]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for column in group:
        for label, n in column.answers.items():
            merged[label] = merged.get(label, 0) + n
    return merged


def _resolve_stems(columns: list[ColumnSuggestion], export: Export, scorer: _Scorer) -> None:
    """Columns that share a stem are one question: one multi-select or one family.

    "What puts you off? [Extra work]", "[Too many messages]", "[Another app]": the stem alone may
    be worded in a way no keyword knows, but when most sub-labels are options of one multi-select
    question (or channels, or criteria), the stem is that question. Its columns then answer only
    that question; a sub-label that is none of its options ("Other") is not a question.
    """
    groups: dict[str, list[tuple[ColumnSuggestion, str]]] = {}
    for column in columns:
        if column.kind != "question" or any(
            c.reason in ("exact_id", "exact_text") for c in column.candidates
        ):
            continue
        label = export.labels[column.position]
        parts = [(column.text, label)] if label and label.casefold() not in RESPONSE_WORDS else []
        parts += [p for p in header_parts(column.text) if p[1]]
        if parts and not _CODE.fullmatch(parts[0][1]):  # sub-question codes (SQ001) say nothing
            groups.setdefault(normalise(parts[0][0]), []).append((column, parts[0][1]))
    for members in groups.values():
        if len(members) < 2:
            continue
        owner, share = _stem_owner(members, scorer)
        if owner is None:
            continue
        for column, sub in members:
            column.candidates = _owned(owner, column, sub, share, scorer)


def _stem_owner(members: list[tuple[ColumnSuggestion, str]], scorer: _Scorer) -> tuple[str | None, float]:
    """The multi-select question or family most sub-labels belong to, and the share that do."""
    shares: dict[str, float] = {}
    for question in scorer.plain:
        if question.kind == "multi":
            found = label_values([sub for _, sub in members], question, scorer.vocab)
            shares[question.id] = sum(found[sub].value is not None for _, sub in members) / len(members)
    for family, questions in scorer.family_members.items():
        hits = sum(any(scorer.subject_score(q, sub)[0] for q in questions) for _, sub in members)
        shares[family] = hits / len(members)
    if not shares:
        return None, 0.0
    owner = max(shares, key=lambda key: shares[key])
    return (owner, shares[owner]) if shares[owner] >= 0.5 else (None, 0.0)


def _owned(owner: str, column: ColumnSuggestion, sub: str, share: float, scorer: _Scorer) -> list[Candidate]:
    if owner in scorer.family_members:
        ranked = [c for c in column.candidates if scorer.q[c.target.question].group == owner]
        boosted = [
            Candidate(c.target, round(max(c.score, 0.5 + 0.45 * share), 3), c.reason, c.detail)
            for c in ranked
        ]
        return sorted(boosted, key=lambda c: -c.score)
    question = scorer.q[owner]
    option = label_values([sub], question, scorer.vocab)[sub]
    if option.value is None:
        return []
    return [Candidate(Target(question.id, option.value), round(0.55 + 0.4 * share, 3), "options", sub)]


def _assign(columns: list[ColumnSuggestion], questionnaire: Questionnaire) -> None:
    """Best score first: each answer slot to one column; a multi joined or split, never both."""
    offers = sorted(
        ((c.score, -column.position, column, c) for column in columns for c in column.candidates),
        key=lambda o: (-o[0], -o[1]),
    )
    taken: set[tuple[str, Any]] = set()
    joined: set[str] = set()
    split: set[str] = set()
    for _, _, column, candidate in offers:
        if column.chosen is not None:
            continue
        target = candidate.target
        key = (target.question, target.option)
        if key in taken:
            continue
        if questionnaire[target.question].kind == "multi":
            if (target.option is None and target.question in split) or (
                target.option is not None and target.question in joined
            ):
                continue
            (joined if target.option is None else split).add(target.question)
        taken.add(key)
        column.chosen = candidate
