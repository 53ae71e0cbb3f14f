"""One PbxQueue contract, two adapters: the in-memory fake and SSH against a local server."""

from tests.support.pbx_fixtures import pbx

__all__ = ["pbx"]
