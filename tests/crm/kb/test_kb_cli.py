"""`softphone kb import|export|reindex` against the database the app uses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from softphone.__main__ import main
from softphone.crm.kb import exchange
from softphone.crm.kb.demo import demo_drafts
from tests.crm.kb.conftest import TODAY


def test_import_export_reindex_from_the_command_line(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SOFTPHONE_DATABASE_URL", database_url)
    source = tmp_path / "catalogue.csv"
    exchange.export_file(demo_drafts(TODAY), source)
    assert main(["kb", "import", str(source)]) == 0
    assert "новых записей — 31" in capsys.readouterr().out
    target = tmp_path / "back.json"
    assert main(["kb", "export", str(target)]) == 0
    exported = {(d.code, d.title, d.starts_on) for d in exchange.read_file(target)}
    assert exported == {(d.code, d.title, d.starts_on) for d in demo_drafts(TODAY)}
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "softphone-kb"
    assert main(["kb", "reindex"]) == 0
    assert "записей в поиске — 31" in capsys.readouterr().out


def test_a_bad_file_changes_nothing(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SOFTPHONE_DATABASE_URL", database_url)
    bad = tmp_path / "bad.csv"
    bad.write_text("kind;code;title\nproduct;X-1;Без цены\n", encoding="utf-8")
    assert main(["kb", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "ничего не изменено" in err and "укажите цену" in err
    assert main(["kb", "import", str(tmp_path / "missing.json")]) == 2
    assert main(["kb", "export", str(tmp_path / "empty.json")]) == 0
    assert "Выгружено записей базы знаний: 0" in capsys.readouterr().out
