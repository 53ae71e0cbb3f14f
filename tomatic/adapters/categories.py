"""Reading call categories from YAML files (ours, or the original's formats)."""

from __future__ import annotations

from pathlib import Path

import yaml

from tomatic.domain.calls import Category, categories_from_data
from tomatic.domain.errors import ValidationError


def load_categories(path: Path | str) -> list[Category]:
    """The categories in a YAML file; see `categories_from_data` for the accepted formats.

    Raises:
        ValidationError: the file is not YAML or holds no categories.
    """
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValidationError("callinfo.bad_categories") from error
    return categories_from_data(data)
