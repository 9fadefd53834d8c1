"""Sections of a branch's floor: named groups of tables ("Salon", "Terrace"), each with the waiter
who serves it this shift. A table is in at most one section; a table in none is everyone's."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import InvalidInput, NotFound
from .staff import Role, StaffMember

MAX_SECTIONS = 30
MAX_NAME = 40
# who may be given a section: the floor's staff (a manager may take a section on a short night)
ASSIGNABLE_ROLES = frozenset({Role.WAITER, Role.MANAGER})


@dataclass(frozen=True)
class Section:
    id: str
    branch_id: str
    name: str
    staff_id: str | None = None
    staff_name: str | None = None


@dataclass(frozen=True)
class TableAssignment:
    """Table `table_code` of the branch belongs to section `section_id`."""

    branch_id: str
    table_code: str
    section_id: str


@dataclass(frozen=True)
class Floor:
    """A branch's sections and which table is in which (assignments to a section that is gone
    read as none)."""

    sections: list[Section]
    assignments: list[TableAssignment]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def by_table(self) -> dict[str, Section]:
        return {a.table_code: s for a in self.assignments if (s := self.section(a.section_id)) is not None}

    def tables_of(self, section_id: str) -> list[str]:
        return [a.table_code for a in self.assignments if a.section_id == section_id]


def section_name(raw: str, taken: Iterable[str] = ()) -> str:
    """A section's name: 1..40 characters once trimmed, unique in the branch (ignoring case)."""
    name = " ".join(raw.split())
    if not name or len(name) > MAX_NAME:
        raise InvalidInput(f"name: 1 to {MAX_NAME} characters", field="name")
    if name.casefold() in {other.casefold() for other in taken}:
        raise InvalidInput(f"name: the branch already has a section called {name!r}", field="name")
    return name


def assignable_staff(member: StaffMember | None, branch_id: str) -> StaffMember:
    """The account a section may be given to: an active waiter or manager of this branch.
    Anyone else (another branch's, the kitchen's, an owner's, unknown) is not on this floor."""
    if member is None or not member.active or branch_id not in member.branch_ids:
        raise NotFound("staffId: no such waiter at this branch", field="staffId")
    if member.role not in ASSIGNABLE_ROLES:
        raise InvalidInput(f"staffId: a {member.role.value} account cannot serve a section", field="staffId")
    return member


def floor_staff(members: Iterable[StaffMember], branch_id: str) -> list[StaffMember]:
    """The branch's waiters and managers who may be given a section, by name."""
    return sorted((m for m in members if m.active and branch_id in m.branch_ids and m.role in ASSIGNABLE_ROLES),
                  key=lambda m: (m.name.casefold(), m.id))
