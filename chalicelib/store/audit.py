"""The audit trail: one partition per branch in the `audit` table, entries in ULID (time) order."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from ..domain.audit import AUDIT_KEEP_DAYS, AuditEntry
from .models import AuditRecord


class AuditRepository:
    def add(self, entry: AuditEntry) -> None:
        at = datetime.fromisoformat(entry.at.replace("Z", "+00:00"))
        AuditRecord(
            entry.branch_id, entry.id, at=entry.at, actor_id=entry.actor_id, actor_name=entry.actor_name,
            actor_role=entry.actor_role, action=entry.action, target=entry.target,
            before=_json(entry.before), after=_json(entry.after), extra=_json(entry.extra or None),
            purge_at=at + timedelta(days=AUDIT_KEEP_DAYS),
        ).save()

    def of_branch(self, branch_id: str, after_id: str = "", before_id: str = "", limit: int = 500) -> list[AuditEntry]:
        """Newest first, ids strictly between `after_id` and `before_id` (either may be "")."""
        condition: Any = None
        if after_id and before_id:
            condition = AuditRecord.entry_id.between(after_id, before_id)
        elif after_id:
            condition = AuditRecord.entry_id > after_id
        elif before_id:
            condition = AuditRecord.entry_id < before_id
        found = []
        for record in AuditRecord.query(branch_id, range_key_condition=condition, scan_index_forward=False,
                                        consistent_read=True, limit=limit):
            if record.entry_id in (after_id, before_id):
                continue
            found.append(_entry(record))
            if len(found) >= limit:
                break
        return found


def _json(value: object) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)


def _entry(r: AuditRecord) -> AuditEntry:
    return AuditEntry(
        branch_id=r.branch_id, id=r.entry_id, at=r.at, actor_id=r.actor_id, actor_name=r.actor_name,
        actor_role=r.actor_role, action=r.action, target=r.target,
        before=json.loads(r.before) if r.before else None, after=json.loads(r.after) if r.after else None,
        extra=json.loads(r.extra) if r.extra else {},
    )
