"""The nightly backup of the database, as a use case the scheduler runs."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from tomatic.domain.errors import TomaticError
from tomatic.ports import DatabaseBackups
from tomatic.services.outcomes import Outcome


class BackupService:
    """Backs the database up when a backup folder is configured (`TOMATIC_BACKUP_DIR`)."""

    def __init__(self, backups: DatabaseBackups | None) -> None:
        self.backups = backups

    async def back_up(self, at: dt.datetime) -> Outcome:
        """Write the copy of moment `at` and delete the oldest beyond the number kept.

        Returns:
            `backed_up` with the file name and how many old copies were deleted,
            `backup_off` when no backup folder is configured, `backup_failed` with
            the reason (disk full, folder not writable…), or `backup_not_made_failed` with
            the error (no database, or a damaged one).
        """
        if self.backups is None:
            return Outcome("operations.outcome.backup_off")
        try:
            written, deleted = await self.backups.back_up(at)
        except TomaticError as error:
            if error.key == "backup.failed":  # the folder or the disk (its reason from the system)
                return Outcome("operations.outcome.backup_failed", dict(error.params))
            # no database, or a damaged one: the error's own sentence says which
            params = {"error": error.key, "error_params": dict(error.params)}
            return Outcome("operations.outcome.backup_not_made_failed", params)
        name = PurePath(written).name
        return Outcome("operations.outcome.backed_up", {"file": name, "deleted": len(deleted)})
