"""The back office of branches and tables (issue 18): the owner opens, sets up and archives
branches; the owner and a branch's manager add, rename and remove its tables. Every change is
written to the audit trail (services/audit.py)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..auth import StaffPrincipal
from ..domain import branch_admin as rules
from ..domain.audit import AuditAction
from ..domain.clock import new_id
from ..domain.errors import AlreadyExists, InvalidInput, NotFound
from ..domain.sections import Floor as SectionFloor
from ..domain.staff import Permission, Role, require_permission
from ..domain.text import InvalidText, clean_text
from ..domain.venues import Branch, DiningTable, table_order_key
from ..ports import Repositories
from . import audit
from .branch_access import admin_branch, owner_chain


def branch_facts(branch: Branch) -> dict[str, Any]:
    """What the audit trail keeps of a branch."""
    return {"name": branch.name, "slug": branch.slug, "timezone": branch.timezone, "currency": branch.currency,
            "languages": list(branch.languages), "address": branch.address, "archived": branch.archived}


def branches(repos: Repositories, principal: StaffPrincipal) -> list[Branch]:
    """The branches the caller may set up: an owner's every branch of the chain (archived too),
    a manager's own."""
    if principal.role is Role.OWNER:
        found = repos.venues.branches_of_chain(owner_chain(repos, principal))
    else:
        require_permission(principal.role, Permission.MANAGE_TABLES)
        found = [b for b in (repos.venues.get_branch(i) for i in principal.branch_ids) if b is not None]
    return sorted(found, key=lambda b: (b.archived, b.name.casefold(), b.id))


def _text(value: str, field: str, required: bool) -> str:
    try:
        return clean_text(value, multiline=False, required=required)
    except InvalidText as exc:
        raise InvalidInput(f"{field}: {exc}", field=field) from exc


def _name(value: str, field: str, limit: int) -> str:
    clean = _text(value, field, required=True)
    if len(clean) > limit:
        raise InvalidInput(f"{field}: at most {limit} characters", field=field)
    return clean


def _address(value: str) -> str:
    clean = _text(value, "address", required=False)
    if len(clean) > rules.ADDRESS_MAX:
        raise InvalidInput(f"address: at most {rules.ADDRESS_MAX} characters", field="address")
    return clean


@dataclass(frozen=True)
class BranchDraft:
    name: str
    slug: str
    timezone: str
    currency: str
    languages: list[str]
    address: str = ""


def create_branch(repos: Repositories, principal: StaffPrincipal, draft: BranchDraft) -> Branch:
    require_permission(principal.role, Permission.MANAGE_BRANCHES)
    chain_id = owner_chain(repos, principal)
    branch = Branch(
        id=f"br_{new_id().lower()}", chain_id=chain_id, slug=rules.check_slug(draft.slug),
        name=_name(draft.name, "name", rules.NAME_MAX), currency=rules.check_currency(draft.currency),
        languages=rules.check_languages(draft.languages), timezone=rules.check_timezone(draft.timezone),
        address=_address(draft.address),
    )
    repos.venues.add_branch(branch)  # a taken slug: 409 naming "slug"
    audit.record(repos, principal, branch_id=branch.id, action=AuditAction.BRANCH_CREATED, target=branch.id,
                 after=branch_facts(branch))
    return branch


def update_branch(repos: Repositories, principal: StaffPrincipal, branch_id: str, changes: dict[str, Any]) -> Branch:
    """Only the fields named change. The slug is the QR codes' address and stays (a new one would
    orphan every printed code): create a branch instead. `archived` closes or reopens it."""
    branch = admin_branch(repos, principal, branch_id, Permission.MANAGE_BRANCHES)
    before = branch_facts(branch)
    checks: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: _name(v, "name", rules.NAME_MAX),
        "timezone": rules.check_timezone,
        "currency": rules.check_currency,
        "languages": rules.check_languages,
        "address": _address,
        "archived": bool,
    }
    unknown = set(changes) - set(checks)
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput(f"{name}: cannot be changed here", field=name)
    branch = replace(branch, **{name: checks[name](value) for name, value in changes.items()})
    repos.venues.update_branch(branch)
    after = branch_facts(branch)
    action = AuditAction.BRANCH_UPDATED
    if before["archived"] != after["archived"]:
        action = AuditAction.BRANCH_ARCHIVED if branch.archived else AuditAction.BRANCH_RESTORED
    if before != after:
        audit.record(repos, principal, branch_id=branch.id, action=action, target=branch.id, before=before, after=after)
    return branch


