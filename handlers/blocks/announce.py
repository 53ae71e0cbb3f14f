"""`/tomatic says`: the coordinator's words posted as Tomàtic, formatting kept, nothing smuggled.

Slack sends a command's text with what the writer meant already marked up (`should_escape`):
`@here` arrives as `<!here>`, `@anna` as `<@U…|anna>`, a link as `<https://…>`, a typed `<`
as `&lt;`. Those tokens are the coordinator's and pass; any other `<…>` (a `<!channel>` that
came from a name, a variable or a paste, a disguised link with a label inside a label) and
any stray `<` or `&` are made inert, so only mentions the coordinator wrote can ping.
"""

from __future__ import annotations

import re
from typing import Any

from handlers.blocks.messages import Rendered, message

TOKEN = re.compile(r"<([^<>]*)>")
LABEL = r"(?:\|[^|<>]*)?"
WRITTEN = re.compile(
    rf"(?:@[UW][A-Z0-9]+{LABEL}"  # a person
    rf"|#C[A-Z0-9]+{LABEL}"  # a channel
    rf"|!(?:here|channel|everyone){LABEL}"  # typed @here, @channel, @everyone
    rf"|!subteam\^S[A-Z0-9]+{LABEL}"  # a user group
    rf"|(?:https?|mailto):[^|<>\s]+{LABEL})"  # a link, its label
)
ENTITY = re.compile(r"&(?!(?:amp|lt|gt);)")


def inert(text: str) -> str:
    """`<` and any `&` not already an entity, as Slack's entities. A lone `>` stays: it
    cannot open a token, and at a line's start it is the coordinator's block quote."""
    return ENTITY.sub("&amp;", text).replace("<", "&lt;")


def announcement(text: str) -> str:
    """The text with the coordinator's own tokens kept and everything else inert."""
    parts: list[str] = []
    position = 0
    for token in TOKEN.finditer(text):
        parts.append(inert(text[position : token.start()]))
        kept = WRITTEN.fullmatch(token.group(1)) is not None
        parts.append(token.group(0) if kept else inert(token.group(0)))
        position = token.end()
    parts.append(inert(text[position:]))
    return "".join(parts)


@message("operations.says")
def says_message(payload: dict[str, Any], lang: str) -> Rendered:
    """The coordinator's message, as `announcement` lets it through."""
    return announcement(payload["text"]), None
