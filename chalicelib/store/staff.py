"""Staff accounts, each email claimed once."""
from __future__ import annotations

from pynamodb.exceptions import PutError, TransactWriteError

from ..domain.errors import AlreadyExists, ConcurrentUpdate
from ..domain.staff import Role, StaffMember
from .dynamodb import TransactWrite, _condition_failed, _get, lookup_key
from .models import LookupRecord, StaffRecord


class StaffRepository:
    def get(self, staff_id: str) -> StaffMember | None:
        record = _get(StaffRecord, staff_id)
        return None if record is None else _staff(record)

    def by_email(self, email: str) -> StaffMember | None:
        lookup = _get(LookupRecord, lookup_key("email", email.lower()))
        return None if lookup is None else self.get(lookup.target_id)

    def of_chain(self, chain_id: str) -> list[StaffMember]:
        return [_staff(r) for r in StaffRecord.by_chain.query(chain_id)]

    def add(self, member: StaffMember) -> None:
        try:
            with TransactWrite() as tx:
                tx.save(
                    LookupRecord(lookup_key("email", member.email.lower()), target_id=member.id),
                    condition=LookupRecord.key.does_not_exist(),
                )
                tx.save(_staff_record(member), condition=StaffRecord.staff_id.does_not_exist())
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise AlreadyExists(f"A staff account for {member.email} exists.", field="email") from exc
            raise

    def update(self, member: StaffMember) -> None:
        _staff_record(member).save(condition=StaffRecord.staff_id.exists())

    def update_from(self, member: StaffMember, version_read: int) -> None:
        """Saves the account only if its token version is still `version_read` (what the caller
        read): of two changes racing, one wins and the other is a ConcurrentUpdate (a link used
        twice at once works once)."""
        unchanged = (StaffRecord.token_version == version_read)
        if version_read == 0:
            unchanged = unchanged | StaffRecord.token_version.does_not_exist()
        try:
            _staff_record(member).save(condition=StaffRecord.staff_id.exists() & unchanged)
        except PutError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The account changed meanwhile; read it again.") from exc
            raise


def _staff(r: StaffRecord) -> StaffMember:
    return StaffMember(
        id=r.staff_id, chain_id=r.chain_id, email=r.email, name=r.name, role=Role(r.role),
        branch_ids=list(r.branch_ids), password_hash=r.password_hash, active=bool(r.active),
        token_version=int(r.token_version or 0), link_hash=r.link_hash or "", link_expires_at=r.link_expires_at or "",
    )


def _staff_record(m: StaffMember) -> StaffRecord:
    return StaffRecord(
        m.id, chain_id=m.chain_id, email=m.email.lower(), name=m.name, role=m.role.value,
        branch_ids=m.branch_ids, password_hash=m.password_hash, active=m.active,
        token_version=m.token_version, link_hash=m.link_hash or None, link_expires_at=m.link_expires_at or None,
    )
