"""Sections of the floor (issue 16): a manager names sections, gives each a waiter for the shift
and puts tables in them; every floor screen reads them (the Tables page, the POS)."""
from __future__ import annotations

from dataclasses import replace

from ..auth import StaffPrincipal
from ..domain.clock import new_id
from ..domain.errors import InvalidInput, NotFound
from ..domain.sections import MAX_SECTIONS, Floor, Section, assignable_staff, floor_staff, section_name
from ..domain.staff import Permission, StaffMember
from ..ports import Repositories
from .access import staff_branch

_UNSET = object()


def sections_of_branch(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> Floor:
    principal.require(Permission.VIEW_FLOOR, branch_id)
    return repos.sections.floor_of(branch_id)


def waiters_of_branch(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> list[StaffMember]:
    """Who may be given a section at this branch: its active waiters and managers (names only leave)."""
    branch = staff_branch(repos, principal, branch_id, Permission.VIEW_FLOOR)
    return floor_staff(repos.staff.of_chain(branch.chain_id), branch_id)


def _waiter(repos: Repositories, branch_id: str, staff_id: str | None) -> StaffMember | None:
    return None if staff_id is None else assignable_staff(repos.staff.get(staff_id), branch_id)


def create_section(repos: Repositories, principal: StaffPrincipal, branch_id: str, name: str,
                   staff_id: str | None) -> tuple[Section, Floor]:
    """The new section, and the branch's sections now."""
    staff_branch(repos, principal, branch_id, Permission.MANAGE_SECTIONS)
    floor = repos.sections.floor_of(branch_id)
    if len(floor.sections) >= MAX_SECTIONS:
        raise InvalidInput(f"name: a branch has at most {MAX_SECTIONS} sections", field="name")
    clean = section_name(name, (s.name for s in floor.sections))
    waiter = _waiter(repos, branch_id, staff_id)
    section = Section(id=new_id(), branch_id=branch_id, name=clean, staff_id=waiter.id if waiter else None,
                      staff_name=waiter.name if waiter else None)
    repos.sections.add_section(section)
    return section, repos.sections.floor_of(branch_id)


def update_section(repos: Repositories, principal: StaffPrincipal, branch_id: str, section_id: str,
                   name: str | None = None, staff_id: object = _UNSET) -> Floor:
    """A new name, and/or another waiter (`staff_id` None: nobody serves it; left out: unchanged);
    the branch's sections now."""
    staff_branch(repos, principal, branch_id, Permission.MANAGE_SECTIONS)
    floor = repos.sections.floor_of(branch_id)
    section = floor.section(section_id)
    if section is None:
        raise NotFound("No such section at this branch.")
    if name is not None:
        section = replace(section, name=section_name(name, (s.name for s in floor.sections if s.id != section_id)))
    if staff_id is not _UNSET:
        waiter = _waiter(repos, branch_id, staff_id if isinstance(staff_id, str) else None)
        section = replace(section, staff_id=waiter.id if waiter else None, staff_name=waiter.name if waiter else None)
    repos.sections.save_section(section)
    return repos.sections.floor_of(branch_id)


def delete_section(repos: Repositories, principal: StaffPrincipal, branch_id: str, section_id: str) -> Floor:
    """The section goes; its tables are in no section (everyone's) again. The branch's sections now."""
    staff_branch(repos, principal, branch_id, Permission.MANAGE_SECTIONS)
    floor = repos.sections.floor_of(branch_id)
    if floor.section(section_id) is None:
        raise NotFound("No such section at this branch.")
    repos.sections.delete_section(branch_id, section_id, floor.tables_of(section_id))
    return repos.sections.floor_of(branch_id)


def assign_table(repos: Repositories, principal: StaffPrincipal, branch_id: str, table_code: str,
                 section_id: str | None) -> Section | None:
    """Puts the table in the section (out of the one it was in), or in none; the section it is now in."""
    staff_branch(repos, principal, branch_id, Permission.MANAGE_SECTIONS)
    if repos.venues.get_table(branch_id, table_code) is None:
        raise NotFound("No such table at this branch.")
    section = None
    if section_id is not None:
        section = repos.sections.floor_of(branch_id).section(section_id)
        if section is None:
            raise NotFound("sectionId: no such section at this branch", field="sectionId")
    repos.sections.assign_table(branch_id, table_code, section_id)
    return section
