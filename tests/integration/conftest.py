"""Fixtures for integration tests against a local SSH Asterisk server."""

from tests.support.pbx_fixtures import asterisk_server

__all__ = ["asterisk_server"]
