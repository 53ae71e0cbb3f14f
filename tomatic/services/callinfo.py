"""Incoming call info: tell the operator who is calling, search customers, annotate calls.

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

from tomatic.domain.calls import Annotation, Call, Category, candidates_from
from tomatic.domain.customer import (
    TOO_MANY_THRESHOLD,
    Invoice,
    Reading,
    SearchField,
    SearchResult,
)
from tomatic.domain.customer_search import clean_phone, guess_search_field
from tomatic.domain.errors import (
    CustomerDataError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from tomatic.domain.model import Person
from tomatic.ports import CallNotifier, CallStore, CustomerData, PersonStore

log = structlog.get_logger("tomatic.callinfo")
T = TypeVar("T")
MAX_COMMENT = 2000


class CallInfoService:
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
        erp_timeout: float = 8.0,
    ) -> None:
        self.customers = customers
        self.calls = calls
        self.persons = persons
        self.now = now
        self.default_language = default_language
        self.notifier = notifier
        self.default_categories = default_categories or []
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
            call_id=call_id or self._synthetic_id(at, phone),
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
        partners = await self._erp(self.customers.search(field, value, TOO_MANY_THRESHOLD + 1))
        return SearchResult.build(field, value, partners)

    async def invoices(self, contract: str, limit: int = 12) -> list[Invoice]:
        """The latest invoices of a contract (CustomerDataError if the ERP fails)."""
        return await self._erp(self.customers.invoices(_contract(contract), limit))

    async def readings(self, contract: str, limit: int = 12) -> list[Reading]:
        """The latest meter readings of a contract (CustomerDataError if the ERP fails)."""
        return await self._erp(self.customers.readings(_contract(contract), limit))

    async def _erp(self, call: Awaitable[T]) -> T:
        try:
            return await asyncio.wait_for(call, self.erp_timeout)
        except TimeoutError as error:
            raise CustomerDataError() from error

    async def recent_calls(self, person: Person, limit: int = 15) -> list[Call]:
        """The person's latest calls, newest first."""
        return await self.calls.recent(person.id, limit)

    async def call_for(self, person: Person, call_id: str) -> Call:
        """A call the person may annotate: their own, or anyone's for coordinators.

        Raises:
            NotFoundError: no such call.
            PermissionDeniedError: someone else's call.
        """
        call = await self.calls.get(call_id)
        if call is None:
            raise NotFoundError("callinfo.unknown_call")
        if not person.may_act_for(call.operator):
            raise PermissionDeniedError("callinfo.not_your_call")
        return call

    async def categories(self) -> list[Category]:
        """The categories to annotate with: the imported ones, else the defaults."""
        return await self.calls.categories() or self.default_categories

    async def import_categories(self, categories: list[Category], actor: str) -> int:
        """Replace the stored categories; returns how many there are."""
        if not categories:
            raise ValidationError("callinfo.bad_categories")
        return await self.calls.replace_categories(categories, actor)

    async def annotate(
        self,
        person: Person,
        call_id: str,
        categories: list[str],
        partner_erp_id: int | None = None,
        contract: str = "",
        comment: str = "",
    ) -> Call:
        """Record what a call was about; partner and contract must be among its candidates.

        Raises:
            ValidationError: no category, an unknown or disabled one, a partner or contract
                the call's search did not find, or a comment too long.
        """
        call = await self.call_for(person, call_id)
        await self._check_categories(categories)
        partner = call.candidate(partner_erp_id)
        if partner_erp_id is not None and partner is None:
            raise ValidationError("callinfo.unknown_partner")
        numbers = {
            c.number for p in ([partner] if partner else call.candidates) for c in p.contracts
        }
        if contract and contract not in numbers:
            raise ValidationError("callinfo.unknown_contract")
        if len(comment) > MAX_COMMENT:
            raise ValidationError("callinfo.long_comment", limit=MAX_COMMENT)
        annotation = Annotation(
            categories=categories,
            partner_erp_id=partner_erp_id,
            partner_name=partner.name if partner else "",
            contract=contract,
            comment=comment.strip(),
            annotated_at=self.now(),
            annotated_by=person.id,
        )
        await self.calls.annotate(call_id, annotation)
        log.info("call annotated", call_id=call_id, operator=person.id)
        return call.model_copy(update={"annotation": annotation})

    async def _check_categories(self, codes: list[str]) -> None:
        if not codes:
            raise ValidationError("callinfo.no_categories")
        enabled = {c.code for c in await self.categories() if c.enabled}
        unknown = [code for code in codes if code not in enabled]
        if unknown:
            raise ValidationError("callinfo.unknown_category", code=", ".join(unknown))


def _contract(number: str) -> str:
    number = number.strip()
    return number.zfill(7) if number.isdigit() and len(number) < 7 else number


def _outcome(result: SearchResult | None) -> str:
    if result is None:
        return "unavailable"
    if result.too_many:
        return "too_many"
    return "found" if result.partners else "not_found"
