"""The questionnaire reads criterion and platform names straight from the catalogue files.

The fast read must give exactly what the validated catalogue gives, and a file it cannot read
must send it to the validated load (which reports the problem) instead of a half list.
"""

from __future__ import annotations

import shutil

import pytest

from advisor.catalog import loader
from advisor.survey import questionnaire as qmod


@pytest.fixture(autouse=True)
def _fresh_caches():
    qmod._catalogue_names.cache_clear()
    loader.shipped_catalog.cache_clear()
    yield
    qmod._catalogue_names.cache_clear()
    loader.shipped_catalog.cache_clear()


def test_fast_names_equal_the_validated_catalogue():
    criteria, platforms = qmod._catalogue_names()
    assert (criteria, platforms) == qmod._validated_catalogue_names()
    assert [c for c, _ in criteria] == ["control", "privacy", "usability", "integrations", "separation"]
    catalog = loader.shipped_catalog()
    assert {p for p, _ in platforms} == {p.id for p in catalog.platforms if not p.retired}


def test_an_unreadable_platform_file_falls_back_to_the_validated_load(tmp_path, monkeypatch):
    copy = tmp_path / "criteria"
    shutil.copytree(loader.DEFAULT_DIR, copy)
    (copy / "platforms" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(loader, "DEFAULT_DIR", copy)
    calls = []
    monkeypatch.setattr(qmod, "_validated_catalogue_names", lambda: calls.append(1) or ((), ()))
    assert qmod._catalogue_names() == ((), ())
    assert calls == [1]
