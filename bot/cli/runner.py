"""The one runner every `tomatic` command goes through.

A command handler gets the parsed arguments and returns an exit status. Through this module
it loads the settings (a bad value: one line and exit 2), builds the services, runs one
coroutine on them, closes everything, and turns a domain error into one sentence on stderr
(exit 1) — a sentence from the catalogues, never a raw message key.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import Awaitable, Callable

from bot.config_file import ConfigFileError
from bot.container import SilentNotifier, build_services
from bot.settings import Settings, load_settings_or_exit
from bot.slack_client import build_client
from bot.slack_directory import SlackUserDirectory
from tomatic.domain.errors import TomaticError
from tomatic.i18n import t
from tomatic.i18n.formats import localised_params
from tomatic.ports import Notifier
from tomatic.services import Services

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_CLOSED_PIPE = 141
"""What a shell reports for a program stopped by SIGPIPE (128 + 13): `tomatic … | head`."""

ServicesJob = Callable[[Services], Awaitable[int]]


def load_settings() -> Settings:
    """The settings from the environment and `.env`; a bad value prints one line, exits 2."""
    return load_settings_or_exit()


def sentence(error: TomaticError, lang: str = "en") -> str:
    """A domain error as a sentence in `lang`; the generic sentence if its key is unknown."""
    text = t(lang, error.key, **localised_params(lang, error.params))
    return t(lang, "error.generic") if text == error.key else text


def admin_sentence(error: TomaticError, lang: str = "en") -> str:
    """The sentence, plus the host it concerns: operators are not told, the admin is."""
    where = f" ({error.params['host']})" if "host" in error.params else ""
    return sentence(error, lang) + where


def fail(message: str, status: int = EXIT_FAILED) -> int:
    """Print `tomatic: message` on stderr and return `status`."""
    print(f"tomatic: {message}", file=sys.stderr)
    return status


def slack_directory(settings: Settings) -> SlackUserDirectory | None:
    """Slack's user directory when Slack is configured: persons added or imported from the
    command line are linked to their Slack account at once."""
    if settings.slack_bot_token is None:
        return None
    token = settings.slack_bot_token.get_secret_value()
    return SlackUserDirectory(
        build_client(token, settings.slack_api_url, settings.slack_rate_factor)
    )


def run_with_services(
    job: ServicesJob, settings: Settings | None = None, notifier: Notifier | None = None
) -> int:
    """Build the services from the settings, await `job(services)`, close them; the status.

    Messages go to `notifier` (default: nowhere, the command line has no Slack). Configuration
    the services cannot be built from is one line and exit 2; a domain error while running is
    its sentence and exit 1.
    """
    settings = settings or load_settings()

    async def main() -> int:
        try:
            services = build_services(
                settings, notifier or SilentNotifier(), slack_directory(settings)
            )
        except TomaticError as error:
            return fail(admin_sentence(error, settings.language), EXIT_USAGE)
        except (ConfigFileError, ValueError) as error:
            return fail(str(error), EXIT_USAGE)
        except (OSError, sqlite3.Error) as error:
            return fail(f"cannot open the database {settings.db_path}: {error}", EXIT_USAGE)
        try:
            return await job(services)
        except TomaticError as error:
            return fail(admin_sentence(error, settings.language))
        finally:
            await services.close()

    return asyncio.run(main())
