"""Stopping waits for the listeners at work, and cancels those that would keep it waiting."""

from __future__ import annotations

import asyncio

from bot.slack import KeptAck, ListenerTasks


async def listener(ack: KeptAck, seconds: float, done: list[float]) -> None:
    await ack()
    await asyncio.sleep(seconds)
    done.append(seconds)


async def test_a_drain_waits_for_the_quick_and_cancels_the_late():
    tasks, done = ListenerTasks(), []
    quick = asyncio.create_task(listener(KeptAck(tasks), 0.05, done))
    late = asyncio.create_task(listener(KeptAck(tasks), 60, done))
    await asyncio.sleep(0.01)  # both acknowledged
    assert await tasks.drain(timeout=0.5) == 1
    assert done == [0.05] and quick.done() and late.cancelled()
    assert await tasks.drain(timeout=0.5) == 0  # nothing left at work


async def test_an_acknowledgement_given_stays_given():
    ack = KeptAck()
    await ack(text="ok")
    ack.response = None  # what bolt's error path writes
    assert ack.response is not None and ack.response.status == 200
