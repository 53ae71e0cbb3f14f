"""Reading the planning configuration YAML."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from tomatic.domain.config import PlanningConfig


class ConfigFileError(Exception):
    """The planning configuration cannot be used; the message says why."""


def load_planning_config(path: Path, overrides: dict | None = None) -> PlanningConfig:
    """Parse `path` into a PlanningConfig (a missing file gives the defaults), with
    `overrides` (settings stored in the database) taking precedence."""
    if not path.exists():
        return PlanningConfig.model_validate(overrides or {})
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ConfigFileError(f"{path}: not valid YAML: {error}") from error
    except (OSError, UnicodeDecodeError) as error:  # a folder, no permission, not text
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ConfigFileError(f"{path}: cannot be read ({reason})") from error
    if not isinstance(data, dict):
        raise ConfigFileError(f"{path}: expected a mapping of settings")
    try:
        return PlanningConfig.model_validate({**data, **(overrides or {})})
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise ConfigFileError(f"{path}: {where}: {first['msg']}") from error
