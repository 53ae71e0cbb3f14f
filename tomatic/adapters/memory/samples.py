"""`QueueSampleStore` in a list."""

from __future__ import annotations

import datetime as dt

from tomatic.domain.stats import QueueSample


class InMemoryQueueSampleStore:
    """Samples in a list, in the order they were added."""

    def __init__(self) -> None:
        self.samples: list[QueueSample] = []

    async def add(self, sample: QueueSample) -> None:
        if sample.at.tzinfo is None:
            raise ValueError("sample times must be timezone-aware")
        self.samples.append(sample.model_copy(deep=True))

    async def between(self, start: dt.datetime, end: dt.datetime) -> list[QueueSample]:
        found = [s for s in self.samples if start <= s.at < end]
        return [s.model_copy(deep=True) for s in sorted(found, key=lambda s: s.at)]

    async def latest(self) -> QueueSample | None:
        if not self.samples:
            return None
        newest = max(enumerate(self.samples), key=lambda item: (item[1].at, item[0]))[1]
        return newest.model_copy(deep=True)
