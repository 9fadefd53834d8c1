"""The fake of `chalicelib.store.sections.SectionRepository`."""
from __future__ import annotations

from chalicelib.domain.errors import AlreadyExists, NotFound
from chalicelib.domain.sections import Floor, Section, TableAssignment
from tests.fakes.tables import Tables, _copy


class InMemorySections:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def floor_of(self, branch_id: str) -> Floor:
        sections = [_copy(s) for (branch, _), s in sorted(self.db.sections.items()) if branch == branch_id]
        assignments = [TableAssignment(branch, code, section_id)
                       for (branch, code), section_id in sorted(self.db.assignments.items()) if branch == branch_id]
        return Floor(sections=sections, assignments=assignments)

    def add_section(self, section: Section) -> None:
        key = (section.branch_id, section.id)
        if key in self.db.sections:
            raise AlreadyExists("The section exists already.", field="id")
        self.db.sections[key] = _copy(section)

    def save_section(self, section: Section) -> None:
        key = (section.branch_id, section.id)
        if key not in self.db.sections:
            raise NotFound("No such section at this branch.")
        self.db.sections[key] = _copy(section)

    def assign_table(self, branch_id: str, table_code: str, section_id: str | None) -> None:
        if section_id is None:
            self.db.assignments.pop((branch_id, table_code), None)
            return
        if (branch_id, section_id) not in self.db.sections:
            raise NotFound("sectionId: no such section at this branch", field="sectionId")
        self.db.assignments[(branch_id, table_code)] = section_id

    def delete_section(self, branch_id: str, section_id: str, table_codes: list[str]) -> None:
        self.db.sections.pop((branch_id, section_id), None)
        for code in table_codes:
            self.db.assignments.pop((branch_id, code), None)
