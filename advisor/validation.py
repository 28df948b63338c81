"""Pydantic validation errors as short messages in the user's language."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from advisor.i18n import normalise_language
from advisor.yamlio import Located

_MESSAGES = {
    "missing": ("verplicht veld ontbreekt", "required field is missing"),
    "extra_forbidden": ("onbekend veld (controleer de spelling)", "unknown field (check the spelling)"),
    "less_than_equal": ("moet ten hoogste {le} zijn", "must be at most {le}"),
    "greater_than_equal": ("moet minstens {ge} zijn", "must be at least {ge}"),
    "greater_than": ("moet groter zijn dan {gt}", "must be greater than {gt}"),
    "string_too_short": (
        "te kort: minstens {min_length} tekens",
        "too short: at least {min_length} characters",
    ),
    "too_short": ("te weinig elementen: minstens {min_length}", "too few items: at least {min_length}"),
    "string_pattern_mismatch": (
        "heeft niet de verwachte vorm ({pattern})",
        "does not have the expected form ({pattern})",
    ),
    "literal_error": ("verwacht een van: {expected}", "expected one of: {expected}"),
    "date_from_datetime_parsing": ("verwacht een datum als JJJJ-MM-DD", "expected a date as YYYY-MM-DD"),
    "date_parsing": ("verwacht een datum als JJJJ-MM-DD", "expected a date as YYYY-MM-DD"),
    "date_type": ("verwacht een datum als JJJJ-MM-DD", "expected a date as YYYY-MM-DD"),
    "bool_parsing": ("verwacht true of false", "expected true or false"),
    "bool_type": ("verwacht true of false", "expected true or false"),
    "string_type": ("verwacht tekst", "expected text"),
    "float_parsing": ("verwacht een getal", "expected a number"),
    "float_type": ("verwacht een getal", "expected a number"),
    "int_parsing": ("verwacht een geheel getal", "expected a whole number"),
    "dict_type": ("verwacht een lijst van sleutel: waarde", "expected a mapping of key: value"),
    "list_type": ("verwacht een lijst", "expected a list"),
    "model_type": ("verwacht een lijst van sleutel: waarde", "expected a mapping of key: value"),
    "model_attributes_type": ("verwacht een lijst van sleutel: waarde", "expected a mapping of key: value"),
    "int_type": ("verwacht een geheel getal", "expected a whole number"),
    "int_from_float": ("verwacht een geheel getal, geen breuk", "expected a whole number, not a fraction"),
    "less_than": ("moet kleiner zijn dan {lt}", "must be less than {lt}"),
    "string_too_long": (
        "te lang: ten hoogste {max_length} tekens",
        "too long: at most {max_length} characters",
    ),
    "too_long": ("te veel elementen: ten hoogste {max_length}", "too many items: at most {max_length}"),
    "enum": ("verwacht een van: {expected}", "expected one of: {expected}"),
    "date_from_datetime_inexact": ("verwacht een datum zonder tijd", "expected a date without a time"),
    "finite_number": ("verwacht een eindig getal", "expected a finite number"),
    "tuple_type": ("verwacht een lijst", "expected a list"),
    "set_type": ("verwacht een lijst", "expected a list"),
    "union_tag_invalid": ("onbekende soort", "unknown kind"),
    "is_instance_of": ("verwacht een andere soort waarde", "expected another kind of value"),
    "price_quote_with_amount": (
        "een prijs met 'quote_only' (op aanvraag) heeft geen 'amount'",
        "a 'quote_only' price has no 'amount'",
    ),
    "price_incomplete": (
        "een prijs heeft 'amount', 'currency' en 'billing' nodig (of 'quote_only: true')",
        "a price needs 'amount', 'currency' and 'billing' (or 'quote_only: true')",
    ),
}
# Anything else: a general phrase in Dutch (pydantic's own text is English), the type for a search.
_OTHER = ("ongeldige waarde ({type})", "{msg}")


def error_message(err: dict[str, Any], lang: str | None = None) -> str:
    """One pydantic error dict as a message in ``lang`` (Dutch by default)."""
    texts = _MESSAGES.get(err["type"])
    if texts is None:
        if err["type"] == "value_error":  # the project's own validators: their text as written
            return str(err["msg"]).removeprefix("Value error, ")
        english = normalise_language(lang) == "en"
        return _OTHER[1 if english else 0].format(type=err["type"], msg=err["msg"])
    template = texts[1] if normalise_language(lang) == "en" else texts[0]
    try:
        return template.format(**err.get("ctx", {}))
    except (KeyError, IndexError):
        return str(err["msg"])


def located_messages(exc: ValidationError, located: Located, lang: str | None = None) -> list[str]:
    """Each error of ``exc`` as 'file:line: field: message' (line from the YAML source)."""
    messages = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        line = located.line_of(loc)
        where = f"{located.path}:{line}" if line else str(located.path)
        messages.append(f"{where}: {'.'.join(map(str, loc))}: {error_message(err, lang)}")
    return messages
