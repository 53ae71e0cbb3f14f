import pytest

from tomatic.domain.availability import parse_optional, parse_turns
from tomatic.domain.errors import ValidationError
from tomatic.i18n import t


@pytest.mark.parametrize(
    ("token", "bitmap"),
    [("0011", "0011"), ("3,4", "0011"), ("1", "1000"), ("all", "1111"), ("tots", "1111")],
)
def test_turns_accept_bitmaps_lists_and_all(token, bitmap):
    assert parse_turns(token, 4) == bitmap


@pytest.mark.parametrize("token", ["00110", "0000", "5", "0,1", "abc", "²", "٣,4"])
def test_bad_turns_are_refused(token):
    with pytest.raises(ValidationError):
        parse_turns(token, 4)


def test_optional_words_in_three_languages():
    assert parse_optional("opcional") is True
    assert parse_optional("required") is False
    assert parse_optional("obligatori") is False
    with pytest.raises(ValidationError):
        parse_optional("maybe")


@pytest.mark.parametrize("lang", ["ca", "es", "en"])
def test_the_words_the_busy_list_shows_can_be_typed_back(lang):
    assert parse_optional(t(lang, "busy.optional")) is True
    assert parse_optional(t(lang, "busy.required")) is False
