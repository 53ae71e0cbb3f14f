"""Settings: defaults, and one clear line naming the variable when a value is bad."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.settings import Settings


def test_defaults_run_on_embedded_adapters(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.sandbox and settings.pbx == "fake" and settings.erp == "demo"
    assert (settings.host, settings.port, settings.timezone) == ("127.0.0.1", 3000, "Europe/Madrid")
    assert str(settings.db_path) == "var/tomatic.db"


def test_a_dotenv_file_is_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("TOMATIC_PORT=4000\nTOMATIC_LANGUAGE=ca\n")
    assert (Settings().port, Settings().language) == (4000, "ca")


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [("TOMATIC_PORT", "abc", "TOMATIC_PORT"), ("TOMATIC_TIMEZONE", "Mars/Base", "TOMATIC_TIMEZONE"),
     ("TOMATIC_LANGUAGE", "fr", "TOMATIC_LANGUAGE"), ("SLACK_API_URL", "ftp://x", "SLACK_API_URL"),
     ("SLACK_BOT_TOKEN", "xoxb-123", "SLACK_SIGNING_SECRET"), ("TOMATIC_PBX", "asterisk-ssh", "TOMATIC_PBX_HOST")],
)  # fmt: skip
def test_a_bad_value_stops_with_one_line_naming_the_variable(
    monkeypatch, tmp_path, capsys, variable, value, said
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as stopped:
        main(["serve"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert said in err


def test_secrets_are_not_shown(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "a150ec7e" * 4)
    settings = Settings()
    assert "very-secret" not in repr(settings) and "a150ec7e" not in str(settings)
