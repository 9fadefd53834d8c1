"""The audit trail (issue 18): `record(...)` is the one call every back-office change and every
sensitive floor action makes after it took effect; `trail(...)` is what the owner reads."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from ..auth import StaffPrincipal
from ..domain.audit import AuditEntry
from ..domain.clock import new_id, now_iso
from ..domain.errors import InvalidInput
from ..domain.staff import Permission
from ..observability import logger
from ..ports import Repositories
from .branch_access import admin_branch

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_ENTRIES = 200


def record(repos: Repositories, principal: StaffPrincipal, *, branch_id: str, action: str, target: str,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           extra: dict[str, Any] | None = None, actor_name: str | None = None) -> AuditEntry | None:
    """Writes who did `action` to `target` at `branch_id`, now, with the fields before and after
    (only those that changed, when both are given): one PutItem. The author's name is looked up
    when the trail is read (`actor_name`, if given, is kept as said). Called after the change took effect: a
    failure to write is logged loudly (`audit write failed`) and does not undo or fail it."""
    if before is not None and after is not None:
        before, after = changed_fields(before, after)
    entry = AuditEntry(branch_id=branch_id, id=new_id(), at=now_iso(), actor_id=principal.staff_id,
                       actor_name=actor_name or "", actor_role=principal.role.value, action=action, target=target,
                       before=before, after=after, extra=dict(extra or {}))
    try:
        repos.audit.add(entry)
    except Exception:  # noqa: BLE001 - the change stands; the missing line is an alarm, not the caller's error
        logger.exception("audit write failed", extra={"audit_action": action, "branch_id": branch_id, "target": target})
        return None
    logger.info("audited", extra={"audit_action": action, "branch_id": branch_id, "target": target,
                                  "actor_id": principal.staff_id})
    return entry


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, on both sides."""
    keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


@dataclass(frozen=True)
class TrailFilter:
    action: str = ""    # an action ("table.removed") or its family ("table")
    actor_id: str = ""
    target: str = ""
    since: date | datetime | None = None  # inclusive: a day of the branch's calendar, or a moment
    until: date | datetime | None = None  # inclusive
    limit: int = 100


def trail(repos: Repositories, principal: StaffPrincipal, branch_id: str, wanted: TrailFilter) -> list[AuditEntry]:
    """The branch's audit entries, newest first, filtered. Owners only."""
    branch = admin_branch(repos, principal, branch_id, Permission.READ_AUDIT)
    since = _moment(branch.start_of(wanted.since)) if wanted.since is not None else None
    until = _moment(branch.end_of(wanted.until)) if wanted.until is not None else None
    if since and until and since > until:
        raise InvalidInput("from: must not be after to", field="from")
    limit = max(1, min(wanted.limit, MAX_ENTRIES))
    after_id = _ulid_prefix(since) if since else ""
    before_id = _ulid_prefix(until, plus_ms=1) if until else ""
    found: list[AuditEntry] = []
    read = repos.audit.of_branch(branch_id, after_id, before_id, limit=limit * 10 if _filters(wanted) else limit)
    names: dict[str, str] | None = None
    for entry in read:
        if wanted.action and entry.action != wanted.action and not entry.action.startswith(wanted.action + "."):
            continue
        if wanted.actor_id and entry.actor_id != wanted.actor_id:
            continue
        if wanted.target and entry.target != wanted.target:
            continue
        if not entry.actor_name:
            if names is None:
                names = {m.id: m.name for m in repos.staff.of_chain(branch.chain_id)}
            entry = replace(entry, actor_name=names.get(entry.actor_id, entry.actor_id))
        found.append(entry)
        if len(found) >= limit:
            break
    return found


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _filters(wanted: TrailFilter) -> bool:
    return bool(wanted.action or wanted.actor_id or wanted.target)


def _ulid_prefix(moment: datetime, plus_ms: int = 0) -> str:
    """The first ten characters of a ULID made at `moment` (+ `plus_ms`): every id made from then
    sorts after it, every id made before sorts before it."""
    ms = int(moment.astimezone(UTC).timestamp() * 1000) + plus_ms
    chars = []
    for _ in range(10):
        chars.append(_CROCKFORD[ms % 32])
        ms //= 32
    return "".join(reversed(chars))
