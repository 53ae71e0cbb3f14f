"""`tomatic serve`."""

from __future__ import annotations

import argparse

import structlog
from aiohttp import web

from bot.cli.runner import EXIT_USAGE, fail, load_settings


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register `serve`."""
    parser = sub.add_parser("serve", help="run the service (Slack events, health, sandbox)")
    parser.set_defaults(handler=serve)


def serve(args: argparse.Namespace) -> int:
    """Validate settings, then run the web application until interrupted."""
    from bot.app import create_app
    from bot.config_file import ConfigFileError
    from bot.logs import configure_logging
    from bot.sandbox_mode import UnsafeSandboxError, sandbox_page_url

    settings = load_settings()
    configure_logging(settings.log_level)
    try:
        app = create_app(settings)
    except (ConfigFileError, UnsafeSandboxError) as error:
        return fail(str(error), EXIT_USAGE)
    for warning in settings.startup_warnings():
        structlog.get_logger("tomatic.settings").warning(warning)
    if settings.sandbox:
        print(f"Tomàtic sandbox: {sandbox_page_url(app)}", flush=True)
        print(
            "No Slack tokens set (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET): serving the local Slack "
            "sandbox. See the README, 'Connect a real Slack workspace'.",
            flush=True,
        )
    else:
        print(f"Tomàtic listening on {settings.local_url}/slack/events", flush=True)
    web.run_app(app, host=settings.host, port=settings.port, print=None, access_log=None)
    return 0
