"""Which export columns identify a person, so that they are dropped before anything else happens.

Identity: names, e-mail addresses, IP addresses, Qualtrics recipient fields and external
references, latitude/longitude, LimeSurvey tokens, referrer URLs and participant attributes,
SurveyMonkey custom data and contact-information sub-columns. Respondent, collector and response
ids are NOT identity (they identify a response, not a person) and are treated as metadata.

Headers are compared exactly after :func:`normalise`, never by substring, so a question such as
"Hoe vaak gebruik je E-mail voor je werk?" is not mistaken for an e-mail column. Cell values of
identity columns never reach a report or an error message: only the column name does.
"""

from __future__ import annotations

import re

import pandas as pd


def normalise(text: str) -> str:
    """Compare form for headers and labels: trimmed, whitespace collapsed, case-folded."""
    return " ".join(str(text).split()).casefold()


# In any format, also in this tool's own CSV.
GENERIC_IDENTITY = frozenset(
    {
        "email",
        "e-mail",
        "email address",
        "e-mail address",
        "e-mailadres",
        "emailadres",
        "name",
        "naam",
        "full name",
        "first name",
        "last name",
        "voornaam",
        "achternaam",
        "ip address",
        "ipaddress",
        "ip-adres",
        "phone",
        "phone number",
        "telefoon",
        "telefoonnummer",
        "token",
    }
)

BY_FORMAT: dict[str, frozenset[str]] = {
    "msforms": frozenset({"email", "name"}),
    "googleforms": frozenset({"email address", "e-mailadres"}),
    "limesurvey": frozenset(
        {
            "ipaddr",
            "refurl",
            "token",
            "ip address",
            "referrer url",
            "access code",
            "firstname",
            "lastname",
            "email",
            "first name",
            "last name",
            "email address",
        }
    ),
    "qualtrics": frozenset(
        normalise(n)
        for n in (
            "IPAddress",
            "RecipientLastName",
            "RecipientFirstName",
            "RecipientEmail",
            "ExternalReference",
            "ExternalDataReference",
            "LocationLatitude",
            "LocationLongitude",
        )
    ),
    "surveymonkey": frozenset({"ip address", "email address", "first name", "last name"}),
    "native": frozenset(),
}

# Sub-columns of SurveyMonkey's "Contact information" question (row 2 of its header).
CONTACT_FIELDS = frozenset(
    {
        "name",
        "company",
        "address",
        "address 2",
        "city/town",
        "state/province",
        "zip/postal code",
        "country",
        "email address",
        "email",
        "phone number",
    }
)
_PATTERNS = {
    "limesurvey": re.compile(r"attribute_\d+"),
    "surveymonkey": re.compile(r"custom data \d+"),
}


def is_identity(format_name: str, name: str, label: str = "") -> bool:
    """Whether the column ``name`` (with its sub-header ``label``, if any) identifies a person."""
    key = normalise(name)
    pattern = _PATTERNS.get(format_name)
    return (
        key in GENERIC_IDENTITY
        or key in BY_FORMAT.get(format_name, frozenset())
        or bool(pattern and pattern.fullmatch(key))
        or (format_name == "surveymonkey" and normalise(label) in CONTACT_FIELDS)
    )


def kept_identity_frame(data: pd.DataFrame, positions: list[int], names: list[str]) -> pd.DataFrame:
    """The identity columns a caller asked to keep, under their export names, as strings."""
    kept = data[positions].astype("string").replace("", pd.NA)
    kept.columns = [names[p] for p in positions]
    return kept
