"""A questionnaire for the import tests that does not move when the catalogue changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.catalog.models import Text
from advisor.survey.questionnaire import Questionnaire, load_questionnaire

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPORTS = FIXTURES / "exports"
MALFORMED = FIXTURES / "malformed"


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire(
        organisation=EXPORTS / "organisation.yaml",
        criteria=[
            ("privacy", Text(nl="Privacy en vertrouwelijkheid", en="Privacy and confidentiality")),
            ("usability", Text(nl="Gebruiksgemak", en="Usability")),
        ],
        platforms=[("teams", "Microsoft Teams"), ("slack", "Slack")],
    )
