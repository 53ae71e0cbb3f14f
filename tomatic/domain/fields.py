"""Checking every field of a form at once, so that people see all their mistakes together."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tomatic.domain.errors import TomaticError, ValidationError

T = TypeVar("T")


class InvalidFieldsError(ValidationError):
    """Several fields of one request are wrong; `fields` maps each field to its error.

    `key` and `params` are those of the first error, for places that show one sentence only
    (a command reply, the command line); forms show each error under its own field.
    """

    def __init__(self, fields: dict[str, TomaticError]) -> None:
        if not fields:
            raise ValueError("InvalidFieldsError needs at least one field error")
        first = next(iter(fields.values()))
        super().__init__(first.key, **first.params)
        self.fields = dict(fields)


class FieldErrors:
    """Collects at most one error per field while a request is checked."""

    def __init__(self) -> None:
        self.errors: dict[str, TomaticError] = {}

    def add(self, field: str, error: TomaticError) -> None:
        """Record `error` for `field` unless the field already has one."""
        self.errors.setdefault(field, error)

    def check(self, field: str, read: Callable[[], T]) -> T | None:
        """`read()`, or None when it raises a domain error (recorded for `field`)."""
        try:
            return read()
        except TomaticError as error:
            self.add(field, error)
            return None

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_if_any(self) -> None:
        """Raise InvalidFieldsError with every recorded error (in the order found)."""
        if self.errors:
            raise InvalidFieldsError(self.errors)
