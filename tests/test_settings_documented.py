"""Every setting is documented: the configuration page of the documentation site
(``docs/configuration.md``) has a table row for each ``ADVISOR_*`` variable the Settings
object reads, and none for a variable that it does not."""

from __future__ import annotations

import re
from dataclasses import fields

from advisor.settings import ROOT, Settings

CONFIGURATION_PAGE = ROOT / "docs" / "configuration.md"


def documented() -> set[str]:
    """The variables named in the first cell of a table row (a row may name two) of the
    configuration page, or of another page that documents its own settings."""
    pages = [CONFIGURATION_PAGE, *sorted(p for p in (ROOT / "docs").glob("*.md") if p != CONFIGURATION_PAGE)]
    lines = "\n".join(p.read_text("utf-8") for p in pages).splitlines()
    rows = [line for line in lines if line.startswith("| `ADVISOR_")]
    return {name for row in rows for name in re.findall(r"`(ADVISOR_[A-Z0-9_]+)`", row.split("|")[1])}


def test_every_setting_is_in_the_configuration_table() -> None:
    settings = {f"ADVISOR_{f.name.upper()}" for f in fields(Settings)}
    assert not settings - documented(), f"add these to the table in {CONFIGURATION_PAGE.name}"
    assert not documented() - settings, f"{CONFIGURATION_PAGE.name} documents settings that do not exist"


def test_each_setting_is_read_from_its_variable(monkeypatch) -> None:
    samples = {"str": "x-sample", "int": "7", "float": "0.5", "bool": "false"}
    for f in fields(Settings):
        sample = samples.get(str(f.type))
        if sample is None:
            continue  # paths and lists: covered by the tests that configure them
        if f.name == "retriever":
            sample = "bm25"  # checked against a fixed list
        if f.name == "chroma_url":
            sample = "http://127.0.0.1:8000"  # checked to be an address
        if f.name == "lti_registration_key":
            sample = "x-sample-of-sixteen-chars"  # checked to be long and URL-safe
        if f.name == "database_url":
            sample = "postgresql://advisor@db.example/advisor"  # checked to be a database URL
        if f.name == "lti_key_secret":
            sample = "x-sample-secret-of-32-characters"  # checked to be long enough
        if f.name == "admin_token":
            sample = "x-sample-token-of-at-least-thirty-two-characters"  # checked to be long
        if f.name == "workers":
            monkeypatch.setenv("ADVISOR_CHROMA_URL", "http://127.0.0.1:8000")  # several need a server
        monkeypatch.setenv(f"ADVISOR_{f.name.upper()}", sample)
        value = getattr(Settings.from_env(), f.name)
        monkeypatch.delenv(f"ADVISOR_{f.name.upper()}")
        assert str(value).lower() == sample, f"ADVISOR_{f.name.upper()} is not read"


def test_paths_given_as_text_are_paths(tmp_path) -> None:
    settings = Settings.from_env(corpus_dir=str(tmp_path / "guides"), lti_db=str(tmp_path / "lti.db"))
    assert settings.corpus_dir == tmp_path / "guides" and settings.lti_db == tmp_path / "lti.db"
    assert settings.corpus_dir.name == "guides"  # a Path, as the index and the corpus reader expect
