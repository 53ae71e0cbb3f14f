"""Settings: defaults, and one clear line naming the variable when a value is bad."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.settings import Settings, describe_error


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


@pytest.mark.parametrize(
    "secret",
    [
        " ",
        "short",
        "0123456789abcdef0123456789abcde",
        "0123456789abcdef 0123456789abcdef",
        "0123456789abcdef0123456789abcdeg",
        '"0123456789abcdef0123456789abcdef"',
    ],
)
def test_an_obviously_invalid_signing_secret_stops_the_start(monkeypatch, tmp_path, capsys, secret):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-123")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", secret)
    with pytest.raises(SystemExit):
        main(["serve"])
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "SLACK_SIGNING_SECRET" in err
    assert "32 or more hexadecimal" in err


def test_slacks_signing_secret_shape_is_accepted(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-123")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "8f742231b10e8888abcd99a0f1e285a5")
    assert not Settings().sandbox


@pytest.mark.parametrize(
    ("variable", "value"),
    [("TOMATIC_LOG_LEVEL", "verbose"), ("TOMATIC_RINGRING_MAX_IN_FLIGHT", "0")],
)
def test_transport_settings_are_checked(monkeypatch, tmp_path, capsys, variable, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit):
        main(["serve"])
    assert variable in capsys.readouterr().err


def test_the_log_level_is_read_in_any_case(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert Settings().log_level == "INFO"
    monkeypatch.setenv("TOMATIC_LOG_LEVEL", " debug")
    assert Settings().log_level == "DEBUG"


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://erp.example.coop:8069", True),
        ("https://erp.example.coop", False),
        ("http://127.0.0.1:8069", False),
        ("http://localhost:8069", False),
    ],
)
def test_a_plain_http_erp_url_to_another_host_is_warned_about(monkeypatch, tmp_path, url, warned):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_ERP", "odoo")
    monkeypatch.setenv("TOMATIC_ERP_URL", url)
    warnings = Settings().startup_warnings()
    assert bool(warnings) == warned
    assert all("TOMATIC_ERP_URL" in warning for warning in warnings)


def test_an_empty_value_in_dotenv_means_unset(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "SLACK_BOT_TOKEN=\nSLACK_SIGNING_SECRET=\nTOMATIC_BACKUP_DIR=\nTOMATIC_PBX_KNOWN_HOSTS=\n"
        "TOMATIC_DB=\nTOMATIC_PUBLIC_URL=\n"
    )
    settings = Settings()
    assert settings.sandbox and settings.backup_dir is None and settings.pbx_known_hosts is None
    assert str(settings.db_path) == "var/tomatic.db" and settings.public_url is None


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TOMATIC_PUBLIC_URL", "tomatic.example.coop"),
        ("TOMATIC_ERP_URL", "erp.example.coop:8069"),
        ("TOMATIC_PUBLIC_URL", "https://"),
    ],
)
def test_an_address_without_http_is_refused(monkeypatch, tmp_path, variable, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError) as refused:
        Settings()
    assert f"{variable}: must be an http(s) address" in describe_error(refused.value)


@pytest.mark.parametrize("variable", ["TOMATIC_PBX_KEY", "TOMATIC_PBX_KNOWN_HOSTS"])
def test_a_pbx_key_or_known_hosts_file_that_is_not_there_stops_the_start(
    monkeypatch, tmp_path, variable
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TOMATIC_PBX", "asterisk-ssh")
    monkeypatch.setenv("TOMATIC_PBX_HOST", "pbx.example.coop")
    monkeypatch.setenv(variable, str(tmp_path / "pbx_ed25519"))
    with pytest.raises(ValueError) as refused:
        Settings()
    said = describe_error(refused.value)
    assert said == f"invalid settings: {variable}: there is no file {tmp_path / 'pbx_ed25519'}"
    (tmp_path / "pbx_ed25519").write_text("a key")
    assert (
        getattr(Settings(), variable.removeprefix("TOMATIC_").lower()) == tmp_path / "pbx_ed25519"
    )


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("SLACK_BOT_TOKEN=xoxb-...", "SLACK_BOT_TOKEN: is a placeholder"),
        ("SLACK_APP_TOKEN=xapp-...", "SLACK_APP_TOKEN: is a placeholder"),
        ("TOMATIC_PBX_PASSWORD=...", "TOMATIC_PBX_PASSWORD: is the placeholder of .env.example"),
        ("TOMATIC_ERP_PASSWORD=...", "TOMATIC_ERP_PASSWORD: is the placeholder of .env.example"),
    ],
)
def test_a_line_of_env_example_uncommented_as_it_is_is_refused(monkeypatch, tmp_path, line, said):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(line + "\nSLACK_SIGNING_SECRET=" + "0a" * 16 + "\n")
    with pytest.raises(ValueError) as refused:
        Settings()
    assert said in describe_error(refused.value)
