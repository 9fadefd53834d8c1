"""Sections of a branch's floor: one partition per branch in the `sections` table (`S#` a section,
`T#` the section a table is in), read with one Query."""
from __future__ import annotations

from pynamodb.exceptions import PutError, TransactWriteError

from ..domain.clock import now_iso
from ..domain.errors import AlreadyExists, NotFound
from ..domain.sections import Floor, Section, TableAssignment
from .dynamodb import TransactWrite, _condition_failed
from .models import SectionEntryRecord

SECTION, TABLE = "S#", "T#"


class SectionRepository:
    def floor_of(self, branch_id: str) -> Floor:
        sections, assignments = [], []
        for record in SectionEntryRecord.query(branch_id, consistent_read=True):
            if record.entry.startswith(SECTION):
                sections.append(section_from_record(record))
            elif record.entry.startswith(TABLE) and record.section_id:
                assignments.append(TableAssignment(branch_id, record.entry[len(TABLE):], record.section_id))
        return Floor(sections=sections, assignments=assignments)

    def add_section(self, section: Section) -> None:
        """A section id already used: AlreadyExists (field "id")."""
        try:
            _section_record(section).save(condition=SectionEntryRecord.entry.does_not_exist())
        except PutError as exc:
            if _condition_failed(exc):
                raise AlreadyExists("The section exists already.", field="id") from exc
            raise

    def save_section(self, section: Section) -> None:
        """Its name and waiter; a section that is gone: NotFound."""
        try:
            _section_record(section).save(condition=SectionEntryRecord.entry.exists())
        except PutError as exc:
            if _condition_failed(exc):
                raise NotFound("No such section at this branch.") from exc
            raise

    def assign_table(self, branch_id: str, table_code: str, section_id: str | None) -> None:
        """Puts the table in the section (out of any other), or in none; a section that is gone
        (deleted meanwhile): NotFound."""
        key = f"{TABLE}{table_code}"
        if section_id is None:
            SectionEntryRecord(branch_id, key).delete()
            return
        try:
            with TransactWrite() as tx:
                tx.condition_check(SectionEntryRecord, branch_id, f"{SECTION}{section_id}",
                                   condition=SectionEntryRecord.entry.exists())
                tx.save(SectionEntryRecord(branch_id, key, section_id=section_id, updated_at=now_iso()))
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise NotFound("sectionId: no such section at this branch", field="sectionId") from exc
            raise

    def delete_section(self, branch_id: str, section_id: str, table_codes: list[str]) -> None:
        """The section and the tables it held (read just before; any it gains meanwhile read as
        in no section, its section being gone)."""
        with SectionEntryRecord.batch_write() as batch:
            batch.delete(SectionEntryRecord(branch_id, f"{SECTION}{section_id}"))
            for code in table_codes:
                batch.delete(SectionEntryRecord(branch_id, f"{TABLE}{code}"))


def section_from_record(record: SectionEntryRecord) -> Section:
    return Section(id=record.entry[len(SECTION):], branch_id=record.branch_id, name=record.name or "",
                   staff_id=record.staff_id, staff_name=record.staff_name)


def _section_record(section: Section) -> SectionEntryRecord:
    return SectionEntryRecord(section.branch_id, f"{SECTION}{section.id}", name=section.name,
                              staff_id=section.staff_id, staff_name=section.staff_name, updated_at=now_iso())
