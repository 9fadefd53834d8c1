"""The back office of branches and tables, and the audit trail (issue 18): the owner opens, sets up
and archives branches and reads each branch's audit trail; the owner and a branch's manager add,
rename and remove its tables (a table's section is set by `PUT .../tables/{code}/section`)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.errors import InvalidInput
from ..lazy import lazy_import
from .parsing import moment_range, parse_body, query
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from .. import presenters as present
    from ..auth import StaffPrincipal
    from ..domain.audit import AuditEntry
    from ..domain.venues import Branch
    from ..services import audit, branch_admin
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    audit = lazy_import("chalicelib.services.audit")
    branch_admin = lazy_import("chalicelib.services.branch_admin")
    present = lazy_import("chalicelib.presenters")

staff_branches = Blueprint(__name__)
TAG = "staff: back office"


def _branch(b: Branch) -> dict[str, Any]:
    return {**present.branch(b), "archived": b.archived}


def _tables_reply(found: branch_admin.BranchTables) -> dict[str, Any]:
    sections = found.sections.by_table()
    return {
        "branch": _branch(found.branch),
        "tables": [{**present.table(t), "inUse": bool(t.active_session_id or t.pending_session_id),
                    "sectionId": sections[t.code].id if t.code in sections else None} for t in found.tables],
        "sections": [{"id": s.id, "name": s.name} for s in sorted(found.sections.sections, key=lambda s: s.name.casefold())],
    }


def _entry(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at, "actor": {"id": e.actor_id, "name": e.actor_name, "role": e.actor_role},
            "action": e.action, "target": e.target, "before": e.before, "after": e.after, **({"extra": e.extra} if e.extra else {})}


@route(staff_branches, "/staff/admin/branches", "GET", auth="staff", tag=TAG,
       summary="The branches the caller sets up: an owner's every branch of the chain (archived last), a manager's "
               "own. `{branches: [{id, slug, name, timezone, currency, languages, address, archived}], "
               "mayManageBranches}`.")
def list_branches(principal: StaffPrincipal) -> Response:
    found = branch_admin.branches(bootstrap.repositories(), principal)
    return json_response({"branches": [_branch(b) for b in found],
                          "mayManageBranches": principal.role.value == "owner"})


@route(staff_branches, "/staff/admin/branches", "POST", auth="staff", tag=TAG, body="BranchBody", status=201,
       summary="Open a branch of the owner's chain (no tables yet). Owners only. A taken slug: 409 naming `slug`. "
               "201 `{branch}`.")
def create_branch(principal: StaffPrincipal) -> Response:
    body = parse_body(staff_branches.current_request, schemas.BranchBody)
    draft = branch_admin.BranchDraft(name=body.name, slug=body.slug, timezone=body.timezone, currency=body.currency,
                                     languages=list(body.languages), address=body.address)
    branch = branch_admin.create_branch(bootstrap.repositories(), principal, draft)
    return json_response({"branch": _branch(branch)}, status=201)


@route(staff_branches, "/staff/admin/branches/{branch_id}", "PATCH", auth="staff", tag=TAG, body="BranchPatchBody",
       summary="Rename a branch, set its time zone, currency, languages or address, or archive it (`archived`: "
               "true; its QR codes then answer 404 BRANCH_ARCHIVED, its history stays) or open it again. Owners "
               "only. `{branch}`.")
def update_branch(principal: StaffPrincipal, branch_id: str) -> Response:
    body = parse_body(staff_branches.current_request, schemas.BranchPatchBody)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    branch = branch_admin.update_branch(bootstrap.repositories(), principal, branch_id, changes)
    return json_response({"branch": _branch(branch)})


@route(staff_branches, "/staff/admin/branches/{branch_id}/tables", "GET", auth="staff", tag=TAG,
       summary="The branch's tables in the staff's order, each `{id, code, label, seats, inUse, sectionId}`, with "
               "the branch and its sections. Owners and the branch's managers.")
def list_tables(principal: StaffPrincipal, branch_id: str) -> Response:
    return json_response(_tables_reply(branch_admin.tables_of(bootstrap.repositories(), principal, branch_id)))


@route(staff_branches, "/staff/admin/branches/{branch_id}/tables", "POST", auth="staff", tag=TAG, body="TablesBody",
       status=201,
       summary="Add one table (`code`, `label`) or a run (`range`: T41-T46, Terrace 1-6; up to 50). All or none: "
               "a code taken is a 409 naming it (`codes`). Owners and the branch's managers. 201 `{added, tables}`.")
def add_tables(principal: StaffPrincipal, branch_id: str) -> Response:
    body = parse_body(staff_branches.current_request, schemas.TablesBody)
    repos = bootstrap.repositories()
    added = branch_admin.add_tables(repos, principal, branch_id, code=body.code, label=body.label, run=body.range,
                                    seats=body.seats)
    return json_response({"added": [present.table(t) for t in added],
                          **_tables_reply(branch_admin.tables_of(repos, principal, branch_id))}, status=201)


@route(staff_branches, "/staff/admin/branches/{branch_id}/tables/{table_code}", "PATCH", auth="staff", tag=TAG,
       body="TablePatchBody",
       summary="Rename a table (its label; the code, printed in its QR, stays) or set its seats. Owners and the "
               "branch's managers. `{table}`.")
def update_table(principal: StaffPrincipal, branch_id: str, table_code: str) -> Response:
    body = parse_body(staff_branches.current_request, schemas.TablePatchBody)
    changes = {name: getattr(body, name) for name in body.model_fields_set}
    table = branch_admin.update_table(bootstrap.repositories(), principal, branch_id, table_code, changes)
    return json_response({"table": present.table(table)})


@route(staff_branches, "/staff/admin/branches/{branch_id}/tables/{table_code}", "DELETE", auth="staff", tag=TAG,
       summary="Remove a table: its QR then answers 404 (a clear page); its history stays. An open or waiting "
               "session at it: 409 TABLE_BUSY. Owners and the branch's managers. `{removed}`.")
def remove_table(principal: StaffPrincipal, branch_id: str, table_code: str) -> Response:
    branch_admin.remove_table(bootstrap.repositories(), principal, branch_id, table_code)
    return json_response({"removed": table_code})


@route(staff_branches, "/staff/admin/branches/{branch_id}/audit", "GET", auth="staff", tag=TAG,
       query=("action", "actor", "target", "from", "to", "limit"),
       summary="The branch's audit trail, newest first: `{entries: [{id, at, actor: {id, name, role}, action, "
               "target, before, after}]}`. Filters: `action` (an action or its family: `table`), `actor` (a staff "
               "id), `target`, `from`/`to` (days of the branch's calendar or date-times), `limit` (1-200, 100). "
               "Owners only.")
def audit_trail(principal: StaffPrincipal, branch_id: str) -> Response:
    request = staff_branches.current_request
    raw_limit = query(request, "limit", "100", max_length=4)
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= audit.MAX_ENTRIES:
        raise InvalidInput(f"limit: a whole number from 1 to {audit.MAX_ENTRIES}", field="limit")
    since, until = moment_range(request, "from", "to")
    wanted = audit.TrailFilter(action=query(request, "action", max_length=40), actor_id=query(request, "actor"),
                               target=query(request, "target"), since=since, until=until, limit=int(raw_limit))
    entries = audit.trail(bootstrap.repositories(), principal, branch_id, wanted)
    return json_response({"entries": [_entry(e) for e in entries]})
