"""``--dossier ID`` for ``score`` and ``plan``: the dossier's survey data and saved settings.

With ``--dossier`` the command reads the answers stored in the dossier (all its datasets) and uses
its segment question, anonymity threshold, method, must-haves, budget, currency, cost weight and
overrides, exactly as the dashboard does; options that would set any of those differently are
refused (change them in the dossier instead), so a printed result is always the dossier's.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from advisor.errors import InputError
from advisor.i18n import t

# options the dossier decides: argument name -> (its flag, the value that means "not given")
DECIDED = {
    "survey": ("--survey", None),
    "mapping": ("--mapping", None),
    "structure": ("--structure", None),
    "survey_format": ("--format / --survey-format", None),
    "organisation": ("--organisation", None),
    "segment_by": ("--segment-by", "department"),
    "min_group": ("--min-group", 5),
    "acknowledge_small_groups": ("--acknowledge-small-groups", False),
    "must": ("--must", ""),
    "max_price": ("--max-price", None),
    "currency": ("--currency", "EUR"),
    "cost_weight": ("--cost-weight", 0.0),
    "method": ("--method", "wsm"),
}


def add_dossier_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dossier",
        metavar="ID",
        help="use a dossier's survey data and saved settings (segment question, threshold, method, "
        "must-haves, budget, overrides) instead of --survey; its id or exact name",
    )


def check_source(args: argparse.Namespace) -> None:
    """Exactly one of --survey and --dossier; with --dossier no option the dossier decides."""
    lang = args.lang
    if getattr(args, "dossier", None) is None:
        if args.survey is None:
            raise InputError(t("dossier.cli.survey_or_dossier", lang))
        return
    given = [
        flag
        for name, (flag, unset) in DECIDED.items()
        if hasattr(args, name) and getattr(args, name) != unset
    ]
    if given:
        raise InputError(t("dossier.cli.decided_by_dossier", lang, options=", ".join(given)))


@dataclass(frozen=True)
class FromDossier:
    store: Any  # DossierStore
    dossier: Any  # Dossier
    inputs: Any  # advisor.dossier.context.Inputs


def load(
    args: argparse.Namespace, catalog: Any, *, seed: int = 0, needs: tuple[str, ...] = ()
) -> FromDossier:
    """The dossier named by --dossier with its inputs; its settings copied into ``args`` (so the
    command runs exactly as with those options). InputError in the user's language otherwise."""
    from advisor.analysis.missing import availability, missing_message
    from advisor.commands.dossier import _call, _store
    from advisor.dossier import context

    lang = args.lang
    store = _store(lang)
    dossier = _call(lang, store.get, _call(lang, store.resolve, args.dossier))
    inputs = _call(lang, lambda: context.load(store, dossier, catalog, lang=lang, seed=seed))
    for output in needs:
        needed = availability(inputs.answers, inputs.questionnaire, output)
        if not needed.computable:
            raise InputError(missing_message(inputs.questionnaire, needed.missing, output, lang))
    s = dossier.settings
    args.segment_by, args.min_group = s.segment_by, s.min_group
    args.acknowledge_small_groups = s.acknowledge_small_groups
    args.must = ",".join(s.must_haves)
    args.max_price, args.currency, args.cost_weight = s.max_price, s.currency, s.cost_weight
    if hasattr(args, "method"):
        args.method = s.method
    return FromDossier(store, dossier, inputs)
