"""A local SSH server that behaves like a PBX host answering `asterisk -rx '...'`.

It splits each exec request like a POSIX shell would, splits the CLI line like
Asterisk's own parser (double quotes group, backslash escapes; single quotes are
plain characters), keeps queue state and prints Asterisk 18-style output.
"""

from __future__ import annotations

import asyncio
import shlex
from pathlib import Path

import asyncssh

from tests.support.asterisk_listing import Member, QueueStats, render_queue

SHELL_OPERATORS = set(";&|<>()")


def asterisk_args(line: str) -> list[str]:
    """Split a CLI line the way Asterisk's `parse_args` does."""
    args: list[str] = []
    current: list[str] | None = None
    quoted = escaped = False
    for char in line:
        if char == '"' and not escaped:
            quoted = not quoted
            if current is None:
                current = []
        elif char in " \t" and not (quoted or escaped):
            if current is not None:
                args.append("".join(current))
                current = None
        elif char == "\\" and not escaped:
            escaped = True
        else:
            current = [] if current is None else current
            current.append(char)
            escaped = False
    if current is not None:
        args.append("".join(current))
    return args


def shell_argv(command: str) -> list[str] | None:
    """Split a remote command like sh; None when it holds unquoted control operators."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        return None
    if any(token and set(token) <= SHELL_OPERATORS for token in tokens):
        return None
    return tokens


def membername(name: str) -> str:
    """What Asterisk keeps of a member name: `char membername[80]`, so 79 bytes of UTF-8 (a
    character cut in two comes back garbled)."""
    return name.encode("utf-8")[:79].decode("utf-8", "replace")


class FakeAsterisk:
    """Queue state and CLI command handling of a simulated Asterisk."""

    def __init__(self, queues: tuple[str, ...]) -> None:
        self.queues: dict[str, dict[str, Member]] = {q: {} for q in queues}
        self.stats: dict[str, QueueStats] = {q: QueueStats() for q in queues}

    def complete_call(self, queue: str, interface: str, hold: int = 10, talk: int = 90) -> None:
        """A caller waited `hold` seconds and talked `talk` seconds with a member."""
        self.stats[queue].completed_call(hold, talk)
        member = self.queues[queue][interface]
        member.calls, member.last_call_secs = member.calls + 1, 0

    def abandon(self, queue: str, count: int = 1) -> None:
        """`count` callers hung up before anybody answered."""
        self.stats[queue].abandoned += count

    def restart(self) -> None:
        """Asterisk restarted: counters start again from 0; persistent members come back
        with no calls taken."""
        for queue, members in self.queues.items():
            self.stats[queue] = QueueStats()
            for member in members.values():
                member.calls, member.last_call_secs = 0, 0

    def execute(self, line: str) -> str:
        """Run one CLI command line and return what Asterisk prints."""
        argv = asterisk_args(line)
        words = argv[:3]
        if argv[:2] == ["queue", "show"]:
            return self.show(argv)
        if words == ["queue", "add", "member"]:
            return self.add(argv)
        if words == ["queue", "remove", "member"]:
            return self.remove(argv)
        if words in (["queue", "pause", "member"], ["queue", "unpause", "member"]):
            return self.pause(argv, paused=argv[1] == "pause")
        return (
            f"No such command '{line}' (type 'core show help {line}' for other possible commands)\n"
        )

    def show(self, argv: list[str]) -> str:
        if len(argv) != 3:
            return "Usage: queue show\n"
        queue = argv[2]
        if queue not in self.queues:
            return f"No such queue: {queue}.\n\n"
        return render_queue(queue, self.queues[queue], self.stats[queue])

    def add(self, argv: list[str]) -> str:
        keywords = {4: "to", 6: "penalty", 8: "as", 10: "state_interface"}
        if len(argv) not in (6, 8, 10, 12) or any(
            argv[i] != word for i, word in keywords.items() if i < len(argv)
        ):
            return "Usage: queue add member <dial string> to <queue> [[[penalty <penalty>] as <membername>] state_interface <interface>]\n"
        interface, queue = argv[3], argv[5]
        if queue not in self.queues:
            return f"Unable to add interface to queue '{queue}': No such queue\n"
        members = self.queues[queue]
        if interface in members:
            return f"Unable to add interface '{interface}' to queue '{queue}': Already there\n"
        penalty = int(argv[7]) if len(argv) >= 8 else 0
        name = membername(argv[9]) if len(argv) >= 10 else interface
        state = argv[11] if len(argv) >= 12 else ""
        members[interface] = Member(interface, name, penalty, state)
        return f"Added interface '{interface}' to queue '{queue}'\n"

    def remove(self, argv: list[str]) -> str:
        if len(argv) != 6 or argv[4] != "from":
            return "Usage: queue remove member <channel> from <queue>\n"
        interface, queue = argv[3], argv[5]
        if queue not in self.queues:
            return f"Unable to remove interface from queue '{queue}': No such queue\n"
        if self.queues[queue].pop(interface, None) is None:
            return f"Unable to remove interface '{interface}' from queue '{queue}': Not there\n"
        return f"Removed interface {interface} from queue '{queue}'\n"

    def pause(self, argv: list[str], *, paused: bool) -> str:
        if len(argv) not in (4, 6, 8):
            return (
                "Usage: queue {pause|unpause} member <member> [queue <queue> [reason <reason>]]\n"
            )
        interface = argv[3]
        queue = argv[5] if len(argv) >= 6 else ""
        reason = argv[7] if len(argv) >= 8 else ""
        verb = "paused" if paused else "unpaused"
        found = [m for q, ms in self.queues.items() if q == queue or not queue for m in ms.values()]
        found = [m for m in found if m.interface == interface]
        where = (f" in queue '{queue}'" if queue else "") + (
            f" for reason '{reason}'" if reason else ""
        )
        if not found:
            return f"Unable to {verb[:-1]} interface '{interface}'{where}\n"
        for member in found:
            member.paused, member.reason = paused, reason if paused else ""
        return f"{verb} interface '{interface}'{where}\n"


class _Auth(asyncssh.SSHServer):
    def __init__(self, owner: AsteriskSshServer) -> None:
        self.owner = owner

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.owner.connections.append(conn)
        self.owner.accepted += 1

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == self.owner.username and password == self.owner.password

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        public = self.owner.client_key.convert_to_public()
        return username == self.owner.username and key.public_data == public.public_data


class AsteriskSshServer:
    """SSH server on 127.0.0.1 (random port) answering `asterisk -rx '...'`.

    `commands` records every exec request as received; `delay` slows answers;
    `drop_connections()` cuts every open connection; `asterisk_running=False`
    answers like a host whose Asterisk is stopped.
    """

    def __init__(self, tmp_path: Path, queues: tuple[str, ...] = ("somenergia",)) -> None:
        self.tmp_path = tmp_path
        self.username = "tomatic"
        self.password = "s3cret"
        self.asterisk = FakeAsterisk(queues)
        self.commands: list[str] = []
        self.connections: list[asyncssh.SSHServerConnection] = []
        self.accepted = 0
        self.delay = 0.0
        self.asterisk_running = True
        self.host_key = asyncssh.generate_private_key("ssh-ed25519")
        self.client_key = asyncssh.generate_private_key("ssh-ed25519")
        self.client_key_path = tmp_path / "client_key"
        self.known_hosts_path = tmp_path / "known_hosts"
        self.port = 0
        self._server: asyncssh.SSHAcceptor | None = None

    async def start(self) -> AsteriskSshServer:
        """Listen on a free port and write the known_hosts and client key files."""
        self._server = await asyncssh.create_server(
            lambda: _Auth(self),
            "127.0.0.1",
            0,
            server_host_keys=[self.host_key],
            process_factory=self._handle,
            encoding=None,
        )
        self.port = self._server.sockets[0].getsockname()[1]
        public = self.host_key.export_public_key().decode().strip()
        self.known_hosts_path.write_text(f"[127.0.0.1]:{self.port} {public}\n")
        self.client_key.write_private_key(str(self.client_key_path))
        return self

    async def stop(self) -> None:
        """Stop listening and close every connection."""
        self.drop_connections()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    def drop_connections(self) -> None:
        """Abort every open connection, like a network cut or an sshd restart."""
        for conn in self.connections:
            conn.abort()
        self.connections.clear()

    @property
    def cli_commands(self) -> list[str]:
        """The Asterisk command lines received, as the remote shell passed them on."""
        result = []
        for command in self.commands:
            argv = shell_argv(command)
            result.append(argv[2] if argv and len(argv) == 3 else f"<shell: {command}>")
        return result

    async def _handle(self, process: asyncssh.SSHServerProcess) -> None:
        command = process.command or ""
        self.commands.append(command)
        if self.delay:
            await asyncio.sleep(self.delay)
        output, status = self._answer(command)
        process.stdout.write(output.encode("utf-8"))
        process.exit(status)

    def _answer(self, command: str) -> tuple[str, int]:
        argv = shell_argv(command)
        if argv is None or len(argv) != 3 or argv[:2] != ["asterisk", "-rx"]:
            return f"sh: refused by test server: {command}\n", 127
        if not self.asterisk_running:
            message = (
                "Unable to connect to remote asterisk (does /var/run/asterisk/asterisk.ctl exist?)"
            )
            return message + "\n", 1
        return self.asterisk.execute(argv[2]), 0
