"""ERP checks over XML-RPC: the login, and every mapped field present (`fields_get`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from bot.container import build_customer_data
from bot.doctor.report import Check, failed, passed
from bot.erp_check import plain_http_to_remote
from bot.settings import Settings
from tomatic.adapters.erp_fields import mapped_fields
from tomatic.adapters.erp_odoo import OdooCustomerData
from tomatic.domain.config import PlanningConfig
from tomatic.domain.customer import ErpMapping
from tomatic.domain.errors import CustomerDataError


async def check_erp(settings: Settings, config: PlanningConfig | None) -> list[Check]:
    """Two lines: the login (over https, or to this machine), the mapped fields."""
    if settings.erp != "odoo":
        return [failed("erp_login", "demo"), failed("erp_fields", "unknown")]
    try:
        customers = build_customer_data(settings, config or PlanningConfig())
    except ValueError as error:  # settings missing, or a mapping that does not validate
        return [
            failed("erp_login", "incomplete", problem=str(error)),
            failed("erp_fields", "unknown"),
        ]
    assert isinstance(customers, OdooCustomerData)
    url = _shown(settings.erp_url or "")
    try:
        missing = await customers.missing_fields()
    except CustomerDataError as error:
        reason = error.params.get("reason", "?")
        if reason == "protocol":  # an HTTP error: its status says more (404: a wrong URL)
            reason = f"HTTP {error.params.get('code', '?')}"
        return [
            failed("erp_login", "failed", url=url, reason=reason),
            failed("erp_fields", "unknown"),
        ]
    if plain_http_to_remote(settings.erp_url):
        login = failed("erp_login", "clear", url=url)
    else:
        login = passed("erp_login", url=url, user=settings.erp_user)
    return [login, _fields_check(missing, config, settings)]


def _fields_check(missing: list, config: PlanningConfig | None, settings: Settings) -> Check:
    names = ", ".join(f"{f.model}.{f.field}" for f in missing)
    where = settings.config_path
    if any(f.essential for f in missing):
        return failed("erp_fields", "missing_essential", fields=names, config=where)
    if missing:
        return failed("erp_fields", "missing_optional", fields=names, config=where)
    mapping = ErpMapping.model_validate((config.erp if config else None) or {})
    return passed("erp_fields", count=len(mapped_fields(mapping)))


def _shown(url: str) -> str:
    """The URL without any user or password in it."""
    parts = urlsplit(url)
    address = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{address}{parts.path}".rstrip("/")
