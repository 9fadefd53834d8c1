"""Sections of the floor (issue 16): the branch's sections with their waiters and tables, the
waiters to choose from, and a manager's changes (name, waiter, which table is in which)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from .. import bootstrap
from ..lazy import lazy_import
from .parsing import parse_body
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from .. import presenters as present
    from ..auth import StaffPrincipal
    from ..domain.sections import Floor as SectionFloor
    from ..services import sections
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    sections = lazy_import("chalicelib.services.sections")
    present = lazy_import("chalicelib.presenters")

staff_sections = Blueprint(__name__)
TAG = "staff"


def _sections_reply(floor: SectionFloor) -> dict:
    ordered = sorted(floor.sections, key=lambda s: (s.name.casefold(), s.id))
    return {"sections": [present.section(s, floor.tables_of(s.id)) for s in ordered]}


@route(staff_sections, "/staff/branches/{branch_id}/sections", "GET", auth="staff", tag=TAG,
       summary="The floor's sections: `{sections: [{id, name, staffId, staffName, tableCodes}]}` (a table in "
               "none is everyone's). Every floor role.")
def list_sections(principal: StaffPrincipal, branch_id: str) -> Response:
    return json_response(_sections_reply(sections.sections_of_branch(bootstrap.repositories(), principal, branch_id)))


@route(staff_sections, "/staff/branches/{branch_id}/waiters", "GET", auth="staff", tag=TAG,
       summary="Who may serve a section here: the branch's active waiters and managers, `{waiters: [{id, name}]}`, "
               "by name (the sections picker).")
def waiters(principal: StaffPrincipal, branch_id: str) -> Response:
    found = sections.waiters_of_branch(bootstrap.repositories(), principal, branch_id)
    return json_response({"waiters": [present.floor_staff_member(m) for m in found]})


@route(staff_sections, "/staff/branches/{branch_id}/sections", "POST", auth="staff", tag=TAG, body="SectionBody",
       status=201, summary="Name a new section, optionally with its waiter. Managers and owners. "
                           "201 `{section, sections}`.")
def create_section(principal: StaffPrincipal, branch_id: str) -> Response:
    body = parse_body(staff_sections.current_request, schemas.SectionBody)
    section, floor = sections.create_section(bootstrap.repositories(), principal, branch_id, body.name, body.staffId)
    return json_response({"section": present.section(section, []), **_sections_reply(floor)}, status=201)


@route(staff_sections, "/staff/branches/{branch_id}/sections/{section_id}", "PATCH", auth="staff", tag=TAG,
       body="SectionPatchBody",
       summary="Rename a section or give it another waiter for the shift (`staffId` null: nobody). Managers and "
               "owners. `{sections}`.")
def update_section(principal: StaffPrincipal, branch_id: str, section_id: str) -> Response:
    body = parse_body(staff_sections.current_request, schemas.SectionPatchBody)
    changes: dict = {"name": body.name}
    if "staffId" in body.model_fields_set:
        changes["staff_id"] = body.staffId
    return json_response(_sections_reply(
        sections.update_section(bootstrap.repositories(), principal, branch_id, section_id, **changes)))


@route(staff_sections, "/staff/branches/{branch_id}/sections/{section_id}", "DELETE", auth="staff", tag=TAG,
       summary="Remove a section; its tables are in none (everyone's) again. Managers and owners. `{sections}`.")
def delete_section(principal: StaffPrincipal, branch_id: str, section_id: str) -> Response:
    return json_response(_sections_reply(
        sections.delete_section(bootstrap.repositories(), principal, branch_id, section_id)))


@route(staff_sections, "/staff/branches/{branch_id}/tables/{table_code}/section", "PUT", auth="staff", tag=TAG,
       body="TableSectionBody",
       summary="Put the table in a section (out of the one it was in), or in none (`sectionId` null). "
               "Managers and owners. `{tableCode, section}`.")
def assign_table(principal: StaffPrincipal, branch_id: str, table_code: str) -> Response:
    body = parse_body(staff_sections.current_request, schemas.TableSectionBody)
    section = sections.assign_table(bootstrap.repositories(), principal, branch_id, table_code, body.sectionId)
    return json_response({"tableCode": table_code, "section": present.table_section(section) if section else None})
