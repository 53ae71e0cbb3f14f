"""Every call-info screen with the widest data, judged by the sandbox's validator and slack_sdk.

Also what the screens must say whatever the data: the summary first and Annotate next to it,
nothing from the ERP or from people as live markup, nothing left out without a word.
"""

from __future__ import annotations

import json

import pytest

from handlers import ids
from handlers.blocks.annotate import (
    annotate_modal,
    category_options,
    contract_options,
    partner_options,
    suggestions,
)
from handlers.blocks.callinfo import (
    call_card_blocks,
    call_ringing_blocks,
    contract_details_blocks,
    partner_card_blocks,
    search_result_blocks,
)
from handlers.blocks.calls import calls_list_blocks, invoices_blocks, readings_blocks, search_modal
from handlers.blocks.customer import code_text
from tests.support.bigcustomers import (
    AT,
    EVIL,
    annotated,
    categories,
    contract,
    crowded_call,
    huge,
    partner,
)
from tests.support.blockkit import assert_message_ok, assert_view_ok
from tomatic.domain.calls import Call
from tomatic.domain.customer import Invoice, Reading, SearchResult

LANGS = ["ca", "es", "en"]
CALL = Call(call_id="pbx-1", at=AT, phone="629436216", operator="bernat")


def found(*partners) -> SearchResult:
    return SearchResult(field="phone", value="629436216", partners=list(partners))


def text_of(blocks) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def assert_inert(blocks) -> None:
    """No user or ERP text became a ping, a mention or a link."""
    text = text_of(blocks)
    assert "<!channel>" not in text and "<https://evil" not in text
    assert "&lt;!channel&gt;" in text


def action_ids(blocks) -> list[str]:
    found_ids = []
    for block in blocks:
        elements = block.get("elements", []) if block["type"] == "actions" else []
        found_ids += [e["action_id"] for e in [*elements, block.get("accessory") or {}] if e]
    return found_ids


@pytest.mark.parametrize("lang", LANGS)
class TestCallCard:
    def test_one_customer_with_30_long_contracts_fits_with_every_contract_listed(self, lang):
        blocks = call_card_blocks(CALL, found(partner(1, 30, long=True)), lang)
        assert_message_ok(blocks, "call card")
        assert_inert(blocks)
        assert action_ids(blocks).count(ids.CALL_DETAILS) == 30

    def test_the_summary_comes_first_and_annotate_within_the_first_three_blocks(self, lang):
        blocks = call_card_blocks(CALL, found(partner(3, 3)), lang)
        summary = blocks[0]["text"]["text"]
        assert "S000003" in summary and "3" in summary and ":bell:" in summary
        assert ids.CALL_ANNOTATE in action_ids(blocks[:3])

    def test_sixty_contracts_are_counted_past_what_fits(self, lang):
        blocks = call_card_blocks(CALL, found(partner(2, 60)), lang)
        assert_message_ok(blocks, "call card")
        shown = action_ids(blocks).count(ids.CALL_DETAILS)
        assert 30 <= shown < 60
        assert str(60 - shown) in blocks[-1]["elements"][0]["text"]

    @pytest.mark.parametrize("count", [0, 2, 21])
    def test_any_number_of_customers_fits_and_keeps_annotate_in_front(self, lang, count):
        partners = [partner(n, 30, long=True) for n in range(count)]
        for result in (
            found(*partners),
            None,
            SearchResult(field="phone", value="6", too_many=True),
        ):
            blocks = call_card_blocks(CALL, result, lang)
            assert_message_ok(blocks, "call card")
            assert ids.CALL_ANNOTATE in action_ids(blocks[:3])
        assert_message_ok(call_ringing_blocks(CALL, lang), "ringing")


@pytest.mark.parametrize("lang", LANGS)
class TestSearchAndDetails:
    def test_a_search_echo_is_text(self, lang):
        result = SearchResult(field="name", value=EVIL, partners=[])
        blocks = search_result_blocks(result, lang)
        assert_message_ok(blocks)
        assert_inert(blocks)

    def test_21_customers_are_five_lines_with_open(self, lang):
        blocks = search_result_blocks(found(*[partner(n, 30, True) for n in range(21)]), lang)
        assert_message_ok(blocks, "search")
        assert action_ids(blocks).count(ids.CALL_OPEN) == 5
        assert "16" in text_of(blocks[-2])

    def test_open_and_details_answers_fit(self, lang):
        big = partner(1, 60, long=True)
        assert_message_ok(partner_card_blocks(big, lang), "open")
        details = contract_details_blocks(contract(4, long=True), lang)
        assert_message_ok(details, "details")
        assert_inert(details)
        assert action_ids(details) == [ids.CALL_INVOICES, ids.CALL_READINGS]

    def test_invoices_and_readings_fit_and_are_inert(self, lang):
        invoices = [Invoice(number=f"{EVIL}{n}", total=n, state="open") for n in range(12)]
        readings = [
            Reading(meter=EVIL, date="2026-11-01", value=n, period=huge("P1"), origin=EVIL)
            for n in range(12)
        ]
        for blocks in (
            invoices_blocks("0012000", invoices, lang),
            readings_blocks("1", readings, lang),
        ):
            assert_message_ok(blocks)
            assert_inert(blocks)
        assert_view_ok(search_modal(lang), "search modal")


