"""A small Odoo/OpenERP-like XML-RPC server on 127.0.0.1 for contract tests.

It serves `/xmlrpc/2/{common,object}` (Odoo: authenticate, execute_kw) and/or the
older `/xmlrpc/{common,object}` (OpenERP: login, positional execute), answering
`search`, `read` and `fields_get` over in-memory tables. Domains support prefix `|`,
`&`, `!` and the operators `=`, `!=`, `like`, `ilike`, `=like`, `=ilike`, `in`, `not in`;
`like` and `ilike` wrap the value in `%…%` without escaping it, like Odoo, so `%` and `_`
are wildcards and a backslash escapes them, like PostgreSQL. Many2one values are
`[id, name]` and compare by id with numbers, by name with text, like OpenERP.
A model's fields are those of its rows; `drop_field` takes one away, as in an ERP
whose schema lacks it. `delay` (seconds) slows every answer down; `fault` makes model
calls fail.
"""

from __future__ import annotations

import json
import socketserver
import threading
import time
import xmlrpc.client
from pathlib import Path
from typing import Any
from xmlrpc.server import MultiPathXMLRPCServer, SimpleXMLRPCDispatcher, SimpleXMLRPCRequestHandler

from tests.support.erp_domain import Table, columns, read, search

MEMBER_CATEGORY = 7


class FakeErpServer:
    """An ERP answering XML-RPC in a background thread; use as a context manager."""

    def __init__(
        self,
        tables: dict[str, Table],
        styles: tuple[str, ...] = ("odoo", "openerp"),
        db: str = "erp",
        user: str = "tomatic",
        password: str = "secret",
    ) -> None:
        self.tables = tables
        self.fields = {model: columns(table) for model, table in tables.items()}
        self.styles = styles
        self.credentials = (db, user, password)
        self.delay = 0.0
        self.fault: str | None = None
        self.requests: list[tuple[str, str]] = []
        self._server = self._build()
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeErpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def drop_field(self, model: str, field: str) -> None:
        """Take `field` out of `model`, as in an ERP whose schema lacks it."""
        self.fields[model].discard(field)
        for row in self.tables[model].values():
            row.pop(field, None)

    def _build(self) -> MultiPathXMLRPCServer:
        paths = {"odoo": "/xmlrpc/2", "openerp": "/xmlrpc"}
        served = [f"{paths[s]}/{service}" for s in self.styles for service in ("common", "object")]
        handler = type("Handler", (SimpleXMLRPCRequestHandler,), {"rpc_paths": tuple(served)})
        server = _ThreadedServer(("127.0.0.1", 0), handler, logRequests=False, allow_none=True)
        for style in self.styles:
            server.add_dispatcher(f"{paths[style]}/common", self._common(style))
            server.add_dispatcher(f"{paths[style]}/object", self._object(style))
        return server

    def _common(self, style: str) -> SimpleXMLRPCDispatcher:
        dispatcher = SimpleXMLRPCDispatcher(allow_none=True)
        dispatcher.register_function(self._login, "login")
        if style == "odoo":
            dispatcher.register_function(
                lambda db, user, pwd, env: self._login(db, user, pwd), "authenticate"
            )
            dispatcher.register_function(lambda: {"server_version": "fake"}, "version")
        return dispatcher

    def _object(self, style: str) -> SimpleXMLRPCDispatcher:
        dispatcher = SimpleXMLRPCDispatcher(allow_none=True)
        dispatcher.register_function(self._execute, "execute")
        if style == "odoo":
            dispatcher.register_function(self._execute_kw, "execute_kw")
        return dispatcher

    def _login(self, db: str, user: str, password: str) -> int | bool:
        self._pause()
        return 2 if (db, user, password) == self.credentials else False

    def _execute(
        self, db: str, uid: int, password: str, model: str, method: str, *args: Any
    ) -> Any:
        return self._call(db, uid, password, model, method, list(args), {})

    def _execute_kw(self, db, uid, password, model, method, args, kwargs=None) -> Any:  # noqa: ANN001
        return self._call(db, uid, password, model, method, args, kwargs or {})

    def _call(self, db, uid, password, model, method, args, kwargs) -> Any:  # noqa: ANN001
        self._pause()
        self.requests.append((model, method))
        if (db, password) != (self.credentials[0], self.credentials[2]) or uid != 2:
            raise xmlrpc.client.Fault("AccessDenied", "Access denied")
        if self.fault:
            raise xmlrpc.client.Fault("warning", self.fault)
        if model not in self.tables or method not in ("search", "read", "fields_get"):
            raise xmlrpc.client.Fault("object", f"unknown {model}.{method}")
        table = self.tables[model]
        if method == "fields_get":
            return {name: {"type": "char", "string": name} for name in sorted(self.fields[model])}
        if method == "search":
            return search(model, table, *args, **kwargs)
        return read(table, *args, **kwargs)

    def _pause(self) -> None:
        if self.delay:
            time.sleep(self.delay)


class _ThreadedServer(socketserver.ThreadingMixIn, MultiPathXMLRPCServer):
    daemon_threads = True
    block_on_close = False


