"""One contract per port, two implementations each: PbxQueue (the fake and Asterisk over SSH)
and every store (in memory and SQLite)."""

from tests.support.pbx_fixtures import pbx
from tests.support.stores import stores

__all__ = ["pbx", "stores"]
