"""CustomerData over the Odoo/OpenERP external API (XML-RPC), e.g. GISCE ERP.

Blocking XML-RPC runs in a worker thread with a socket timeout. Any failure
becomes a CustomerDataError naming the operation only: customer data never
reaches errors or logs.
"""

from __future__ import annotations

import asyncio
import threading
import xmlrpc.client
from collections.abc import Callable
from typing import Any, Literal, TypeVar
from xml.parsers.expat import ExpatError

from tomatic.domain.customer import (
    Contract,
    ErpMapping,
    Invoice,
    Partner,
    Reading,
    Role,
    sort_partners,
)
from tomatic.domain.errors import CustomerDataError, ValidationError

Protocol = Literal["auto", "odoo", "openerp"]
Domain = list[Any]
T = TypeVar("T")
INACTIVE_TOO = {"active_test": False}


class LoginRefusedError(Exception):
    """The ERP refused the configured credentials."""


class XmlRpcSession:
    """Blocking ERP client: logs in once, then runs `search` and `read` on models.

    `protocol` "odoo" uses /xmlrpc/2 with execute_kw, "openerp" the older /xmlrpc
    paths with positional execute, "auto" tries the first and falls back on 404.
    """

    def __init__(
        self, url: str, db: str, user: str, password: str, timeout: float, protocol: Protocol
    ):
        self._url = url.rstrip("/")
        self._db, self._user, self._password = db, user, password
        self._timeout = timeout
        self._protocol = protocol
        self._uid: int | None = None
        self._lock = threading.Lock()

    def search(
        self,
        model: str,
        domain: Domain,
        limit: int = 0,
        order: str = "",
        context: dict[str, Any] | None = None,
    ) -> list[int]:
        """Ids of `model` records matching `domain`."""
        options: dict[str, Any] = {"limit": limit, "order": order, "context": context or {}}
        if self._ensure_login() == "odoo":
            kwargs = {k: v for k, v in options.items() if v}
            return self._execute("execute_kw", model, "search", [domain], kwargs)
        return self._execute(
            "execute", model, "search", domain, 0, limit or False, order or False, context or {}
        )

    def read(
        self, model: str, ids: list[int], fields: list[str], context: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """`fields` of the `model` records `ids` (in no guaranteed order)."""
        if not ids:
            return []
        if self._ensure_login() == "odoo":
            return self._execute(
                "execute_kw", model, "read", [ids, fields], {"context": context or {}}
            )
        return self._execute("execute", model, "read", ids, fields, context or {})

    def _execute(self, method: str, model: str, *args: Any) -> Any:
        proxy = self._proxy("object")
        return getattr(proxy, method)(self._db, self._uid, self._password, model, *args)

    def _ensure_login(self) -> str:
        with self._lock:
            if self._uid is None:
                self._uid = self._login()
        return self._protocol

    def _login(self) -> int:
        if self._protocol in ("auto", "odoo"):
            try:
                uid = self._proxy("common", "odoo").authenticate(
                    self._db, self._user, self._password, {}
                )
                self._protocol = "odoo"
                return _checked_uid(uid)
            except xmlrpc.client.ProtocolError as error:
                if self._protocol == "odoo" or error.errcode != 404:
                    raise
        self._protocol = "openerp"
        return _checked_uid(self._proxy("common").login(self._db, self._user, self._password))

    def _proxy(self, service: str, protocol: str | None = None) -> xmlrpc.client.ServerProxy:
        prefix = "/xmlrpc/2" if (protocol or self._protocol) == "odoo" else "/xmlrpc"
        url = f"{self._url}{prefix}/{service}"
        transport = _SafeTransport() if url.startswith("https:") else _Transport()
        transport.timeout = self._timeout
        return xmlrpc.client.ServerProxy(url, transport=transport, allow_none=True)


class _TimeoutMixin:
    """Gives every HTTP connection a socket timeout."""

    timeout = 5.0

    def make_connection(self, host: Any) -> Any:
        connection = super().make_connection(host)  # type: ignore[misc]
        connection.timeout = self.timeout
        return connection


class _Transport(_TimeoutMixin, xmlrpc.client.Transport):
    """Plain HTTP transport with a timeout."""


class _SafeTransport(_TimeoutMixin, xmlrpc.client.SafeTransport):
    """HTTPS transport with a timeout."""


def _checked_uid(uid: Any) -> int:
    if not isinstance(uid, int) or isinstance(uid, bool) or uid <= 0:
        raise LoginRefusedError
    return uid


class OdooCustomerData:
    """CustomerData over an Odoo/OpenERP server's XML-RPC API, shaped by an ErpMapping."""

    def __init__(
        self,
        url: str,
        db: str,
        user: str,
        password: str,
        mapping: ErpMapping | None = None,
        timeout: float = 5.0,
        protocol: Protocol = "auto",
    ) -> None:
        self._rpc = XmlRpcSession(url, db, user, password, timeout, protocol)
        self._map = mapping or ErpMapping()
        self._queries: dict[str, Callable[[str, int], list[int]]] = {
            "phone": self._by_phone,
            "email": self._by_email,
            "vat": self._by_partner_field(self._map.partner_vat),
            "member": self._by_partner_field(self._map.partner_member_code),
            "name": self._by_name,
            "contract": self._by_contract,
            "cups": self._by_cups,
        }

    async def search(self, field: str, value: str, limit: int) -> list[Partner]:
        """Partners matching `value` in `field` (at most `limit`), with their contracts."""
        if field != "all" and field not in self._queries:
            raise ValidationError("callinfo.unknown_field", field=field)
        return await _run("search", self._search, field, value, limit)

    async def invoices(self, contract: str, limit: int = 12) -> list[Invoice]:
        """Latest issued invoices of contract number `contract`, newest first."""
        return await _run("invoices", self._invoices, contract, limit)

    async def readings(self, contract: str, limit: int = 12) -> list[Reading]:
        """Latest meter readings of contract number `contract`, newest first."""
        return await _run("readings", self._readings, contract, limit)

    def _search(self, field: str, value: str, limit: int) -> list[Partner]:
        queries = self._queries.values() if field == "all" else [self._queries[field]]
        ids = list(dict.fromkeys(pid for query in queries for pid in query(value, limit)))
        return sort_partners(self._partners(ids[:limit]))

    def _by_phone(self, value: str, limit: int) -> list[int]:
        m = self._map
        return self._by_contact(
            ["|", (m.address_phone, "like", value), (m.address_mobile, "like", value)], limit
        )

    def _by_email(self, value: str, limit: int) -> list[int]:
        return self._by_contact([(self._map.address_email, "ilike", value)], limit)

    def _by_contact(self, domain: Domain, limit: int) -> list[int]:
        m = self._map
        if m.address_model is None:
            return self._rpc.search(m.partner_model, domain, limit)
        # one partner may own several matching addresses: fetch extra to count partners
        address_ids = self._rpc.search(m.address_model, domain, limit * 10)
        rows = _in_order(
            self._rpc.read(m.address_model, address_ids, [m.address_partner]), address_ids
        )
        return [pid for row in rows if (pid := _id(row[m.address_partner]))]

    def _by_partner_field(self, name: str) -> Callable[[str, int], list[int]]:
        def query(value: str, limit: int) -> list[int]:
            return self._rpc.search(self._map.partner_model, [(name, "ilike", value)], limit)

        return query

    def _by_name(self, value: str, limit: int) -> list[int]:
        domain = [(self._map.partner_name, "ilike", word) for word in value.split()]
        return self._rpc.search(self._map.partner_model, domain, limit)

    def _by_contract(self, value: str, limit: int) -> list[int]:
        return self._contract_holders([(self._map.contract_number, "=", value)], limit)

    def _by_cups(self, value: str, limit: int) -> list[int]:
        return self._contract_holders([(self._map.contract_cups, "ilike", value[:20])], limit)

    def _contract_holders(self, domain: Domain, limit: int) -> list[int]:
        m = self._map
        ids = self._rpc.search(m.contract_model, domain, limit, context=INACTIVE_TOO)
        roles = [m.contract_roles[r] for r in ("owner", "payer", "member") if r in m.contract_roles]
        rows = _in_order(
            self._rpc.read(
                m.contract_model, ids, [*roles, m.contract_notifier_address], INACTIVE_TOO
            ),
            ids,
        )
        holders = [[_id(row[name]) for name in roles] for row in rows]
        notifiers = [_id(row[m.contract_notifier_address]) for row in rows]
        notifier_partners = dict(zip(notifiers, self._address_owners(notifiers), strict=True))
        return [
            pid
            for held, notifier in zip(holders, notifiers, strict=True)
            for pid in [*held, notifier_partners[notifier]]
            if pid
        ]

    def _address_owners(self, address_ids: list[int | None]) -> list[int | None]:
        m = self._map
        if m.address_model is None:
            return address_ids
        wanted = [a for a in address_ids if a]
        rows = self._rpc.read(m.address_model, list(dict.fromkeys(wanted)), [m.address_partner])
        owner = {row["id"]: _id(row[m.address_partner]) for row in rows}
        return [owner.get(a) if a else None for a in address_ids]

    def _partners(self, ids: list[int]) -> list[Partner]:
        m = self._map
        if not ids:
            return []
        fields = [
            m.partner_name,
            m.partner_vat,
            m.partner_member_code,
            m.partner_lang,
            m.partner_notes,
        ]
        fields += [m.partner_categories] if m.member_category_id is not None else []
        fields += _address_fields(m)[1:] if m.address_model is None else []
        rows = _in_order(self._rpc.read(m.partner_model, ids, fields), ids)
        addresses = self._addresses(ids) if m.address_model else {r["id"]: [r] for r in rows}
        contracts = self._contracts_of(ids, [a["id"] for rs in addresses.values() for a in rs])
        periods = self._power_periods(contracts)
        return [
            self._partner(row, addresses.get(row["id"], []), contracts, periods) for row in rows
        ]

    def _addresses(self, partner_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
        m = self._map
        model = m.address_model or m.partner_model
        ids = self._rpc.search(model, [(m.address_partner, "in", partner_ids)])
        by_partner: dict[int, list[dict[str, Any]]] = {}
        for row in _in_order(self._rpc.read(model, ids, _address_fields(m)), ids):
            by_partner.setdefault(_id(row[m.address_partner]) or 0, []).append(row)
        return by_partner

    def _contracts_of(self, partner_ids: list[int], address_ids: list[int]) -> list[dict[str, Any]]:
        m = self._map
        clauses: Domain = [(name, "in", partner_ids) for name in m.contract_roles.values()]
        clauses.append((m.contract_notifier_address, "in", address_ids))
        domain = ["|"] * (len(clauses) - 1) + clauses
        ids = self._rpc.search(m.contract_model, domain, context=INACTIVE_TOO)
        return _in_order(
            self._rpc.read(m.contract_model, ids, _contract_fields(m), INACTIVE_TOO), ids
        )

    def _power_periods(self, contracts: list[dict[str, Any]]) -> dict[int, tuple[str, float]]:
        m = self._map
        if not m.contract_power_periods:
            return {}
        ids = [i for row in contracts for i in row.get(m.contract_power_periods) or []]
        fields = [m.power_period_name, m.power_period_value]
        rows = self._rpc.read(m.power_period_model, list(dict.fromkeys(ids)), fields)
        return {
            r["id"]: (_text(r[m.power_period_name]), float(r[m.power_period_value] or 0))
            for r in rows
        }

    def _partner(
        self,
        row: dict[str, Any],
        addresses: list[dict[str, Any]],
        contracts: list[dict[str, Any]],
        periods: dict[int, tuple[str, float]],
    ) -> Partner:
        m = self._map
        pid, own_addresses = row["id"], {a["id"] for a in addresses}
        held = [(c, _roles(m, c, pid, own_addresses)) for c in contracts]
        first = addresses[0] if addresses else {}
        return Partner(
            erp_id=pid,
            name=_text(row[m.partner_name]),
            vat=_bare_vat(_text(row[m.partner_vat])),
            member_code=_text(row[m.partner_member_code]),
            is_member=self._is_member(row),
            lang=_text(row[m.partner_lang]),
            emails=_unique(
                e.strip() for a in addresses for e in _text(a[m.address_email]).split(",")
            ),
            phones=_unique(
                _text(a[f]) for a in addresses for f in (m.address_phone, m.address_mobile)
            ),
            address=_text(first.get(m.address_street)),
            city=_text(first.get(m.address_city)),
            postal_code=_text(first.get(m.address_zip)),
            province=_text(first.get(m.address_province)),
            alerts=[
                line.strip() for line in _text(row[m.partner_notes]).splitlines() if line.strip()
            ],
            contracts=[_contract(m, c, roles, periods) for c, roles in held if roles],
        )

    def _is_member(self, row: dict[str, Any]) -> bool:
        m = self._map
        if m.member_category_id is None:
            return _text(row[m.partner_member_code]).upper().startswith("S")
        return m.member_category_id in (row[m.partner_categories] or [])

    def _contract_ids(self, number: str) -> list[int]:
        domain = [(self._map.contract_number, "=", number)]
        return self._rpc.search(self._map.contract_model, domain, context=INACTIVE_TOO)

    def _invoices(self, contract: str, limit: int) -> list[Invoice]:
        m = self._map
        contract_ids = self._contract_ids(contract)
        if not contract_ids:
            return []
        domain = [
            (m.invoice_contract, "in", contract_ids),
            (m.invoice_state, "!=", "draft"),
            (m.invoice_type, "in", m.invoice_types),
        ]
        ids = self._rpc.search(
            m.invoice_model, domain, limit, f"{m.invoice_issued} desc, {m.invoice_number} desc"
        )
        rows = _in_order(self._rpc.read(m.invoice_model, ids, _invoice_fields(m)), ids)
        return [_invoice(m, row) for row in rows]

    def _readings(self, contract: str, limit: int) -> list[Reading]:
        m = self._map
        contract_ids = self._contract_ids(contract)
        meter_ids = (
            self._rpc.search(m.meter_model, [(m.meter_contract, "in", contract_ids)])
            if contract_ids
            else []
        )
        if not meter_ids:
            return []
        domain = [(m.reading_meter, "in", meter_ids)]
        ids = self._rpc.search(m.reading_model, domain, limit, f"{m.reading_date} desc")
        rows = self._rpc.read(m.reading_model, ids, _reading_fields(m))
        readings = [_reading(m, row) for row in rows]
        return sorted(readings, key=lambda r: (-r.date.toordinal(), r.meter, r.period))


async def _run(operation: str, function: Callable[..., T], *args: Any) -> T:
    """Run a blocking ERP operation in a thread, turning failures into CustomerDataError."""
    try:
        return await asyncio.to_thread(function, *args)
    except LoginRefusedError:
        raise CustomerDataError(operation=operation, reason="login") from None
    except xmlrpc.client.Fault:
        # OpenERP fault codes and strings may quote the searched value: keep neither
        raise CustomerDataError(operation=operation, reason="fault") from None
    except xmlrpc.client.ProtocolError as error:
        raise CustomerDataError(
            operation=operation, reason="protocol", code=error.errcode
        ) from None
    except TimeoutError:
        raise CustomerDataError(operation=operation, reason="timeout") from None
    except (OSError, ExpatError, xmlrpc.client.ResponseError) as error:
        raise CustomerDataError(operation=operation, reason=type(error).__name__) from None


def _id(value: Any) -> int | None:
    """The id of a many2one value ([id, name], id or False)."""
    if isinstance(value, list | tuple):
        return value[0] if value else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _in_order(rows: list[dict[str, Any]], ids: list[int]) -> list[dict[str, Any]]:
    by_id = {row["id"]: row for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def _text(value: Any) -> str:
    """Display text of a field value: the name of a many2one, "" for False."""
    if isinstance(value, list | tuple):
        return str(value[1]) if len(value) > 1 else ""
    return "" if value is False or value is None else str(value)


def _date(value: Any) -> str | None:
    return str(value)[:10] if value else None


def _unique(values: Any) -> list[str]:
    return [v for v in dict.fromkeys(values) if v]


def _bare_vat(vat: str) -> str:
    return vat[2:] if vat.upper().startswith("ES") and len(vat) == 11 else vat


def _address_fields(m: ErpMapping) -> list[str]:
    names = [m.address_partner, m.address_phone, m.address_mobile, m.address_email]
    return names + [m.address_street, m.address_city, m.address_zip, m.address_province]


def _contract_fields(m: ErpMapping) -> list[str]:
    names = [m.contract_number, m.contract_cups, m.contract_supply_address, m.contract_tariff]
    names += [m.contract_power, m.contract_state, m.contract_active, m.contract_start]
    names += [m.contract_end, m.contract_notifier_address, *m.contract_roles.values()]
    optional = [m.contract_power_periods, m.contract_selfconsumption]
    return names + [name for name in optional if name]


def _roles(m: ErpMapping, row: dict[str, Any], pid: int, addresses: set[int]) -> list[Role]:
    roles: list[Role] = [
        role  # type: ignore[misc]
        for role in ("owner", "administrator", "payer", "member")
        if role in m.contract_roles and _id(row[m.contract_roles[role]]) == pid
    ]
    if _id(row[m.contract_notifier_address]) in addresses:
        roles.append("notifier")
    return roles


def _contract(
    m: ErpMapping, row: dict[str, Any], roles: list[Role], periods: dict[int, tuple[str, float]]
) -> Contract:
    power = dict(periods[i] for i in row.get(m.contract_power_periods or "") or [] if i in periods)
    if not power and row[m.contract_power]:
        power = {"P1": float(row[m.contract_power])}
    selfconsumption = _text(row.get(m.contract_selfconsumption or ""))
    return Contract(
        erp_id=row["id"],
        number=_text(row[m.contract_number]),
        cups=_text(row[m.contract_cups]),
        supply_address=_text(row[m.contract_supply_address]),
        tariff=_text(row[m.contract_tariff]),
        power_kw=power,
        state=_text(row[m.contract_state]),
        active=row[m.contract_active] is not False,
        start_date=_date(row[m.contract_start]),
        end_date=_date(row[m.contract_end]),
        owner_name=_text(row[m.contract_roles["owner"]]) if "owner" in m.contract_roles else "",
        roles=roles,
        alerts=["selfconsumption"] if selfconsumption not in ("", "00") else [],
    )


def _invoice_fields(m: ErpMapping) -> list[str]:
    names = [m.invoice_number, m.invoice_issued, m.invoice_due, m.invoice_start, m.invoice_end]
    return names + [
        m.invoice_total,
        m.invoice_energy,
        m.invoice_days,
        m.invoice_state,
        m.invoice_payer,
    ]


def _invoice(m: ErpMapping, row: dict[str, Any]) -> Invoice:
    energy, days = row[m.invoice_energy], row[m.invoice_days]
    return Invoice(
        number=_text(row[m.invoice_number]),
        issued=_date(row[m.invoice_issued]),
        due=_date(row[m.invoice_due]),
        start=_date(row[m.invoice_start]),
        end=_date(row[m.invoice_end]),
        total=float(row[m.invoice_total] or 0),
        energy_kwh=None if energy is False else float(energy),
        days=days or None,
        state=_text(row[m.invoice_state]),
        payer=_text(row[m.invoice_payer]),
    )


def _reading_fields(m: ErpMapping) -> list[str]:
    return [m.reading_meter, m.reading_date, m.reading_value, m.reading_period, m.reading_origin]


def _reading(m: ErpMapping, row: dict[str, Any]) -> Reading:
    return Reading(
        meter=_text(row[m.reading_meter]),
        date=_date(row[m.reading_date]),
        value=float(row[m.reading_value] or 0),
        period=_text(row[m.reading_period]),
        origin=_text(row[m.reading_origin]),
    )
