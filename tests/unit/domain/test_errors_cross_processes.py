"""Domain errors survive pickling, so a worker process can raise them to the service."""

from __future__ import annotations

import importlib
import inspect
import pickle
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import bot
import handlers
import tomatic
from tomatic.domain.errors import TomaticError, ValidationError
from tomatic.domain.fields import InvalidFieldsError
from tomatic.planner.instance import ProblemError

SKIPPED_MODULES = ("bot.__main__",)


def _every_module() -> Iterator[str]:
    for package in (tomatic, handlers, bot):
        for found in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if found.name not in SKIPPED_MODULES:
                yield found.name


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def every_tomatic_error() -> list[type[TomaticError]]:
    """Every subclass of TomaticError defined anywhere in the code, the base included."""
    for name in _every_module():
        importlib.import_module(name)
    return sorted({TomaticError, *_subclasses(TomaticError)}, key=lambda c: c.__qualname__)


BUILT_OTHERWISE: dict[type, Callable[[], TomaticError]] = {
    InvalidFieldsError: lambda: InvalidFieldsError(
        {"email": ValidationError("person.bad_email", value="x@"), "name": ValidationError()}
    ),
}
"""Errors whose `__init__` does not take (key, **params)."""


def _example(cls: type[TomaticError]) -> TomaticError:
    if cls in BUILT_OTHERWISE:
        return BUILT_OTHERWISE[cls]()
    assert cls.__init__ is TomaticError.__init__, f"{cls.__qualname__}: add it to BUILT_OTHERWISE"
    return cls(week="2026-11-30", reason="nobody has an ideal load", count=3)


def _state(value: Any) -> Any:
    """What an error holds, nested errors included (exceptions compare by identity)."""
    if isinstance(value, BaseException):
        return {"type": type(value), "args": value.args, "str": str(value), **_state(vars(value))}
    if isinstance(value, dict):
        return {key: _state(item) for key, item in value.items()}
    return value


def test_the_search_finds_the_errors_of_every_layer():
    names = {cls.__name__ for cls in every_tomatic_error()}
    assert {"SolverCrashedError", "AlreadyPublishedError", "InvalidFieldsError"} <= names


@pytest.mark.parametrize("cls", every_tomatic_error(), ids=lambda cls: cls.__qualname__)
def test_every_domain_error_comes_back_from_pickle_equal(cls):
    error = _example(cls)
    again = pickle.loads(pickle.dumps(error))
    assert _state(again) == _state(error)
    assert (again.key, again.params) == (error.key, error.params)


def test_a_domain_error_with_its_own_key_keeps_key_and_params():
    error = ValidationError("plan.no_ideal_loads", week="2026-11-30")
    again = pickle.loads(pickle.dumps(error))
    assert (again.key, again.params) == ("plan.no_ideal_loads", {"week": "2026-11-30"})


def test_a_malformed_problem_error_comes_back_with_its_path_and_reason():
    again = pickle.loads(pickle.dumps(ProblemError("maxLoad.anna", "must be >= 0")))
    assert (again.path, again.reason, str(again)) == (
        "maxLoad.anna",
        "must be >= 0",
        "maxLoad.anna: must be >= 0",
    )
    assert inspect.signature(ProblemError).parameters.keys() == {"path", "reason"}
