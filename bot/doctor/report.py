"""One check's result and its line: `✔ Label: what was found` or `✘ Label: what to do`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tomatic.i18n import t

PASSED, FAILED = "✔", "✘"


@dataclass(frozen=True)
class Check:
    """The outcome of one check: `name` picks its label, `key` its sentence (doctor.<name>.<key>)."""

    name: str
    ok: bool
    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def line(self, lang: str) -> str:
        """The check as one line in `lang`."""
        mark = PASSED if self.ok else FAILED
        label = t(lang, f"doctor.{self.name}.label")
        return f"{mark} {label}: {t(lang, f'doctor.{self.name}.{self.key}', **self.params)}"


def passed(check: str, key: str = "ok", /, **params: Any) -> Check:
    """A check that passed."""
    return Check(check, True, key, params)


def failed(check: str, key: str, /, **params: Any) -> Check:
    """A check that failed; its sentence says what to do."""
    return Check(check, False, key, params)


def summary(checks: list[Check], lang: str) -> str:
    """The last line: all passed, or how many failed."""
    bad = sum(not check.ok for check in checks)
    if bad:
        return t(lang, "doctor.summary.failed", failed=bad, count=len(checks))
    return t(lang, "doctor.summary.ok", count=len(checks))
