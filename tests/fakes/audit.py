"""The fake of `chalicelib.store.audit.AuditRepository`: the audit trail by (branch, entry id)."""
from __future__ import annotations

from chalicelib.domain.audit import AuditEntry
from tests.fakes.tables import Tables, _copy


class InMemoryAudit:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def add(self, entry: AuditEntry) -> None:
        self.db.audit[(entry.branch_id, entry.id)] = _copy(entry)

    def of_branch(self, branch_id: str, after_id: str = "", before_id: str = "", limit: int = 500) -> list[AuditEntry]:
        found = [e for (branch, entry_id), e in sorted(self.db.audit.items(), reverse=True)
                 if branch == branch_id and (not after_id or entry_id > after_id)
                 and (not before_id or entry_id < before_id)]
        return [_copy(e) for e in found[:limit]]
