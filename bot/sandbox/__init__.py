"""A local stand-in for Slack: Web API, signed requests to the bot, and a browser page.

Mount `Sandbox(...).web_app()` (e.g. at /sandbox) and point the bot's Web API client at
`<sandbox root>/api/`; or run it standalone with `async with sandbox.serve() as base_url`.
"""

from bot.sandbox.models import BotReply, DemoAction, Message, SandboxUser, View
from bot.sandbox.sandbox import Sandbox
from bot.sandbox.sender import signature, signed_headers

__all__ = [
    "BotReply",
    "DemoAction",
    "Message",
    "Sandbox",
    "SandboxUser",
    "View",
    "signature",
    "signed_headers",
]
