"""Incoming call info: tell the operator who is calling, search customers (annotating calls
and keeping their records: `tomatic.services.call_registry`).

Customer data only travels to the notifier (the operator's DM) and back to the caller
of these methods; logs name the call id, the operator and the extension, never the
phone number or anything from the ERP.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import TypeVar

import structlog

from tomatic.domain.calls import Call, Category, candidates_from
from tomatic.domain.customer import (
    TOO_MANY_THRESHOLD,
    Contract,
    Invoice,
    Partner,
    Reading,
    SearchField,
    SearchResult,
)
from tomatic.domain.customer_search import (
    clean_phone,
    contract_number,
    guess_search_field,
    partner_id,
)
from tomatic.domain.errors import CustomerDataError, NotFoundError
from tomatic.domain.model import Person
from tomatic.ports import CallNotifier, CallStore, CustomerData, PersonStore
from tomatic.services.call_registry import CallRegistry

log = structlog.get_logger("tomatic.callinfo")
T = TypeVar("T")
ERP_DEADLINE_S = 4.0
"""The longest an ERP question may take: people give up on an answer after 5 s."""


class CallInfoService(CallRegistry):
    """The call-info use cases over the ERP, the call registry and the persons store."""

    def __init__(
        self,
        customers: CustomerData,
        calls: CallStore,
        persons: PersonStore,
        now: Callable[[], dt.datetime],
        default_language: str,
        notifier: CallNotifier | None = None,
        default_categories: list[Category] | None = None,
        erp_timeout: float = ERP_DEADLINE_S,
        retention_days: int = 365,
    ) -> None:
        super().__init__(calls, now, default_categories or [], retention_days)
        self.customers = customers
        self.persons = persons
        self.default_language = default_language
        self.notifier = notifier
        self.erp_timeout = erp_timeout
        self._id_key = secrets.token_bytes(16)

    async def notify_incoming_call(
        self, phone: str, extension: str, call_id: str | None = None
    ) -> Call | None:
        """Record a call and DM its operator, then fill the DM in with the customer card.

        Returns the call, or None when that call id was already notified. Calls to an
        extension nobody has (or whose person is not linked to Slack: see the Slack sync)
        are recorded, logged and dropped.
        """
        operator = await self.persons.by_extension(extension)
        call = self._new_call(phone, extension, call_id, operator)
        if not await self.calls.add(call):
            log.info("call already notified", call_id=call.call_id)
            return None
        if operator is None or not operator.slack_user_id or self.notifier is None:
            reason = "no operator" if operator is None else "operator not linked to slack"
            log.warning("call dropped", call_id=call.call_id, extension=extension, reason=reason)
            return call
        return await self._deliver(call, operator, self.notifier)

    async def _deliver(self, call: Call, operator: Person, notifier: CallNotifier) -> Call:
        lang = operator.language or self.default_language
        ref = await notifier.send_call_dm(operator.slack_user_id, lang, call)
        if not ref:
            log.warning("call not delivered", call_id=call.call_id, operator=operator.id)
            return call
        result = await self._lookup_caller(call)
        if result is not None and result.partners:
            call = call.model_copy(update={"candidates": candidates_from(result)})
            await self.calls.set_candidates(call.call_id, call.candidates)
        await notifier.update_call_dm(ref, lang, call, result)
        log.info(
            "call delivered", call_id=call.call_id, operator=operator.id, outcome=_outcome(result)
        )
        return call

    async def _lookup_caller(self, call: Call) -> SearchResult | None:
        if not call.phone:  # a hidden number: nothing to ask the ERP
            return None
        phone = clean_phone(call.phone)
        try:
            return await self._search("phone", phone)
        except Exception as error:  # any ERP failure must still give the operator a card
            log.warning(
                "customer data unavailable", call_id=call.call_id, error=type(error).__name__
            )
            return None

    def _new_call(
        self, phone: str, extension: str, call_id: str | None, operator: Person | None
    ) -> Call:
        at = self.now()
        return Call(
            # hidden numbers all look alike: the extension tells two of them apart
            call_id=call_id or self._synthetic_id(at, phone or f"hidden:{extension}"),
            at=at,
            phone=phone,
            extension=extension,
            operator=operator.id if operator else "",
        )

    def _synthetic_id(self, at: dt.datetime, phone: str) -> str:
        """Time and a keyed digest of the phone: repeats in one second collapse, logs stay clean."""
        digest = hmac.new(self._id_key, phone.encode(), hashlib.sha256).hexdigest()[:10]
        return f"{at.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}-{digest}"

    async def search(self, text: str) -> SearchResult:
        """Search customers by what an operator typed (field guessed, or `field:value`).

        Raises:
            ValidationError: empty or impossible search.
            CustomerDataError: the ERP failed or did not answer in time.
        """
        field, value = guess_search_field(text)
        return await self._search(field, value)

    async def _search(self, field: SearchField, value: str) -> SearchResult:
        found = self.customers.search(field, value, TOO_MANY_THRESHOLD + 1)
        partners = await self._erp("search", found)
        return SearchResult.build(field, value, partners)

    async def partner(self, erp_id: str) -> Partner:
        """One customer with their contracts, by ERP id (as an Open button carries it).

        Raises:
            ValidationError, NotFoundError: not an id, or no such customer.
            CustomerDataError: the ERP failed or did not answer in time.
        """
        found = await self._erp("partner", self.customers.partner(partner_id(erp_id)))
        if found is None:
            raise NotFoundError("callinfo.unknown_customer")
        return found

    async def contract(self, number: str) -> Contract:
        """One contract by number, as its owner sees it when the ERP names one.

        Raises:
            ValidationError, NotFoundError: not a contract number, or no such contract.
            CustomerDataError: the ERP failed or did not answer in time.
        """
        number = contract_number(number)
        result = await self._search("contract", number)
        held = [c for p in result.partners for c in p.contracts if c.number == number]
        if not held:
            raise NotFoundError("callinfo.unknown_contract_number", number=number)
        return max(held, key=Contract.score)

    async def invoices(self, contract: str, limit: int = 12) -> list[Invoice]:
        """The latest invoices of a contract (CustomerDataError if the ERP fails)."""
        return await self._erp(
            "invoices", self.customers.invoices(contract_number(contract), limit)
        )

    async def readings(self, contract: str, limit: int = 12) -> list[Reading]:
        """The latest meter readings of a contract (CustomerDataError if the ERP fails)."""
        return await self._erp(
            "readings", self.customers.readings(contract_number(contract), limit)
        )

    async def _erp(self, operation: str, call: Awaitable[T]) -> T:
        """The ERP's answer within `erp_timeout`; a failure is logged (what and why, never
        the data asked for) and raised as CustomerDataError."""
        try:
            return await asyncio.wait_for(call, self.erp_timeout)
        except TimeoutError:
            log.warning("erp failed", operation=operation, reason="deadline")
            raise CustomerDataError(operation=operation, reason="deadline") from None
        except CustomerDataError as error:
            log.warning("erp failed", **({"operation": operation} | error.params))
            raise


def _outcome(result: SearchResult | None) -> str:
    if result is None:
        return "unavailable"
    if result.too_many:
        return "too_many"
    return "found" if result.partners else "not_found"
