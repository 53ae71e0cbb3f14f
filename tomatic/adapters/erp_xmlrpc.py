"""Blocking XML-RPC session to an Odoo/OpenERP server, and a safe way to run it.

The session logs in once and falls back from the Odoo paths to the older OpenERP
ones. `run_erp_call` runs its blocking calls in a worker thread of the ERP's own pool (so
that a burst of calls at a turn start, one per line, is not queued behind the few threads
of asyncio's default pool, which paints images too) and turns any failure into a
CustomerDataError naming the operation only: customer data never reaches errors or logs.

One operation (a search, say) makes several requests. `XmlRpcSession.within` gives the whole
operation one deadline: each request waits at most the time left, and none starts after it,
so a hung ERP frees its thread when the deadline passes instead of once per request.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import http.client
import threading
import time
import xmlrpc.client
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal, TypeVar
from xml.parsers.expat import ExpatError

from tomatic.domain.errors import CustomerDataError

Protocol = Literal["auto", "odoo", "openerp"]
Domain = list[Any]
T = TypeVar("T")
ERP_THREADS = 48
"""ERP operations run at once: a call card for each line of a 40-line turn, and searches."""
_POOL = ThreadPoolExecutor(max_workers=ERP_THREADS, thread_name_prefix="tomatic-erp")


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
        self._local = threading.local()

    def within(self, seconds: float, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)`, whose requests on this session share a deadline `seconds` away.

        Raises:
            TimeoutError: a request would start, or still be waiting, after the deadline.
        """
        self._local.deadline = time.monotonic() + seconds
        try:
            return function(*args)
        finally:
            self._local.deadline = None

    def _time_left(self) -> float:
        """The socket timeout of the next request: the time left before the deadline (if any)."""
        deadline = getattr(self._local, "deadline", None)
        if deadline is None:
            return self._timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("ERP deadline passed")
        return min(self._timeout, left)

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

    def fields_get(self, model: str) -> set[str]:
        """Names of the fields `model` has on this server."""
        if self._ensure_login() == "odoo":
            found = self._execute("execute_kw", model, "fields_get", [], {"attributes": ["type"]})
        else:
            found = self._execute("execute", model, "fields_get", [])
        return set(found)

    def _execute(self, method: str, model: str, *args: Any) -> Any:
        proxy = self._proxy("object")
        return getattr(proxy, method)(self._db, self._uid, self._password, model, *args)

    def _ensure_login(self) -> str:
        # another thread may be logging in against a hung ERP: wait no longer than the deadline
        if not self._lock.acquire(timeout=self._time_left()):
            raise TimeoutError("ERP login still running elsewhere")
        try:
            if self._uid is None:
                self._uid = self._login()
        finally:
            self._lock.release()
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
        transport.timeout = self._time_left()
        return xmlrpc.client.ServerProxy(url, transport=transport, allow_none=True)


class _Transport(xmlrpc.client.Transport):
    """Plain HTTP transport whose connections have a socket timeout."""

    timeout = 5.0

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


class _SafeTransport(xmlrpc.client.SafeTransport):
    """HTTPS transport whose connections have a socket timeout."""

    timeout = 5.0

    def make_connection(self, host: Any) -> http.client.HTTPSConnection:
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


def _checked_uid(uid: Any) -> int:
    if not isinstance(uid, int) or isinstance(uid, bool) or uid <= 0:
        raise LoginRefusedError
    return uid


async def run_erp_call(operation: str, function: Callable[..., T], *args: Any) -> T:
    """Run a blocking ERP operation in a thread, turning failures into CustomerDataError."""
    try:
        context = contextvars.copy_context()
        call = functools.partial(context.run, function, *args)
        return await asyncio.get_running_loop().run_in_executor(_POOL, call)
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
