"""Fakes for call-info tests: a recording CallNotifier and ERPs that misbehave."""

from __future__ import annotations

import asyncio
from typing import Any

from tomatic.domain.calls import Call
from tomatic.domain.customer import Invoice, Partner, Reading, SearchResult
from tomatic.domain.errors import CustomerDataError


class FakeCallNotifier:
    """Records the DMs sent and their updates instead of talking to Slack."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Call]] = []  # (slack user, lang, call)
        self.updates: list[tuple[str, str, Call, SearchResult | None]] = []

    async def send_call_dm(self, slack_user_id: str, lang: str, call: Call) -> str:
        self.sent.append((slack_user_id, lang, call))
        return f"D-{slack_user_id}|{len(self.sent)}"

    async def update_call_dm(
        self, ref: str, lang: str, call: Call, result: SearchResult | None
    ) -> None:
        self.updates.append((ref, lang, call, result))


class CrowdedCustomerData:
    """An ERP where every search finds `count` partners."""

    def __init__(self, count: int) -> None:
        self.count = count

    async def search(self, field: str, value: str, limit: int) -> list[Partner]:
        found = [Partner(erp_id=i, name=f"Partner {i:02d}") for i in range(self.count)]
        return found[:limit]

    async def partner(self, erp_id: int) -> Partner | None:
        return Partner(erp_id=erp_id, name=f"Partner {erp_id:02d}") if erp_id < self.count else None

    async def invoices(self, contract: str, limit: int = 12) -> list[Invoice]:
        return []

    async def readings(self, contract: str, limit: int = 12) -> list[Reading]:
        return []


class BrokenCustomerData:
    """An ERP that fails (`CustomerDataError`) or, with `hang`, never answers."""

    def __init__(self, hang: bool = False) -> None:
        self.hang = hang

    async def search(self, *asked: Any) -> Any:
        if self.hang:
            await asyncio.sleep(3600)
        raise CustomerDataError()

    invoices = readings = partner = search
