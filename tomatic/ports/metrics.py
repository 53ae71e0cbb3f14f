"""The metrics port: counts and timings of what the service does, for monitoring.

The core reports through it in its own words (a command and its outcome, a PBX call and how
long it took); the adapter decides how they are kept and exposed (Prometheus, see
`tomatic/adapters/prometheus_metrics.py`). Labels are always our own names (routes,
subcommands, method names, error kinds), never what users typed, so series stay few.
"""

from __future__ import annotations

from typing import Protocol


class Metrics(Protocol):
    """Where the service reports what it did."""

    def http_request(self, route: str, method: str, status: int, seconds: float) -> None:
        """One HTTP request answered, by route template (not path)."""
        ...

    def command(self, name: str, outcome: str) -> None:
        """One `/tomatic` subcommand run (`ok`, `refused`, `not_registered`, `unknown`,
        `failed`)."""
        ...

    def slack_error(self, method: str, error: str) -> None:
        """A Slack Web API call answered with an error (`ok: false`, or no answer)."""
        ...

    def job(self, job_id: str, failed: bool) -> None:
        """One scheduled job run, failed or not."""
        ...

    def planner_run(self, outcome: str, seconds: float | None) -> None:
        """A planner run ended (`done`, `failed`, `cancelled`) after `seconds` of solving."""
        ...

    def ringring(self, outcome: str) -> None:
        """An incoming-call notification `delivered` to its operator, or `dropped`."""
        ...

    def outside_call(self, system: str, operation: str, error: str, seconds: float) -> None:
        """A call to the PBX or the ERP (`error` empty when it succeeded)."""
        ...

    def exposition(self) -> bytes:
        """Every series, in the text format monitoring systems scrape (Prometheus's)."""
        ...
