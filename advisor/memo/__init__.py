"""The decision memo for the steering group: a dossier's question, respondents, weights,
must-haves, ranking with its robustness, decision, overrides and open risks (Markdown, HTML, Word)."""

from advisor.memo.build import build_memo, memo_for_dossier
from advisor.memo.model import Memo
from advisor.memo.render import FORMATS, render

__all__ = ["FORMATS", "Memo", "build_memo", "memo_for_dossier", "render"]
