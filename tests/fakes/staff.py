"""The fake of `chalicelib.store.staff.StaffRepository`."""
from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.errors import AlreadyExists, ConcurrentUpdate, Conflict
from chalicelib.domain.staff import StaffMember
from tests.fakes.tables import Tables, _copy


class InMemoryStaff:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, staff_id: str) -> StaffMember | None:
        return _copy(self.db.staff.get(staff_id))

    def by_email(self, email: str) -> StaffMember | None:
        staff_id = self.db.lookups.get(f"email#{email.lower()}")
        return None if staff_id is None else self.get(staff_id)

    def of_chain(self, chain_id: str) -> list[StaffMember]:
        return [_copy(m) for _, m in sorted(self.db.staff.items()) if m.chain_id == chain_id]

    def add(self, member: StaffMember) -> None:
        lookup = f"email#{member.email.lower()}"
        if lookup in self.db.lookups or member.id in self.db.staff:
            raise AlreadyExists(f"A staff account for {member.email} exists.", field="email")
        self.db.lookups[lookup] = member.id
        self.db.staff[member.id] = replace(_copy(member), email=member.email.lower())

    def update(self, member: StaffMember) -> None:
        if member.id not in self.db.staff:
            raise Conflict("The staff account no longer exists.")
        self.db.staff[member.id] = replace(_copy(member), email=member.email.lower())

    def update_from(self, member: StaffMember, version_read: int) -> None:
        stored = self.db.staff.get(member.id)
        if stored is None:
            raise Conflict("The staff account no longer exists.")
        if stored.token_version != version_read:
            raise ConcurrentUpdate("The account changed meanwhile; read it again.")
        self.db.staff[member.id] = replace(_copy(member), email=member.email.lower())
