"""`tomatic import-categories FILE` against a database on disk."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.container import SilentNotifier, build_services
from tests.conftest import REPO, make_settings

LEGACY = """\
categories:
  - {code: R001, name: Reclamació de factura, section: ATC, isclaim: true, keywords: [factura]}
  - {code: I001, name: Informació, section: INF, isclaim: false, keywords: []}
sections:
  - {code: ATC, name: Atenció al client}
  - {code: INF, name: Informació}
"""


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TOMATIC_DB", str(tmp_path / "tomatic.db"))
    monkeypatch.setenv("TOMATIC_CONFIG", str(REPO / "data" / "config.yaml"))
    monkeypatch.chdir(tmp_path)  # data/ must be found whatever the working directory
    return tmp_path


def stored_codes(tmp_path: Path) -> list[str]:
    async def go() -> list[str]:
        services = build_services(make_settings(tmp_path), SilentNotifier(), None)
        try:
            return [c.code for c in await services.callinfo.categories()]
        finally:
            await services.close()

    return asyncio.run(go())


def test_importing_the_original_format_replaces_the_default_categories(env, capsys):
    (env / "categories.yaml").write_text(LEGACY, encoding="utf-8")
    assert "FA01" in stored_codes(env)
    assert main(["import-categories", str(env / "categories.yaml")]) == 0
    assert "Imported 2 categories." in capsys.readouterr().out
    assert stored_codes(env) == ["R001", "I001"]


def test_dry_run_and_bad_files_change_nothing(env, capsys):
    (env / "categories.yaml").write_text(LEGACY, encoding="utf-8")
    (env / "empty.yaml").write_text("sections: []\n", encoding="utf-8")
    assert main(["import-categories", "--dry-run", str(env / "categories.yaml")]) == 0
    assert "R001. Reclamació de factura [Atenció al client]" in capsys.readouterr().out
    assert main(["import-categories", str(env / "empty.yaml")]) == 1
    assert "No categories found" in capsys.readouterr().err
    assert "FA01" in stored_codes(env)


def test_a_file_that_is_not_there_is_a_sentence(env, capsys):
    assert main(["import-categories", str(env / "absent.yaml")]) == 1
    said = capsys.readouterr().err
    assert said == f"tomatic: cannot read {env / 'absent.yaml'}: No such file or directory\n"
