import datetime as dt

import pytest

from tomatic.domain.availability import parse_day, parse_optional, parse_turns
from tomatic.domain.errors import ValidationError


@pytest.mark.parametrize(
    ("token", "expected"),
    [("dm", ("dm", None)), ("tue", ("dm", None)), ("Dimarts", ("dm", None)), ("all", (None, None)),
     ("2026-12-01", (None, dt.date(2026, 12, 1)))],
)  # fmt: skip
def test_days_are_read_in_every_spelling(token, expected):
    assert parse_day(token) == expected


@pytest.mark.parametrize("token", ["ds", "someday", "2026-13-01", "2026-11-28"])
def test_bad_or_weekend_days_are_refused_with_a_specific_key(token):
    with pytest.raises(ValidationError) as error:
        parse_day(token)
    assert error.value.key in {"busy.bad_day", "busy.bad_date", "busy.weekend_date"}
    assert error.value.params["value"] == token


@pytest.mark.parametrize(
    ("token", "bitmap"), [("0011", "0011"), ("3,4", "0011"), ("1", "1000"), ("all", "1111")]
)
def test_turns_accept_bitmaps_lists_and_all(token, bitmap):
    assert parse_turns(token, 4) == bitmap


@pytest.mark.parametrize("token", ["00110", "0000", "5", "0,1", "abc"])
def test_bad_turns_are_refused(token):
    with pytest.raises(ValidationError):
        parse_turns(token, 4)


def test_optional_words_in_three_languages():
    assert parse_optional("opcional") is True
    assert parse_optional("required") is False
    assert parse_optional("obligatori") is False
    with pytest.raises(ValidationError):
        parse_optional("maybe")