class TestCodesInWords:
    @pytest.mark.parametrize(
        ("lang", "kind", "code", "words"),
        [
            ("ca", "contract_state", "activa", "Activa"),
            ("es", "contract_state", "activa", "Activo"),
            ("en", "contract_state", "baixa", "Ended"),
            ("es", "invoice_state", "open", "Pendiente de pago"),
            ("ca", "invoice_state", "paid", "Pagada"),
            ("en", "invoice_state", "in_payment", "Being paid"),
            ("ca", "alert", "selfconsumption", "Autoconsum."),
            ("ca", "contract_state", "mod_contractual_x", "Mod contractual x"),
            ("es", "alert", "", "—"),
        ],
    )
    def test_erp_codes_are_translated_or_at_least_readable(self, lang, kind, code, words):
        assert code_text(lang, kind, code) == words

    def test_cards_show_no_raw_state_codes(self):
        card = text_of(call_card_blocks(CALL, found(partner(1, 3)), "es"))
        assert "activa" not in card and "baixa" not in card and "modcontractual_x" not in card
        assert "Activo" in card and "Mystery alert" in card


@pytest.mark.parametrize("lang", LANGS)
class TestAnnotateForm:
    def test_a_few_choices_are_plain_pickers(self, lang):
        view = annotate_modal(crowded_call(2), categories(16), lang)
        assert_view_ok(view, "annotate")
        kinds = [b["element"]["type"] for b in view["blocks"] if b["type"] == "input"]
        assert kinds == [
            "multi_static_select",
            "static_select",
            "static_select",
            "plain_text_input",
        ]

    def test_past_100_choices_pickers_become_type_ahead_keeping_what_was_chosen(self, lang):
        call = annotated(crowded_call(300), "C149", "C007")
        view = annotate_modal(call, categories(150), lang)
        assert_view_ok(view, "annotate")
        elements = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
        assert elements[ids.CALL_CATEGORIES]["type"] == "multi_external_select"
        assert elements[ids.CALL_PARTNER]["type"] == "external_select"
        assert elements[ids.CALL_CONTRACT]["type"] == "external_select"
        chosen = [o["value"] for o in elements[ids.CALL_CATEGORIES]["initial_options"]]
        assert chosen == ["C007", "C149"]
        assert elements[ids.CALL_PARTNER]["initial_option"]["value"] == "1299"
        assert elements[ids.CALL_CONTRACT]["initial_option"]["value"] == "0029902"
        assert elements[ids.CALL_COMMENT]["initial_value"].startswith("Wants <!channel>")

    def test_type_ahead_matches_without_accents_and_says_when_there_are_more(self, lang):
        options = category_options(categories(150), lang)
        narrow = suggestions(options, "k14", lang)["options"]
        assert [o["value"] for o in narrow] == ["C014", *[f"C{n}" for n in range(140, 150)]]
        assert [o["value"] for o in suggestions(options, "rectificacio K149", lang)["options"]] == [
            "C149"
        ]
        wide = suggestions(options, "", lang)
        [group] = wide["option_groups"]
        assert len(group["options"]) == 100 and "150" in group["label"]["text"]
        assert all(len(o["text"]["text"]) <= 75 for o in group["options"])

    def test_customers_and_contracts_are_found_by_any_part_of_their_labels(self, lang):
        call = crowded_call(300)
        assert len(suggestions(partner_options(call), "00000299Z", lang)["options"]) == 1
        [hit] = suggestions(contract_options(call), "0029901", lang)["options"]
        assert hit["value"] == "0029901"


def test_the_calls_list_fits_and_shows_comments_as_text():
    calls = [
        annotated(crowded_call(2), "IN01").model_copy(update={"call_id": f"c{n}"})
        for n in range(60)
    ]
    blocks = calls_list_blocks(calls, "ca")
    assert_message_ok(blocks, "calls")
    assert_inert(blocks)
    assert "… i 12 més." in blocks[-1]["elements"][0]["text"]


def test_a_name_or_a_contract_with_line_breaks_stays_one_line():
    odd = partner(1, 1).model_copy(update={"name": "Puig\nFont"})
    odd.contracts[0].supply_address = "Carrer\nMajor"
    blocks = call_card_blocks(CALL, found(odd), "en")
    assert blocks[0]["text"]["text"].count("\n") == 0 and "*Puig Font*" in blocks[0]["text"]["text"]
    assert "Carrer Major" in text_of(blocks[-1])
