"""The planner's process pool: solves off the event loop, with progress and cancel."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import queue
import secrets
import signal
import socket
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import structlog

from tomatic.domain.errors import SolverCrashedError

log = structlog.get_logger("tomatic.workers")
POLL_S = 0.1
_THIS_PROCESS = {"host": socket.gethostname(), "pid": os.getpid(), "token": secrets.token_hex(8)}


def this_process() -> dict[str, Any]:
    """Who owns the planner runs started here: host, process id, and a token of this start
    (a restarted service may get the same process id, in a container for instance)."""
    return dict(_THIS_PROCESS)


def owner_alive(owner: dict[str, Any]) -> bool:
    """Whether the process that started a run still runs (another `tomatic plan`, say).
    Only processes of this host can be asked; one elsewhere counts as gone."""
    if owner.get("host") != _THIS_PROCESS["host"] or not isinstance(owner.get("pid"), int):
        return False
    if owner.get("token") == _THIS_PROCESS["token"]:
        return True
    if owner["pid"] == _THIS_PROCESS["pid"]:
        return False  # the same id, another start: that process is gone
    try:
        os.kill(owner["pid"], 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, under another user
        return True
    return True


def _init_worker() -> None:
    """Workers ignore Ctrl-C (the service stops them) and load OR-Tools once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import tomatic.planner.entrypoint  # noqa: F401 - warm import


def _warm() -> int:
    import os

    return os.getpid()


def _solve_in_worker(problem_json: str, options: dict[str, Any], progress: Any, stop: Any) -> str:
    """Runs inside a worker process; only strings and manager proxies cross over."""
    import os

    from tomatic.planner.entrypoint import solve_json

    progress.put({"pid": os.getpid()})
    return solve_json(
        problem_json,
        on_progress=progress.put,
        should_stop=stop.is_set,
        **options,
    )


class ProcessPoolSolverRunner:
    """`SolverRunner` over a ProcessPoolExecutor of `workers` processes (spawned, warmed)."""

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._manager_instance: Any = None
        self._pool = self._new_pool()
        self._stops: dict[str, Any] = {}
        self.pids: dict[str, int] = {}

    @property
    def _manager(self) -> Any:
        """The process that relays progress and stop flags, started on first use."""
        if self._manager_instance is None:
            self._manager_instance = self._context.Manager()
        return self._manager_instance

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=self._context, initializer=_init_worker
        )

    async def warm_up(self) -> None:
        """Start the workers now rather than on the first run."""
        loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(loop.run_in_executor(self._pool, _warm) for _ in range(self.workers))
        )

    async def solve(
        self,
        run_id: str,
        problem_json: str,
        options: dict[str, Any],
        on_progress: Callable[[dict], Any] | None = None,
    ) -> str:
        """Solve in a worker, relaying progress; SolverCrashedError if the worker dies."""
        progress = self._manager.Queue()
        stop = self._manager.Event()
        self._stops[run_id] = stop
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(
            self._pool, _solve_in_worker, problem_json, options, progress, stop
        )
        try:
            while not future.done():
                await asyncio.wait({future}, timeout=POLL_S)
                await self._relay(run_id, progress, on_progress)
            await self._relay(run_id, progress, on_progress)
            return future.result()
        except BrokenProcessPool as error:
            log.error("planner worker died", run_id=run_id)
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            raise SolverCrashedError() from error
        finally:
            self._stops.pop(run_id, None)
            self.pids.pop(run_id, None)

    async def _relay(self, run_id: str, progress: Any, on_progress: Any) -> None:
        while True:
            try:
                item = progress.get_nowait()
            except (queue.Empty, EOFError, OSError):
                return
            if "pid" in item:
                self.pids[run_id] = item["pid"]
            elif on_progress is not None:
                result = on_progress(item)
                if asyncio.iscoroutine(result):
                    await result

    def cancel(self, run_id: str) -> bool:
        """Set the run's stop flag; the worker stops within a fraction of a second."""
        stop = self._stops.get(run_id)
        if stop is None:
            return False
        stop.set()
        return True

    def close(self) -> None:
        """Stop the workers and the manager."""
        for stop in self._stops.values():
            with contextlib.suppress(Exception):
                stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._manager_instance is not None:
            with contextlib.suppress(Exception):
                self._manager_instance.shutdown()
