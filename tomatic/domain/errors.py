"""Domain errors. Each carries a message key and parameters, translated at the edges."""

from __future__ import annotations

import datetime as dt
from typing import Any


class TomaticError(Exception):
    """Base of every error meant to reach a user as a plain sentence.

    `key` names a message in the catalogues (tomatic/i18n); `params` fill it in.
    """

    key = "error.generic"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key = key or self.key
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its class and attributes, whatever its `__init__` takes: errors raised
        in a worker process reach the service intact (key, params and any extra field)."""
        return _restore, (type(self), self.args, dict(self.__dict__))


def plain_params(params: dict[str, Any]) -> dict[str, Any]:
    """An error's parameters as plain data, for a stored record or a message payload: dates
    (also in lists) as ISO texts, written out in the reader's language where shown."""
    return {key: _plain(value) for key, value in params.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(each) for each in value]
    return value


def _restore(cls: type[TomaticError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class NotRegisteredError(TomaticError):
    """The Slack user is not a known person."""

    key = "error.not_registered"


class PermissionDeniedError(TomaticError):
    """Only coordinators may do this."""

    key = "error.admins_only"


class ValidationError(TomaticError):
    """User input is malformed; nothing was changed."""

    key = "error.invalid"


class NotFoundError(TomaticError):
    """The thing named does not exist."""

    key = "error.not_found"


class ConflictError(TomaticError):
    """The change clashes with existing data (duplicate id, taken extension...)."""

    key = "error.conflict"


class PbxError(TomaticError):
    """Base of PBX failures."""

    key = "pbx.error"


class UnknownMemberError(PbxError):
    """The extension is not a member of the queue."""

    key = "pbx.unknown_member"


class PbxUnreachableError(PbxError):
    """The PBX could not be reached (network, timeout, authentication)."""

    key = "pbx.unreachable"


class PbxRefusedError(PbxError):
    """The PBX answered but refused the command."""

    key = "pbx.refused"


class CustomerDataError(TomaticError):
    """The ERP could not be queried (timeout, fault)."""

    key = "callinfo.unavailable"


class SolverCrashedError(TomaticError):
    """The planner worker died (killed, out of memory)."""

    key = "plan.crashed"


class DirectoryUnavailableError(TomaticError):
    """The chat platform's user directory did not answer (rate limit, network, permissions);
    `reason` names its error. Nothing is concluded about the person: try again later."""

    key = "slack.directory_unavailable"
