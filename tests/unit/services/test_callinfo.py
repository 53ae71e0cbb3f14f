"""The call-info service on the demo ERP and a real SQLite registry, with a recording notifier."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator

import pytest
from structlog.testing import capture_logs

from handlers.blocks.callinfo import call_card_blocks
from tests.conftest import NOW, services_on
from tests.fakes import FakeNotifier
from tests.support.callinfo import BrokenCustomerData, CrowdedCustomerData, FakeCallNotifier
from tomatic.adapters.erp_odoo import DEADLINE_S
from tomatic.domain.calls import caller_phone
from tomatic.domain.errors import (
    CustomerDataError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from tomatic.ports import CallNotifier, CustomerData, Stores
from tomatic.services import Services
from tomatic.services.callinfo import ERP_DEADLINE_S, CallInfoService

PHONE = "629436216"  # Romero Garcia, María in data/demo_erp.json


@pytest.fixture
async def bernat(services):
    return await services.persons.create(
        None, "bernat", {"name": "Bernat", "extension": "3002", "slack_user_id": "U0BERNAT",
                         "language": "ca"},
    )  # fmt: skip


@pytest.fixture
def notifier() -> FakeCallNotifier:
    return FakeCallNotifier()


@pytest.fixture
async def services(settings, stores, runner, notifier) -> AsyncIterator[Services]:
    built = services_on(settings, stores, FakeNotifier(), runner, call_notifier=notifier)
    yield built
    await built.close()


def with_customers(
    stores: Stores, customers: CustomerData, notifier: CallNotifier, timeout: float = 8.0
) -> CallInfoService:
    """A call-info service like `services.callinfo` on the same stores, over another ERP."""
    return CallInfoService(
        customers, stores.calls, stores.persons, lambda: NOW, "en", notifier, erp_timeout=timeout
    )


class TestNotifyIncomingCall:
    async def test_dms_the_operator_then_updates_the_dm_with_the_partner(
        self, services, bernat, notifier
    ):
        call = await services.callinfo.notify_incoming_call(PHONE, "3002", "pbx-1")
        [(user, lang, first)] = notifier.sent
        assert (user, lang, first.phone, first.call_id) == ("U0BERNAT", "ca", PHONE, "pbx-1")
        [(ref, _, updated, result)] = notifier.updates
        assert ref == "D-U0BERNAT|1"
        assert [p.name for p in result.partners] == ["Romero Garcia, María"]
        assert updated.partner_name == "Romero Garcia, María" == call.partner_name

    async def test_the_call_is_recorded_with_operator_extension_and_candidates(
        self, services, bernat, notifier
    ):
        await services.callinfo.notify_incoming_call("+34 629 436 216", "3002", "pbx-2")
        [stored] = await services.callinfo.recent_calls(bernat)
        assert (stored.call_id, stored.operator, stored.extension) == ("pbx-2", "bernat", "3002")
        assert stored.at == services.now()
        assert [c.name for c in stored.candidates] == ["Romero Garcia, María"]
        assert stored.candidates[0].contracts, "contracts kept for annotating"

    async def test_an_unknown_number_gives_an_empty_result_not_silence(
        self, services, bernat, notifier
    ):
        await services.callinfo.notify_incoming_call("111222333", "3002", "pbx-3")
        [(_, _, call, result)] = notifier.updates
        assert result is not None and result.partners == [] and not result.too_many
        assert call.candidates == []

    async def test_too_many_partners_mean_refine(self, services, bernat, notifier, stores):
        service = with_customers(stores, CrowdedCustomerData(30), notifier)
        await service.notify_incoming_call("600", "3002", "pbx-4")
        [(_, _, _, result)] = notifier.updates
        assert result.too_many and result.partners == []

    async def test_twenty_one_partners_are_still_shown(self, services, bernat, notifier, stores):
        service = with_customers(stores, CrowdedCustomerData(21), notifier)
        await service.notify_incoming_call("600", "3002", "pbx-5")
        assert len(notifier.updates[0][3].partners) == 21

    @pytest.mark.parametrize("hang", [False, True], ids=["error", "timeout"])
    async def test_an_erp_failure_gives_the_unavailable_card(
        self, services, bernat, notifier, hang, stores
    ):
        service = with_customers(stores, BrokenCustomerData(hang), notifier, timeout=0.05)
        with capture_logs() as logs:
            await service.notify_incoming_call(PHONE, "3002", "pbx-6")
        [(_, _, _, result)] = notifier.updates
        assert result is None
        assert any(e["event"] == "customer data unavailable" for e in logs)

    async def test_a_hidden_number_gets_its_own_card_without_asking_the_erp(
        self, bernat, notifier, stores
    ):
        service = with_customers(stores, BrokenCustomerData(False), notifier)
        with capture_logs() as logs:
            call = await service.notify_incoming_call(caller_phone("Anonymous"), "3002")
            other = await service.notify_incoming_call(caller_phone("anonymous"), "3003")

        [(_, _, updated, result)] = notifier.updates
        assert (call.phone, result) == ("", None)
        assert other is not None and other.call_id != call.call_id  # two callers, two calls
        assert not any(e["event"] == "customer data unavailable" for e in logs)
        card = json.dumps(call_card_blocks(updated, result, "ca"), ensure_ascii=False)
        assert "Trucada d'un número ocult" in card and "El número és ocult" in card

    async def test_an_unknown_extension_is_logged_and_dropped(self, services, bernat, notifier):
        with capture_logs() as logs:
            await services.callinfo.notify_incoming_call(PHONE, "9999", "pbx-7")
        assert notifier.sent == [] and notifier.updates == []
        [dropped] = [e for e in logs if e["event"] == "call dropped"]
        assert dropped["extension"] == "9999" and dropped["reason"] == "no operator"

    async def test_a_repeated_call_id_is_handled_once(self, services, bernat, notifier):
        first = await services.callinfo.notify_incoming_call(PHONE, "3002", "pbx-8")
        again = await services.callinfo.notify_incoming_call(PHONE, "3002", "pbx-8")
        assert first is not None and again is None
        assert len(notifier.sent) == 1
        assert len(await services.callinfo.recent_calls(bernat)) == 1

    async def test_without_call_id_repeats_in_the_same_second_collapse(
        self, services, bernat, notifier
    ):
        await services.callinfo.notify_incoming_call(PHONE, "3002")
        await services.callinfo.notify_incoming_call(PHONE, "3002")
        [call] = await services.callinfo.recent_calls(bernat)
        assert PHONE not in call.call_id  # call ids are logged; phones must not be
        assert len(notifier.sent) == 1

    async def test_logs_never_carry_the_phone_or_customer_data(self, services, bernat, notifier):
        with capture_logs() as logs:
            await services.callinfo.notify_incoming_call(PHONE, "3002", "pbx-9")
        text = repr(logs)
        assert "call delivered" in text
        assert PHONE not in text and "Romero" not in text


class TestSearchAndDetails:
    async def test_search_guesses_the_field(self, services):
        result = await services.callinfo.search("20339082K")
        assert result.field == "vat"
        assert [p.name for p in result.partners] == ["Romero Garcia, María"]

    async def test_empty_search_is_refused(self, services):
        with pytest.raises(ValidationError):
            await services.callinfo.search("  ")

    async def test_invoices_and_readings_pad_contract_numbers(self, services):
        assert await services.callinfo.readings("12000")
        invoices = await services.callinfo.invoices("0012000")
        assert invoices == sorted(invoices, key=lambda i: i.issued, reverse=True)

    async def test_erp_failure_on_search_raises_customer_data_error(
        self, services, notifier, stores
    ):
        service = with_customers(stores, BrokenCustomerData(hang=True), notifier, timeout=0.05)
        with pytest.raises(CustomerDataError):
            await service.search("20339082K")

    async def test_a_customer_is_opened_by_erp_id(self, services):
        partner = await services.callinfo.partner("1001")
        assert partner.name == "Romero Garcia, María" and partner.unpaid_invoices == 2
        with pytest.raises(ValidationError):
            await services.callinfo.partner("1001; drop")
        with pytest.raises(NotFoundError):
            await services.callinfo.partner("424242")

    async def test_a_contract_is_seen_as_its_owner_sees_it(self, services):
        contract = await services.callinfo.contract("25682")
        assert contract.number == "0025682" and contract.roles == ["owner"]
        assert contract.owner_name == "Mas Garcia, Laia"

    async def test_erp_failures_are_logged_with_what_was_asked_never_the_data(
        self, services, notifier, stores
    ):
        service = with_customers(stores, BrokenCustomerData(), notifier)
        with capture_logs() as logs, pytest.raises(CustomerDataError):
            await service.invoices("0012000")
        [failed] = [e for e in logs if e["event"] == "erp failed"]
        assert failed["operation"] == "invoices" and "0012000" not in repr(logs)

    def test_the_erp_deadlines_leave_time_before_people_give_up(self, services):
        assert DEADLINE_S < services.callinfo.erp_timeout == ERP_DEADLINE_S < 5


class TestRetention:
    async def test_calls_older_than_the_retention_are_purged(self, stores, notifier, bernat):
        service = with_customers(stores, CrowdedCustomerData(1), notifier)
        service.retention_days = 30
        for days in (31, 29):
            service.now = lambda days=days: NOW - dt.timedelta(days=days)
            await service.notify_incoming_call(PHONE, "3002", f"old-{days}")
        service.now = lambda: NOW
        outcome = await service.purge_old_calls()
        assert (outcome.key, outcome.params) == (
            "callinfo.outcome.purged",
            {"count": 1, "days": 30},
        )
        assert [c.call_id for c in await service.recent_calls(bernat)] == ["old-29"]


class TestAnnotate:
    async def test_annotation_is_stored_with_partner_and_contract(self, services, bernat, notifier):
        call = await services.callinfo.notify_incoming_call(PHONE, "3002", "pbx-10")
        partner = call.candidates[0]
        contract = partner.contracts[0].number
        await services.callinfo.annotate(
            bernat, "pbx-10", ["FA01", "LE01"], partner.erp_id, contract, " Wants a copy "
        )
        [stored] = await services.callinfo.recent_calls(bernat)
        note = stored.annotation
        assert note.categories == ["FA01", "LE01"] and note.contract == contract
        assert (note.partner_name, note.comment, note.annotated_by) == (
            "Romero Garcia, María", "Wants a copy", "bernat")  # fmt: skip

    @pytest.mark.parametrize(
        ("categories", "partner", "contract", "key"),
        [
            ([], None, "", "callinfo.no_categories"),
            (["NOPE"], None, "", "callinfo.unknown_category"),
            (["FA01"], 424242, "", "callinfo.unknown_partner"),
            (["FA01"], None, "9999999", "callinfo.unknown_contract"),
        ],
    )
    async def test_bad_annotations_are_refused(
        self, services, bernat, notifier, categories, partner, contract, key
    ):
        await services.callinfo.notify_incoming_call(PHONE, "3002", "pbx-11")
        with pytest.raises(ValidationError) as error:
            await services.callinfo.annotate(bernat, "pbx-11", categories, partner, contract)
        assert error.value.key == key
        [stored] = await services.callinfo.recent_calls(bernat)
        assert stored.annotation is None

    async def test_only_the_operator_or_a_coordinator_annotates(
        self, services, bernat, notifier, coordinator
    ):
        await services.callinfo.notify_incoming_call(PHONE, "3002", "pbx-12")
        carla = await services.persons.create(None, "carla", {"name": "Carla"})
        with pytest.raises(PermissionDeniedError):
            await services.callinfo.annotate(carla, "pbx-12", ["AL01"])
        annotated = await services.callinfo.annotate(coordinator, "pbx-12", ["AL01"])
        assert annotated.annotation.annotated_by == "anna"

    async def test_imported_categories_replace_the_defaults(self, services, bernat):
        from tomatic.domain.calls import categories_from_data

        legacy = {"categories": [{"code": "R001", "name": "Reclamació", "section": "ATC",
                                  "isclaim": True, "keywords": ["queixa"]}],
                  "sections": [{"code": "ATC", "name": "Atenció al client"}]}  # fmt: skip
        await services.callinfo.import_categories(categories_from_data(legacy), "cli")
        [category] = await services.callinfo.categories()
        assert (category.code, category.section, category.label("es")) == (
            "R001", "Atenció al client", "R001. Reclamació")  # fmt: skip
