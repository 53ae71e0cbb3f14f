"""Service settings: environment variables (and a `.env` file), validated at start."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDERS = {"changeme", "xxx", "secret", "your-secret", "xoxb-your-token"}
SIGNING_SECRET = re.compile(r"[0-9a-fA-F]{32,}")
MIN_RINGRING_TOKEN = 16


def is_loopback(host: str) -> bool:
    """Whether a host name or address stays on this machine (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    """Every setting of the service; names are the environment variables of the README."""

    # an empty value (`TOMATIC_BACKUP_DIR=` in .env) means unset, not the path "." or ""
    model_config = SettingsConfigDict(
        env_file=".env", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    slack_bot_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(
        None, validation_alias=_env("SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN"))
    slack_api_url: str = Field("https://slack.com/api/", validation_alias=_env("SLACK_API_URL"))
    slack_rate_factor: float = Field(1.0, gt=0, le=1000, validation_alias=_env("SLACK_RATE_FACTOR"))
    db_path: Path = Field(Path("var/tomatic.db"), validation_alias=_env("TOMATIC_DB"))
    host: str = Field("127.0.0.1", validation_alias=_env("TOMATIC_HOST"))
    port: int = Field(3000, ge=1, le=65535, validation_alias=_env("TOMATIC_PORT"))
    config_path: Path = Field(Path("data/config.yaml"), validation_alias=_env("TOMATIC_CONFIG"))
    timezone: str = Field("Europe/Madrid", validation_alias=_env("TOMATIC_TIMEZONE"))
    language: Literal["ca", "es", "en"] = Field("en", validation_alias=_env("TOMATIC_LANGUAGE"))
    team_channel: str | None = Field(None, validation_alias=_env("TOMATIC_TEAM_CHANNEL"))
    solver_workers: int = Field(1, ge=1, le=64, validation_alias=_env("TOMATIC_SOLVER_WORKERS"))
    pbx: Literal["fake", "asterisk-ssh"] = Field("fake", validation_alias=_env("TOMATIC_PBX"))
    pbx_host: str | None = Field(None, validation_alias=_env("TOMATIC_PBX_HOST"))
    pbx_port: int = Field(22, ge=1, le=65535, validation_alias=_env("TOMATIC_PBX_PORT"))
    pbx_user: str | None = Field(None, validation_alias=_env("TOMATIC_PBX_USER"))
    pbx_password: SecretStr | None = Field(None, validation_alias=_env("TOMATIC_PBX_PASSWORD"))
    pbx_key: Path | None = Field(None, validation_alias=_env("TOMATIC_PBX_KEY"))
    pbx_known_hosts: Path | None = Field(None, validation_alias=_env("TOMATIC_PBX_KNOWN_HOSTS"))
    pbx_queue: str = Field("tomatic", validation_alias=_env("TOMATIC_PBX_QUEUE"))
    pbx_interface: str = Field("SIP/{extension}", validation_alias=_env("TOMATIC_PBX_INTERFACE"))
    erp: Literal["demo", "odoo"] = Field("demo", validation_alias=_env("TOMATIC_ERP"))
    erp_url: str | None = Field(None, validation_alias=_env("TOMATIC_ERP_URL"))
    erp_db: str | None = Field(None, validation_alias=_env("TOMATIC_ERP_DB"))
    erp_user: str | None = Field(None, validation_alias=_env("TOMATIC_ERP_USER"))
    erp_password: SecretStr | None = Field(None, validation_alias=_env("TOMATIC_ERP_PASSWORD"))
    ringring_token: SecretStr | None = Field(None, validation_alias=_env("TOMATIC_RINGRING_TOKEN"))
    call_retention_days: int = Field(
        365, ge=1, le=36500, validation_alias=_env("TOMATIC_CALL_RETENTION_DAYS")
    )
    public_url: str | None = Field(None, validation_alias=_env("TOMATIC_PUBLIC_URL"))
    # backups: `tomatic backup`, and the nightly job when a folder is set
    backup_dir: Path | None = Field(None, validation_alias=_env("TOMATIC_BACKUP_DIR"))
    backup_keep: int = Field(14, ge=1, le=1000, validation_alias=_env("TOMATIC_BACKUP_KEEP"))
    # transport security (issues 14 and 15)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        "INFO", validation_alias=_env("TOMATIC_LOG_LEVEL")
    )
    ringring_max_in_flight: int = Field(
        40, ge=1, le=1000, validation_alias=_env("TOMATIC_RINGRING_MAX_IN_FLIGHT")
    )
    # observability: without a token, /metrics answers direct loopback requests only
    metrics_token: SecretStr | None = Field(None, validation_alias=_env("TOMATIC_METRICS_TOKEN"))

    @field_validator("log_level", mode="before")
    @classmethod
    def _level_name(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("slack_signing_secret")
    @classmethod
    def _signing_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not SIGNING_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError(
                "is not a Slack signing secret (32 or more hexadecimal characters, no spaces):"
                " copy 'Signing Secret' from your Slack app's Basic Information page"
            )
        return value

    @field_validator("ringring_token", "metrics_token")
    @classmethod
    def _token_length(cls, value: SecretStr | None) -> SecretStr | None:
        token = value.get_secret_value() if value is not None else ""
        if token and (len(token) < MIN_RINGRING_TOKEN or any(c.isspace() for c in token)):
            raise ValueError(
                f"must be at least {MIN_RINGRING_TOKEN} characters without spaces"
                " (e.g. the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(24))')"
            )
        return value

    @property
    def local_url(self) -> str:
        """The listen address as a URL, e.g. http://127.0.0.1:3000 (IPv6 in brackets)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def startup_warnings(self) -> list[str]:
        """Settings that work but put secrets or data at risk: one sentence each."""
        warnings = []
        erp = urlsplit(self.erp_url or "")
        if self.erp == "odoo" and erp.scheme == "http" and not is_loopback(erp.hostname or ""):
            warnings.append(
                "TOMATIC_ERP_URL is plain http:// to another host: the ERP password"
                " travels unencrypted with every call; use https://"
            )
        return warnings

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r} (try Europe/Madrid)") from error
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError("must be an http(s) URL ending in '/', like https://slack.com/api/")
        return value

    @field_validator("public_url", "erp_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError("must be an http(s) address, like https://tomatic.example.coop")
        return value

    @field_validator("pbx_interface")
    @classmethod
    def _interface(cls, value: str) -> str:
        if "{extension}" not in value:
            raise ValueError("must contain {extension}, like SIP/{extension}")
        return value

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        text = value.get_secret_value().strip().lower() if value is not None else ""
        if text in PLACEHOLDERS or text.endswith("..."):  # .env.example's `xoxb-...`
            raise ValueError("is a placeholder; set the real value from your Slack app page")
        return value

    @field_validator("pbx_password", "erp_password")
    @classmethod
    def _no_password_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip() == "...":
            raise ValueError("is the placeholder of .env.example; set the real password")
        return value

    @model_validator(mode="after")
    def _slack_pair(self) -> Settings:
        if bool(self.slack_bot_token) != bool(self.slack_signing_secret):
            raise ValueError(
                "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET go together: set both or neither"
            )
        if self.pbx == "asterisk-ssh" and not self.pbx_host:
            raise ValueError("TOMATIC_PBX=asterisk-ssh needs TOMATIC_PBX_HOST")
        files = {"TOMATIC_PBX_KEY": self.pbx_key, "TOMATIC_PBX_KNOWN_HOSTS": self.pbx_known_hosts}
        for name, path in files.items():
            if self.pbx == "asterisk-ssh" and path is not None and not path.is_file():
                raise ValueError(f"{name}: there is no file {path}")
        return self

    @property
    def zone(self) -> ZoneInfo:
        """The team's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def sandbox(self) -> bool:
        """No Slack tokens: serve the local Slack sandbox instead."""
        return self.slack_bot_token is None

    @property
    def base_url(self) -> str:
        """Where people reach this service (for links such as calendars)."""
        return (self.public_url or self.local_url).rstrip("/")


def describe_error(error: Exception) -> str:
    """One line naming the bad variable and what is wrong with it."""
    from pydantic import ValidationError

    if not isinstance(error, ValidationError):
        return str(error)
    parts = []
    for item in error.errors():
        loc = [str(x) for x in item.get("loc", ())]
        name = _variable_name(loc[0]) if loc else "settings"
        message = item.get("msg", "invalid").removeprefix("Value error, ")
        parts.append(f"{name}: {message}" if loc else message)
    return "invalid settings: " + "; ".join(parts)


def _variable_name(field: str) -> str:
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info else None
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return field.upper()


def load_settings_or_exit() -> Settings:
    """Settings from the environment; on error print one line and exit with status 2."""
    import sys

    try:
        return Settings()
    except Exception as error:  # pydantic's ValidationError and bad .env files alike
        print(f"tomatic: {describe_error(error)}", file=sys.stderr)
        raise SystemExit(2) from None
