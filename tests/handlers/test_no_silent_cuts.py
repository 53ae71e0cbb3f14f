"""No silent cuts: the common Block Kit helpers never drop content. A builder that hands them
too much gets a visible "…", a log line and a `TextShortened` warning, which this suite
treats as an error (pyproject's filterwarnings), so every screen the tests draw proves it
fits by design; lists go as pages, "N more" or a type-ahead that says how many matched."""

from __future__ import annotations

import datetime as dt
import subprocess
import warnings

import pytest
from structlog.testing import capture_logs

from handlers.blocks.annotate import annotate_modal
from handlers.blocks.busy import busy_modal
from handlers.blocks.calls import search_modal
from handlers.blocks.cell import cell_modal
from handlers.blocks.common import (
    TextShortened,
    confirm_dialog,
    fields,
    header,
    modal,
    plain,
    section,
)
from handlers.blocks.limits import ELLIPSIS
from handlers.blocks.paging import menu_answer
from handlers.blocks.persons import person_modal
from tests.conftest import REPO
from tests.support.blockkit import assert_view_ok
from tomatic.domain.calls import Call
from tomatic.domain.config import PlanningConfig
from tomatic.domain.model import Person
from tomatic.i18n import LANGUAGES

SLICE_AT_A_LIMIT = r"\[:(45|50|100|2800|2900|3000)\]"


def shortened(build, *args):
    """What `build(*args)` returns, with the warning it gives (the suite makes it an error)."""
    with warnings.catch_warnings(record=True) as caught, capture_logs() as logs:
        warnings.simplefilter("always")
        built = build(*args)
    assert [w.category for w in caught] == [TextShortened]
    [entry] = [e for e in logs if e["event"] == "block text shortened"]
    return built, entry


def test_the_suite_treats_a_shortened_text_as_an_error():
    with pytest.raises(TextShortened):
        section("x" * 3001)


def test_a_section_too_long_is_shortened_visibly_and_reported():
    block, entry = shortened(section, "word " * 700)
    text = block["text"]["text"]
    assert len(text) <= 3000 and text.endswith(ELLIPSIS)
    assert (entry["where"], entry["length"], entry["limit"]) == ("mrkdwn", 3500, 3000)


def test_headers_fields_confirmations_and_modal_titles_keep_their_own_limits():
    assert shortened(header, "h" * 151)[0]["text"]["text"].endswith(ELLIPSIS)
    field = shortened(fields, [("Label", "v" * 2100)])[0]["fields"][0]["text"]
    assert len(field) == 2000 and field.endswith(ELLIPSIS)
    confirm = shortened(confirm_dialog, "Sure?", "c" * 301, "Yes", "No")[0]
    assert len(confirm["text"]["text"]) == 300
    view = shortened(modal, "id", "A title of thirty characters!!", [], None, "Close")[0]
    assert view["title"]["text"] == "A title of thirty…"


def test_fitting_texts_and_plain_texts_are_never_touched():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert section("x" * 3000)["text"]["text"] == "x" * 3000
        assert plain("p" * 5000)["text"] == "p" * 5000  # its limit is the caller's to know


def test_more_than_ten_fields_is_a_builders_mistake_not_a_cut():
    with pytest.raises(ValueError, match="11 fields"):
        fields([(f"label {n}", "value") for n in range(11)])


def test_a_type_ahead_with_more_matches_than_a_menu_says_how_many():
    options = [{"text": plain(f"Person {n}"), "value": f"p{n}"} for n in range(250)]
    assert menu_answer(options[:100], "en") == {"options": options[:100]}
    [group] = menu_answer(options, "es")["option_groups"]
    assert group["options"] == options[:100]
    assert group["label"]["text"] == "Los 100 primeros de 250: escribe más para afinar"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_form_fits_in_every_language(lang):
    """Titles, buttons and labels from the catalogues: none relies on a cut."""
    person = Person(id="anna", name="Anna Puig", email="anna@example.coop")
    call = Call(call_id="c1", at=dt.datetime(2026, 11, 26, 10, tzinfo=dt.UTC), phone="600")
    views = [
        cell_modal([dt.date(2026, 11, 30)], PlanningConfig(), [person], lang),
        busy_modal(person, PlanningConfig(), lang),
        person_modal(None, lang, admin=True),
        person_modal(person, lang, admin=False),
        annotate_modal(call, [], lang),
        search_modal(lang),
    ]
    for view in views:
        assert_view_ok(view, f"{view['callback_id']} in {lang}")


def test_no_slice_at_a_slack_limit_is_left_in_handlers_or_tomatic():
    found = subprocess.run(
        ["grep", "-rnE", "--include=*.py", SLICE_AT_A_LIMIT, "handlers", "tomatic"],
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout
    assert found == ""
