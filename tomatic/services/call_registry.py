"""The call registry's use cases: my latest calls, annotating them, the categories to annotate
with, and how long call records are kept.

`CallInfoService` (incoming calls and customer searches) builds on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import structlog

from tomatic.domain.calls import MAX_COMMENT, Annotation, Call, Category
from tomatic.domain.errors import NotFoundError, PermissionDeniedError, ValidationError
from tomatic.domain.model import Person
from tomatic.ports import CallStore
from tomatic.services.outcomes import Outcome

log = structlog.get_logger("tomatic.callinfo")


class CallRegistry:
    """Calls as recorded: who took them, what they were about, until they are too old."""

    def __init__(
        self,
        calls: CallStore,
        now: Callable[[], dt.datetime],
        default_categories: list[Category],
        retention_days: int,
    ) -> None:
        self.calls = calls
        self.now = now
        self.default_categories = default_categories
        self.retention_days = retention_days

    async def purge_old_calls(self, now: dt.datetime | None = None) -> Outcome:
        """Delete the calls older than the retention period, with the customers their searches
        found, their annotations and comments (what the nightly job runs)."""
        before = (now or self.now()) - dt.timedelta(days=self.retention_days)
        count = await self.calls.purge(before)
        return Outcome("callinfo.outcome.purged", {"count": count, "days": self.retention_days})

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