# -- tables ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BranchTables:
    branch: Branch
    tables: list[DiningTable]
    sections: SectionFloor


def tables_of(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> BranchTables:
    branch = admin_branch(repos, principal, branch_id, Permission.MANAGE_TABLES)
    tables = sorted(repos.venues.tables_of_branch(branch_id), key=lambda t: table_order_key(t.code))
    return BranchTables(branch=branch, tables=tables, sections=repos.sections.floor_of(branch_id))


def table_facts(table: DiningTable) -> dict[str, Any]:
    return {"code": table.code, "label": table.label, "seats": table.seats}


def _seats(seats: int | None) -> int | None:
    if seats is not None and not 1 <= seats <= rules.MAX_SEATS:
        raise InvalidInput(f"seats: between 1 and {rules.MAX_SEATS}", field="seats")
    return seats


def add_tables(repos: Repositories, principal: StaffPrincipal, branch_id: str, *, code: str | None = None,
               label: str | None = None, run: str | None = None, seats: int | None = None) -> list[DiningTable]:
    """One table (`code`, its `label` or the code itself) or a run of them (`run`: "T41–T46").
    All or none: a code already taken is a 409 naming it before anything is added."""
    branch = admin_branch(repos, principal, branch_id, Permission.MANAGE_TABLES)
    if (code is None) == (run is None):
        raise InvalidInput("code or range: one table's code, or a range such as T41-T46", field="code")
    if run is not None:
        wanted = [rules.NewTable(t.code, _name(t.label, "range", rules.LABEL_MAX)) for t in rules.tables_in_run(run)]
    else:
        clean = rules.check_table_code(code or "")
        wanted = [rules.NewTable(clean, _name(label, "label", rules.LABEL_MAX) if label else clean)]
    existing = repos.venues.tables_of_branch(branch.id)
    if len(existing) + len(wanted) > rules.MAX_TABLES_PER_BRANCH:
        raise InvalidInput(f"range: a branch has at most {rules.MAX_TABLES_PER_BRANCH} tables", field="range")
    taken = {t.code.casefold() for t in existing}
    clashes = [t.code for t in wanted if t.code.casefold() in taken]
    if clashes:
        field = "range" if run is not None else "code"
        raise AlreadyExists(f"{field}: {', '.join(clashes)} already exist{'s' if len(clashes) == 1 else ''} at this "
                            "branch", field=field, details={"codes": clashes})
    added = []
    for new in wanted:
        table = DiningTable(branch_id=branch.id, code=new.code, label=new.label, seats=_seats(seats))
        repos.venues.add_table(table)
        added.append(table)
        audit.record(repos, principal, branch_id=branch.id, action=AuditAction.TABLE_ADDED, target=table.code,
                     after=table_facts(table))
    return added


def update_table(repos: Repositories, principal: StaffPrincipal, branch_id: str, code: str,
                 changes: dict[str, Any]) -> DiningTable:
    admin_branch(repos, principal, branch_id, Permission.MANAGE_TABLES)
    table = repos.venues.get_table(branch_id, code)
    if table is None:
        raise NotFound(f"There is no table {code} at this branch.", field="code")
    before = table_facts(table)
    if "label" in changes:
        table.label = _name(changes["label"], "label", rules.LABEL_MAX)
    if "seats" in changes:
        table.seats = _seats(changes["seats"])
    repos.venues.save_table(table)
    if before != table_facts(table):
        audit.record(repos, principal, branch_id=branch_id, action=AuditAction.TABLE_UPDATED, target=code,
                     before=before, after=table_facts(table))
    return table


def remove_table(repos: Repositories, principal: StaffPrincipal, branch_id: str, code: str) -> None:
    """The table goes (its past sessions stay in the history); one with an open or waiting
    session is a 409 TABLE_BUSY. It leaves its section too."""
    admin_branch(repos, principal, branch_id, Permission.MANAGE_TABLES)
    table = repos.venues.get_table(branch_id, code)
    if table is None:
        raise NotFound(f"There is no table {code} at this branch.", field="code")
    repos.venues.remove_table(branch_id, code)
    if repos.sections.floor_of(branch_id).by_table().get(code) is not None:
        repos.sections.assign_table(branch_id, code, None)
    audit.record(repos, principal, branch_id=branch_id, action=AuditAction.TABLE_REMOVED, target=code,
                 before=table_facts(table))

