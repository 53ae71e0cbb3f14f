"""PbxQueue over SSH: runs `asterisk -rx '<command>'` on the PBX host."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncssh

from tomatic.adapters import asterisk_cli as cli
from tomatic.adapters import asterisk_output as out
from tomatic.domain.errors import PbxRefusedError, PbxUnreachableError, ValidationError
from tomatic.domain.queue import MemberRefusal, QueueCounters, QueueMember

_NOT_RUNNING = "Unable to connect to remote asterisk"


class AsteriskSshQueue:
    """One Asterisk queue driven through its CLI over one kept-open SSH connection.

    Host keys are always verified: against `known_hosts` when given, otherwise
    against the user's `~/.ssh/known_hosts`. Failed connections are retried with
    exponential backoff; while backing off, commands fail at once.
    """

    def __init__(
        self,
        host: str,
        port: int = 22,
        *,
        username: str,
        queue: str,
        password: str | None = None,
        key_path: str | Path | None = None,
        known_hosts: str | Path | None = None,
        interface: str = "SIP/{extension}",
        command_timeout: float = 4.0,
        connect_timeout: float = 4.0,
        backoff_initial: float = 1.0,
        backoff_max: float = 60.0,
    ) -> None:
        self.host = host
        self.port = port
        self.queue = cli.check_queue_name(queue)
        self.interfaces = cli.InterfacePattern(interface)
        self.command_timeout = command_timeout
        self.connect_timeout = connect_timeout
        self._username = username
        self._password = password
        self._key_path = str(key_path) if key_path else None
        self._known_hosts = str(known_hosts) if known_hosts else ()
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._backoff = 0.0
        self._retry_at = 0.0
        self._conn: asyncssh.SSHClientConnection | None = None
        self._connect_lock = asyncio.Lock()
        self._change_lock = asyncio.Lock()

    async def status(self) -> list[QueueMember]:
        """Current members in line order (by penalty) with their live state."""
        return [
            out.to_queue_member(member, self._extension_of(member))
            for member in await self._parsed_members()
        ]

    async def set_members(self, members: list[tuple[str, str]]) -> list[MemberRefusal]:
        """Reconcile with the fewest commands, re-pausing re-added members; members that
        cannot be sent, or that Asterisk refuses, are left out and returned."""
        wanted, refused = cli.screen_members(members)
        async with self._change_lock:
            return refused + await self._reconcile(wanted)

    async def add(self, extension: str, name: str, line: int | None = None) -> None:
        """Add a member at `line` (0-based penalty) or after the last one."""
        cli.check_extension(extension)
        name = cli.check_name(name)
        async with self._change_lock:
            penalty = cli.check_line(line)
            if penalty is None:
                current = await self._parsed_members()
                penalty = max((m.penalty for m in current), default=-1) + 1
            await self._add(extension, name, penalty)

    async def remove(self, extension: str) -> None:
        """Remove a member (UnknownMemberError if absent)."""
        interface = self.interfaces.interface(extension)
        async with self._change_lock:
            await self._change(cli.remove_command(self.queue, interface), extension)

    async def pause(self, extension: str, reason: str = "") -> None:
        """Pause a member with an optional plain-text reason."""
        interface = self.interfaces.interface(extension)
        async with self._change_lock:
            await self._change(cli.pause_command(self.queue, interface, reason), extension)

    async def resume(self, extension: str) -> None:
        """Unpause a member."""
        interface = self.interfaces.interface(extension)
        async with self._change_lock:
            await self._change(cli.unpause_command(self.queue, interface), extension)

    async def clear(self) -> None:
        """Remove every member."""
        async with self._change_lock:
            for member in await self._parsed_members():
                command = cli.remove_command(self.queue, member.interface)
                await self._change(command, self._extension_of(member))

    async def counters(self) -> QueueCounters | None:
        """The counters `queue show` prints (C:, A:, hold and talk time, calls taken)."""
        output = await self.run(cli.show_command(self.queue))
        members = out.parse_queue_show(output, self.queue)
        taken = {self._extension_of(member): member.calls_taken for member in members}
        return out.parse_counters(output, taken)

    async def close(self) -> None:
        """Close the SSH connection."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()
            await conn.wait_closed()

    async def _reconcile(self, wanted: list[tuple[str, str]]) -> list[MemberRefusal]:
        current = {self._extension_of(m): m for m in await self._parsed_members()}
        wanted_exts = {ext for ext, _ in wanted}
        for ext, leaving in current.items():
            if ext not in wanted_exts:
                await self._change(cli.remove_command(self.queue, leaving.interface), ext)
        refused = []
        for line, (ext, name) in enumerate(wanted):
            member = current.get(ext)
            if member and member.penalty == line and member.name == name:
                continue
            try:
                await self._replace(ext, name, line, member)
            except PbxRefusedError as error:
                params = {key: str(value) for key, value in error.params.items()}
                refused.append(
                    MemberRefusal(extension=ext, name=name, key=error.key, params=params)
                )
        return refused

    async def _replace(
        self, ext: str, name: str, line: int, member: out.ParsedMember | None
    ) -> None:
        if member:
            await self._change(cli.remove_command(self.queue, member.interface), ext)
        await self._add(ext, name, line)
        if member and member.paused:
            reason = _plain_or_empty(member.pause_reason)
            interface = self.interfaces.interface(ext)
            await self._change(cli.pause_command(self.queue, interface, reason), ext)

    async def _add(self, extension: str, name: str, line: int) -> None:
        interface = self.interfaces.interface(extension)
        await self._change(cli.add_command(self.queue, interface, line, name), extension)

    async def _parsed_members(self) -> list[out.ParsedMember]:
        output = await self.run(cli.show_command(self.queue))
        members = out.parse_queue_show(output, self.queue)
        return sorted(members, key=lambda member: member.penalty)

    def _extension_of(self, member: out.ParsedMember) -> str:
        return self.interfaces.extension(member.interface) or member.interface

    async def _change(self, command: str, extension: str) -> None:
        out.check_change_output(await self.run(command), extension, self.queue)

    async def run(self, command: str) -> str:
        """Run one already-built Asterisk CLI command and return its output."""
        remote = cli.remote_command(command)
        conn = await self._connection()
        try:
            result = await asyncio.wait_for(
                conn.run(remote, check=False, encoding="utf-8", errors="replace"),
                timeout=self.command_timeout,
            )
        except TimeoutError as exc:
            self._drop(conn)  # a wedged link would time out every later command too
            raise PbxUnreachableError("pbx.timeout", host=self.host) from exc
        except (OSError, asyncssh.Error) as exc:
            self._drop(conn)
            raise PbxUnreachableError(
                host=self.host, reason=str(exc) or type(exc).__name__
            ) from exc
        return self._output_of(result)

    def _output_of(self, result: asyncssh.SSHCompletedProcess) -> str:
        output = _text(result.stdout) + _text(result.stderr)
        detail = output.strip()[:200] or "-"
        if result.exit_status is None or _NOT_RUNNING in output:
            raise PbxUnreachableError(host=self.host, reason=detail)
        if result.exit_status != 0:
            raise PbxRefusedError("pbx.refused", detail=detail, queue=self.queue)
        return output

    async def _connection(self) -> asyncssh.SSHClientConnection:
        async with self._connect_lock:
            if self._conn is not None and not self._conn.is_closed():
                return self._conn
            self._conn = None
            if time.monotonic() < self._retry_at:
                raise PbxUnreachableError(host=self.host, reason="backoff")
            try:
                self._conn = await asyncio.wait_for(self._connect(), self.connect_timeout)
            except (OSError, asyncssh.Error, TimeoutError, ValueError) as exc:
                self._schedule_retry()
                reason = str(exc) or type(exc).__name__
                raise PbxUnreachableError(host=self.host, reason=reason) from exc
            self._backoff = 0.0
            return self._conn

    async def _connect(self) -> asyncssh.SSHClientConnection:
        return await asyncssh.connect(
            self.host,
            self.port,
            username=self._username,
            password=self._password,
            client_keys=[self._key_path] if self._key_path else None,
            known_hosts=self._known_hosts,
            agent_path=None,
            config=None,
            connect_timeout=self.connect_timeout,
            keepalive_interval=30,
            keepalive_count_max=3,
        )

    def _schedule_retry(self) -> None:
        self._backoff = min(self._backoff_max, self._backoff * 2 or self._backoff_initial)
        self._retry_at = time.monotonic() + self._backoff

    def _drop(self, conn: asyncssh.SSHClientConnection) -> None:
        if self._conn is conn:
            self._conn = None
        conn.abort()


def _plain_or_empty(reason: str) -> str:
    try:
        return cli.check_reason(reason)
    except ValidationError:
        return ""


def _text(value: str | bytes | None) -> str:
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
