"""HTTP routes Slack's servers would answer: the Web API, response URLs and file uploads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from aiohttp import web

from bot.sandbox import api_chat, api_files, api_users, api_views
from bot.sandbox.api_chat import Call
from bot.sandbox.faults import RESPONSE_URL
from bot.sandbox.hooks import apply_response
from bot.sandbox.models import ApiError, JsonDict
from bot.sandbox.state import Workspace

Method = Callable[[Call], Awaitable[JsonDict]]
METHODS: dict[str, Method] = {
    **api_chat.METHODS,
    **api_users.METHODS,
    **api_views.METHODS,
    **api_files.METHODS,
}
MAX_UPLOAD = 50 * 1024 * 1024


class BaseUrlSink(Protocol):
    def __call__(self, url: str, *, from_bot: bool) -> None: ...


def base_url_of(request: web.Request, relative_path: str) -> str:
    """The sandbox root URL (ending in "/") as the caller reached it, whether mounted or not."""
    url = str(request.url.with_query(None))
    return (
        url[: -len(relative_path)] if url.endswith(relative_path) else url.rsplit("/", 1)[0] + "/"
    )


async def request_args(request: web.Request) -> JsonDict:
    """Arguments from the query string and a form or JSON body, like Slack accepts them."""
    args: JsonDict = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        args |= body if isinstance(body, dict) else {}
    elif request.can_read_body:
        form = await request.post()
        args |= {key: value for key, value in form.items() if isinstance(value, str)}
    return args


def bearer_token(request: web.Request, args: JsonDict) -> str:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return str(args.get("token", ""))


class WebApi:
    """The `api/{method}`, `hooks/response/{id}` and `files/...` routes of one workspace."""

    def __init__(
        self, workspace: Workspace, bot_token: str, remember_base_url: BaseUrlSink
    ) -> None:
        self.workspace = workspace
        self.bot_token = bot_token
        self.remember_base_url = remember_base_url

    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/api/{method}", self.handle_method)
        app.router.add_post("/hooks/response/{hook_id}", self.handle_response_url)
        app.router.add_post("/files/upload/{file_id}", self.handle_upload)
        app.router.add_get("/files/{file_id}/{name}", self.handle_download)

    async def handle_method(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        method = METHODS.get(name)
        if method is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        try:
            args = await request_args(request)
        except ValueError:
            return web.json_response({"ok": False, "error": "invalid_json"})
        if bearer_token(request, args) != self.bot_token:
            return web.json_response({"ok": False, "error": "invalid_auth"})
        args.pop("token", None)
        fault = self.workspace.faults.take(name, args)
        if fault is not None:
            return web.json_response(fault.body(), status=fault.status, headers=fault.headers)
        self.workspace.calls.append((name, args))
        call = Call(self.workspace, args, base_url_of(request, f"api/{name}"))
        self.remember_base_url(call.base_url, from_bot=True)
        return web.json_response(await self.run(name, method, call))

    async def run(self, name: str, method: Method, call: Call) -> JsonDict:
        try:
            return {"ok": True} | await method(call)
        except ApiError as error:
            answer = {"ok": False, "error": error.code} | error.extra
            self.workspace.refusals.append((name, answer))
            return answer

    async def handle_response_url(self, request: web.Request) -> web.Response:
        hook = self.workspace.hooks.get(request.match_info["hook_id"])
        try:
            body = await request.json()
        except ValueError:
            return web.json_response({"ok": False, "error": "invalid_payload"}, status=400)
        fault = self.workspace.faults.take(RESPONSE_URL, body if isinstance(body, dict) else {})
        if fault is not None:
            return web.json_response(fault.body(), status=fault.status, headers=fault.headers)
        status, answer = apply_response(self.workspace, hook, body)
        if status != 200:
            self.workspace.refusals.append((RESPONSE_URL, answer))
        return web.json_response(answer, status=status)

    async def handle_upload(self, request: web.Request) -> web.Response:
        stored = self.workspace.files.get(request.match_info["file_id"])
        if stored is None:
            return web.Response(status=404, text="file_not_found")
        content = await upload_content(request)
        if content is None or len(content) > MAX_UPLOAD:
            return web.Response(status=400, text="invalid_upload")
        stored.content = content
        return web.Response(text=f"OK - {len(content)}")

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        stored = self.workspace.files.get(request.match_info["file_id"])
        if stored is None or stored.content is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.content, content_type=stored.mimetype)


async def upload_content(request: web.Request) -> bytes | None:
    """The file bytes of an upload: the raw body, or the first file of a multipart form."""
    if not request.content_type.startswith("multipart/"):
        return await request.read()
    reader = await request.multipart()
    async for part in reader:
        if getattr(part, "filename", None):
            return bytes(await part.read())  # type: ignore[union-attr]
    return None
