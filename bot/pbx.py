"""Building the PBX queue adapter chosen in the settings."""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Callable
from dataclasses import dataclass

from bot.settings import Settings
from tomatic.adapters.asterisk_ssh import AsteriskSshQueue
from tomatic.adapters.pbx_fake import FakePbxQueue
from tomatic.ports import PbxQueue


@dataclass(frozen=True)
class CallableClock:
    """A `Clock` around the container's `now()` function."""

    now_fn: Callable[[], dt.datetime]

    def now(self) -> dt.datetime:
        """The current time."""
        return self.now_fn()


def build_pbx(settings: Settings, clock: Callable[[], dt.datetime]) -> PbxQueue:
    """`fake` → a simulated queue following `clock`; `asterisk-ssh` → Asterisk's CLI over SSH."""
    if settings.pbx == "fake":
        return FakePbxQueue(seed=0, clock=CallableClock(clock))
    password = settings.pbx_password.get_secret_value() if settings.pbx_password else None
    return AsteriskSshQueue(
        settings.pbx_host or "",
        settings.pbx_port,
        username=settings.pbx_user or getpass.getuser(),
        queue=settings.pbx_queue,
        password=password,
        key_path=settings.pbx_key,
        known_hosts=settings.pbx_known_hosts,
        interface=settings.pbx_interface,
    )
