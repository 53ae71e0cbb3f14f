"""Odoo's search domains and reads over in-memory tables, for the test ERP server
(`tests/support/xmlrpc_erp.py`): prefix `|`, `&`, `!`; `=`, `!=`, `like`, `ilike`, `=like`,
`=ilike`, `in`, `not in`; many2one values `[id, name]`; inactive rows hidden unless asked for."""

from __future__ import annotations

import re
import xmlrpc.client
from typing import Any

Table = dict[int, dict[str, Any]]
DEFAULT_ORDER = {"res.partner": "name"}


def columns(table: Table) -> set[str]:
    return {name for row in table.values() for name in row} - {"id"}


def search(model, table, domain, offset=0, limit=None, order=None, context=None, count=False):  # noqa: ANN001
    context = context or {}
    rows = [r for r in table.values() if _matches(r, list(domain))]
    mentions_active = any(isinstance(leaf, list) and leaf[0] == "active" for leaf in domain)
    if context.get("active_test", True) and not mentions_active:
        rows = [r for r in rows if r.get("active", True)]
    rows = _ordered(rows, order or DEFAULT_ORDER.get(model, "id"))
    rows = rows[offset or 0 :]
    return [r["id"] for r in (rows[:limit] if limit else rows)]


def read(table, ids, fields=None, context=None) -> list[dict[str, Any]]:  # noqa: ANN001
    missing = [i for i in ids if i not in table]
    if missing:
        raise xmlrpc.client.Fault("MissingError", "record does not exist")
    unknown = [f for f in fields or [] if f not in table[ids[0]]] if ids else []
    if unknown:
        raise xmlrpc.client.Fault("ValueError", f"invalid fields {unknown}")
    return [{"id": i} | {f: table[i][f] for f in fields or table[i]} for i in ids]


def _ordered(rows: list[dict[str, Any]], order: str) -> list[dict[str, Any]]:
    for term in reversed([t.split() for t in order.split(",")]):
        rows = sorted(rows, key=lambda r, f=term[0]: _sort_key(r[f]), reverse=term[-1] == "desc")
    return rows


def _sort_key(value: Any) -> Any:
    if isinstance(value, list):
        return str(value[1]) if value else ""
    return "" if value is False or value is None else value


def _matches(row: dict[str, Any], domain: list[Any]) -> bool:
    results = []
    while domain:
        results.append(_evaluate(row, domain))
    return all(results)


def _evaluate(row: dict[str, Any], domain: list[Any]) -> bool:
    token = domain.pop(0)
    if token == "!":
        return not _evaluate(row, domain)
    if token in ("|", "&"):
        left, right = _evaluate(row, domain), _evaluate(row, domain)
        return (left or right) if token == "|" else (left and right)
    field, operator, value = token
    return _compare(row[field], operator, value)


def _compare(stored: Any, operator: str, value: Any) -> bool:
    if operator in ("like", "ilike", "=like", "=ilike"):
        text = _sort_key(stored)
        pattern = str(value) if operator.startswith("=") else f"%{value}%"
        return bool(text) and _like(str(text), pattern, operator.endswith("ilike"))
    ids = _ids(stored)
    if operator in ("in", "not in"):
        hit = bool(set(ids) & set(value)) if ids is not None else stored in value
        return hit if operator == "in" else not hit
    if isinstance(value, str) and isinstance(stored, list):
        equal = _sort_key(stored) == value
    else:
        equal = (ids == [value]) if ids is not None else stored == value
    return equal if operator == "=" else not equal


def _like(text: str, pattern: str, ignore_case: bool) -> bool:
    """SQL LIKE: `%` any text, `_` any one character, a backslash escapes the next one."""
    regex = "".join(
        ".*" if token == "%" else "." if token == "_" else re.escape(token[-1])
        for token in re.findall(r"\\.|.", pattern, re.DOTALL)
    )
    return re.fullmatch(regex, text, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def _ids(stored: Any) -> list[int] | None:
    """Ids held by a relational value: [id, name] many2one, or a list of ids."""
    if not isinstance(stored, list):
        return None
    if len(stored) == 2 and isinstance(stored[1], str):
        return [stored[0]]
    return list(stored)