def tables_from_demo(path: Path) -> dict[str, Table]:
    """GISCE-shaped tables (res.partner, res.partner.address, giscedata.*) from the demo JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    partners = {p["id"]: p for p in data["partners"]}
    tables: dict[str, Table] = {name: {} for name in _MODELS}
    for p in data["partners"]:
        _add_partner(tables, p)
    contract_ids: dict[str, list[Any]] = {}
    for c in data["contracts"]:
        contract_ids[c["number"]] = [c["id"], c["number"]]
        _add_contract(tables, c, partners)
    for n, row in enumerate(data["invoices"], start=1):
        _add_invoice(tables, n, row, contract_ids[row["contract"]], partners)
    _add_readings(tables, data["readings"], contract_ids)
    return tables


_MODELS = (
    "res.partner",
    "res.partner.address",
    "giscedata.polissa",
    "giscedata.polissa.potencia.contractada.periode",
    "giscedata.facturacio.factura",
    "giscedata.lectures.comptador",
    "giscedata.lectures.lectura",
)


def _m2o(record_id: int | None, name: str) -> list[Any] | bool:
    return [record_id, name] if record_id else False


def _add_partner(tables: dict[str, Table], p: dict[str, Any]) -> None:
    address_id = p["id"] + 50_000
    phones = [*p["phones"], False, False]
    tables["res.partner"][p["id"]] = {
        "id": p["id"],
        "name": p["name"],
        "vat": "ES" + p["vat"],
        "ref": p["member_code"] or False,
        "lang": p["lang"],
        "comment": "\n".join(p["alerts"]) or False,
        "category_id": [MEMBER_CATEGORY] if p["is_member"] else [],
        "address": [address_id],
        "active": True,
    }
    tables["res.partner.address"][address_id] = {
        "id": address_id,
        "partner_id": [p["id"], p["name"]],
        "phone": phones[0],
        "mobile": phones[1],
        "email": ",".join(p["emails"]) or False,
        "street": p["address"],
        "city": p["city"],
        "zip": p["postal_code"],
        "state_id": [int(p["postal_code"][:2]), p["province"]],
        "active": True,
    }


def _add_contract(tables: dict[str, Table], c: dict[str, Any], partners: dict[int, Any]) -> None:
    def role(key: str) -> list[Any] | bool:
        pid = c.get(key)
        return _m2o(pid, partners[pid]["name"]) if pid else False

    periods = tables["giscedata.polissa.potencia.contractada.periode"]
    period_ids = []
    for name, kw in c["power_kw"].items():
        period_ids.append(len(periods) + 1)
        periods[len(periods) + 1] = {
            "id": len(periods) + 1,
            "periode_id": [int(name[1:]), name],
            "potencia": kw,
        }
    tables["giscedata.polissa"][c["id"]] = {
        "id": c["id"],
        "name": c["number"],
        "cups": [c["id"] + 70_000, c["cups"]],
        "cups_direccio": c["supply_address"],
        "tarifa": [1 if c["tariff"] == "2.0TD" else 2, c["tariff"]],
        "potencia": max(c["power_kw"].values()),
        "potencies_periode": period_ids,
        "state": c["state"],
        "active": c["active"],
        "data_alta": c["start_date"],
        "data_baixa": c["end_date"] or False,
        "titular": role("owner"),
        "pagador": role("payer"),
        "soci": role("member"),
        "administradora": role("administrator"),
        "direccio_notificacio": _m2o(c["notifier"] + 50_000, "address") if c["notifier"] else False,
        "autoconsumo": "41" if "selfconsumption" in c["alerts"] else "00",
    }


def _add_invoice(
    tables: dict[str, Table],
    n: int,
    row: dict[str, Any],
    contract: list[Any],
    partners: dict[int, Any],
) -> None:
    tables["giscedata.facturacio.factura"][n] = {
        "id": n,
        "polissa_id": contract,
        "number": row["number"] or False,
        "date_invoice": row["issued"] or False,
        "date_due": row["due"] or False,
        "data_inici": row["start"],
        "data_final": row["end"],
        "amount_total": row["total"],
        "energia_kwh": row["energy_kwh"],
        "dies": row["days"],
        "state": row["state"],
        "partner_id": [row["payer"], partners[row["payer"]]["name"]],
        "type": row["type"],
    }


def _add_readings(
    tables: dict[str, Table], readings: list[dict[str, Any]], contracts: dict[str, list[Any]]
) -> None:
    meters: dict[str, int] = {}
    for n, row in enumerate(readings, start=1):
        if row["meter"] not in meters:
            meter_id = meters[row["meter"]] = len(meters) + 1
            tables["giscedata.lectures.comptador"][meter_id] = {
                "id": meter_id,
                "name": row["meter"],
                "polissa": contracts[row["contract"]],
                "active": True,
            }
        tables["giscedata.lectures.lectura"][n] = {
            "id": n,
            "comptador": [meters[row["meter"]], row["meter"]],
            "name": row["date"],
            "lectura": row["value"],
            "periode": [n, row["period"]],
            "origen_id": [n, row["origin"]],
        }
