"""Every setting is documented: the README's configuration table names each ``ADVISOR_*``
variable the Settings object reads, and names none that it does not."""

from __future__ import annotations

import re
from dataclasses import fields

from advisor.settings import ROOT, Settings


def documented() -> set[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    table = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `ADVISOR_")]
    return {name for row in rows for name in re.findall(r"`(ADVISOR_[A-Z0-9_]+)`", row.split("|")[1])}


def test_every_setting_is_in_the_readme_table() -> None:
    settings = {f"ADVISOR_{f.name.upper()}" for f in fields(Settings)}
    assert not settings - documented(), "add these to the README's configuration table"
    assert not documented() - settings, "the README documents settings that do not exist"


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
