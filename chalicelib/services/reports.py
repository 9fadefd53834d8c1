"""The reports (issue 19, docs/reports.md): the catalogue, who may see what, the range, and runs.

A run is started by the REST function (`start_run`: validated, scoped, answered from the cache
when the range's days are all finished) and carried out by the report function (`execute_run`):
each SQL text of the report through the engine (Athena or DuckDB), the state and progress kept
in the reports bucket (`runs/{runId}.json`), a finished range's answer kept under `cache/`.
The member list (`members`, owner only) is read from the customers table, never from the lake."""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..auth import StaffPrincipal
from ..domain.errors import Forbidden, InvalidInput, NotFound
from ..domain.staff import Permission, Role, require_permission
from ..domain.venues import Branch, Chain
from ..observability import logger
from ..ports import Repositories
from ..reports.engines import QueryEngine, QueryFailed
from ..reports.queries import Scope
from ..reports.runs import Documents, RunStarter

MAX_DAYS = 366
# The report function's timeout (the template gives it this; a report is a few queries, seconds
# each on a year of a chain), and how long after its start a run still "running" is taken for one
# whose function died: that timeout, plus the asynchronous invocation's own queueing.
REPORT_FUNCTION_TIMEOUT_S = 300
RUNS_PER_WINDOW, RUNS_WINDOW_S = 40, 600  # report runs a staff member may start (cached answers not counted)
RUN_TIMEOUT_S = REPORT_FUNCTION_TIMEOUT_S + 60
CACHE_VERSION = 1  # bump when a text's columns change: older answers are then not reused
_RUN_ID = re.compile(r"^run_[0-9a-f]{24}$")
_BRANCH_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
NO_BRANCH = ""  # a member who signed up at no branch: part of the chain's figures only


@dataclass(frozen=True)
class Report:
    id: str
    title: str
    tables: tuple[str, ...]        # the SQL texts (chalicelib/reports/sql), one table each
    previous: bool = False          # the same tables for the previous period beside
    permission: Permission = Permission.VIEW_REPORTS


CATALOGUE: dict[str, Report] = {r.id: r for r in (
    Report("sales", "Sales", ("sales_summary", "sales_by_day"), previous=True),
    Report("product_mix", "Product mix", ("product_mix_items", "product_mix_categories", "options", "outages")),
    Report("heatmap", "Sales by hour and weekday", ("heatmap",)),
    Report("kitchen", "Kitchen times", ("kitchen_by_dish", "kitchen_by_station", "kitchen_by_hour")),
    Report("floor", "Floor times", ("floor_summary", "floor_by_waiter")),
    Report("loyalty", "Loyalty", ("loyalty_summary", "loyalty_weeks")),
    Report("members", "Loyalty members", (), permission=Permission.VIEW_MEMBERS),
)}
MEMBER_COLUMNS = ["customer_id", "name", "phone", "email", "birth_date", "marketing_consent", "consent_at",
                  "points", "visits", "created_at"]


@dataclass(frozen=True)
class Request:
    """A validated, scoped request for a report."""

    report: Report
    day_from: str
    day_to: str
    branch_id: str | None           # None: the chain (an owner), or all of a manager's branches
    chain_id: str
    branch_ids: tuple[str, ...]     # what the queries read
    currency: str
    cacheable: bool

    def scope(self, previous: bool = False) -> Scope:
        if not previous:
            return Scope(self.chain_id, self.branch_ids, self.day_from, self.day_to)
        first = date.fromisoformat(self.day_from)
        length = (date.fromisoformat(self.day_to) - first).days + 1
        return Scope(self.chain_id, self.branch_ids, (first - timedelta(days=length)).isoformat(),
                     (first - timedelta(days=1)).isoformat())

    @property
    def cache_key(self) -> str:
        identity = json.dumps([CACHE_VERSION, self.report.id, self.chain_id, sorted(self.branch_ids),
                               self.day_from, self.day_to, self.branch_id], separators=(",", ":"))
        return f"cache/{hashlib.sha256(identity.encode()).hexdigest()}.json"

    def as_dict(self) -> dict[str, Any]:
        return {"report": self.report.id, "from": self.day_from, "to": self.day_to, "branchId": self.branch_id,
                "chainId": self.chain_id, "branchIds": list(self.branch_ids), "currency": self.currency,
                "cacheable": self.cacheable}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Request:
        return cls(CATALOGUE[d["report"]], d["from"], d["to"], d["branchId"], d["chainId"], tuple(d["branchIds"]),
                   d["currency"], d["cacheable"])


# -- what the caller may see -----------------------------------------------------------------
def _chain_of(repos: Repositories, principal: StaffPrincipal) -> Chain:
    member = repos.staff.get(principal.staff_id)
    chain = repos.venues.get_chain(member.chain_id) if member else None
    if chain is None:
        raise NotFound("No such account.")
    return chain


def _visible_branches(repos: Repositories, principal: StaffPrincipal, chain_id: str) -> list[Branch]:
    branches = sorted(repos.venues.branches_of_chain(chain_id), key=lambda b: (b.name.casefold(), b.id))
    if principal.role is Role.OWNER:
        return branches
    return [b for b in branches if b.id in principal.branch_ids]


def overview(repos: Repositories, principal: StaffPrincipal) -> dict[str, Any]:
    """GET /staff/reports: the reports the caller may run, the branches they may ask for."""
    require_permission(principal.role, Permission.VIEW_REPORTS)
    chain = _chain_of(repos, principal)
    allowed = [r for r in CATALOGUE.values() if principal.role in _roles(r.permission)]
    return {"reports": [{"id": r.id, "title": r.title} for r in allowed],
            "branches": [{"id": b.id, "name": b.name} for b in _visible_branches(repos, principal, chain.id)],
            "chainAllowed": principal.role is Role.OWNER}


def _roles(permission: Permission) -> frozenset[Role]:
    from ..domain.staff import GRANTS

    return GRANTS[permission]


def _day(value: object, name: str) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise InvalidInput(f"`{name}` must be a day, YYYY-MM-DD.", field=name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"`{name}` is not a day of the calendar: {value}.", field=name) from None


def resolve(repos: Repositories, principal: StaffPrincipal, report_id: object, day_from: object, day_to: object,
            branch_id: object, now: datetime | None = None) -> Request:
    """The request, validated (400 naming the field) and scoped (403: not the caller's)."""
    require_permission(principal.role, Permission.VIEW_REPORTS)
    if not isinstance(report_id, str) or report_id not in CATALOGUE:
        raise InvalidInput(f"`report` must be one of: {', '.join(CATALOGUE)}.", field="report")
    report = CATALOGUE[report_id]
    require_permission(principal.role, report.permission)
    first, last = _day(day_from, "from"), _day(day_to, "to")
    if last < first:
        raise InvalidInput("`to` is before `from`.", field="to")
    if (last - first).days + 1 > MAX_DAYS:
        raise InvalidInput(f"A report covers at most {MAX_DAYS} days.", field="to")
    if branch_id is not None and (not isinstance(branch_id, str) or not _BRANCH_ID.match(branch_id)):
        raise InvalidInput("`branchId` must be a branch id.", field="branchId")

    chain = _chain_of(repos, principal)
    visible = _visible_branches(repos, principal, chain.id)
    if report.id == "members":
        branch_id, chosen = None, []  # the chain's list: members are the chain's, not a branch's
    elif branch_id is not None:
        chosen = [b for b in visible if b.id == branch_id]
        if not chosen:
            raise Forbidden("Not one of your branches.", field="branchId")
    else:
        chosen = visible
        if not chosen:
            raise Forbidden("No branch of yours to report on.", field="branchId")
    branch_ids = tuple(b.id for b in chosen)
    if branch_id is None and principal.role is Role.OWNER and report.id != "members":
        branch_ids += (NO_BRANCH,)  # the chain's figures include what belongs to no branch
    zones = {b.timezone for b in chosen} or {chain.timezone}
    moment = now or datetime.now(UTC)
    finished = all(last < moment.astimezone(ZoneInfo(z)).date() for z in zones)
    return Request(report, first.isoformat(), last.isoformat(), branch_id, chain.id, branch_ids or (NO_BRANCH,),
                   chain.currency, cacheable=finished and report.id != "members")


# -- runs ----------------------------------------------------------------------------------
def start_run(repos: Repositories, documents: Documents, starter: RunStarter, principal: StaffPrincipal,
              body: dict[str, Any], now: datetime | None = None) -> tuple[int, dict[str, Any]]:
    """POST /staff/reports/runs: (200, done with the cached result) or (202, the run started)."""
    request = resolve(repos, principal, body.get("report"), body.get("from"), body.get("to"), body.get("branchId"),
                      now)
    if request.cacheable:
        cached = documents.get(request.cache_key)
        if cached is not None:
            logger.info("report answered from the cache", extra={"report": request.report.id})
            return 200, {"state": "done", "result": cached}
    # Each run is work billed by the bytes Athena scans: a person exploring starts a few a minute;
    # a script with a stolen or a curious token is held to that pace (cached answers are free).
    repos.rate_limiter.hit("report-runs", principal.staff_id, RUNS_PER_WINDOW, RUNS_WINDOW_S,
                           "Too many reports at once; wait a minute and try again.")
    run_id = f"run_{secrets.token_hex(12)}"
    state = {"runId": run_id, "staffId": principal.staff_id, "state": "running", "request": request.as_dict(),
             "startedAt": time.time(), "progress": _progress(0, _steps(request), 0, 0)}
    documents.put(_run_key(run_id), state)
    starter.start(run_id)
    logger.info("report run started", extra={"report": request.report.id, "run_id": run_id})
    return 202, _public(state)


def run_state(documents: Documents, principal: StaffPrincipal, run_id: str) -> dict[str, Any]:
    """GET /staff/reports/runs/{runId}: only for the staff member who started it (404 otherwise)."""
    require_permission(principal.role, Permission.VIEW_REPORTS)
    state = documents.get(_run_key(run_id)) if _RUN_ID.match(run_id or "") else None
    if state is None or state.get("staffId") != principal.staff_id:
        raise NotFound("No such report run, or not yours.", field="runId")
    if state["state"] == "running" and time.time() - float(state.get("startedAt", 0)) > RUN_TIMEOUT_S:
        state.update(state="failed", error={"code": "TIMED_OUT", "message": "The report took too long; try a "
                                                                            "shorter range."})
    return _public(state)


def execute_run(repos: Repositories, documents: Documents, engine: QueryEngine, run_id: str) -> dict[str, Any]:
    """The report function's work: every table of the run's report, the progress kept as it goes."""
    state = documents.get(_run_key(run_id))
    if state is None or state.get("state") != "running":
        logger.warning("no running report run", extra={"run_id": run_id})
        return {"runId": run_id, "state": "missing" if state is None else state.get("state")}
    request = Request.from_dict(state["request"])
    started, steps = time.monotonic(), _steps(request)
    done_steps, scanned_before = 0, 0
    last_write = 0.0

    def report_progress(scanned: int, force: bool = False) -> None:
        nonlocal last_write
        if force or time.monotonic() - last_write >= 1.0:
            state["progress"] = _progress(done_steps, steps, int((time.monotonic() - started) * 1000),
                                          scanned_before + scanned)
            documents.put(_run_key(run_id), state)
            last_write = time.monotonic()

    try:
        result: dict[str, Any] = {"report": request.report.id, "from": request.day_from, "to": request.day_to,
                        "branchId": request.branch_id, "currency": request.currency, "tables": {}}
        if request.report.id == "members":
            result["tables"]["members"] = _members(repos, request.chain_id)
            done_steps = 1
        names = _Names(repos, request.chain_id)  # read once per run, for every period's tables
        periods = [("tables", False)] + ([("previous", True)] if request.report.previous else [])
        for _, previous in periods:
            scope = request.scope(previous)
            tables: dict[str, Any] = {}
            for name in request.report.tables:
                table = engine.run(name, scope, report_progress)
                tables[name] = table.as_dict()
                scanned_before += table.bytes_scanned
                done_steps += 1
                report_progress(0, force=True)
            _with_names(tables, names)
            if previous:
                result["previous"] = tables
                result["previousRange"] = {"from": scope.day_from, "to": scope.day_to}
            else:
                result["tables"].update(tables)
    except Exception as error:  # noqa: BLE001 - recorded in the run (the page shows it), never retried blindly
        if isinstance(error, QueryFailed):
            logger.warning("report run failed", extra={"run_id": run_id, "error": str(error)})
        else:
            logger.exception("report run crashed", extra={"run_id": run_id})
        state.update(state="failed", error={"code": "QUERY_FAILED", "message": "The report could not be computed; "
                                                                                "try a shorter range or again later."})
        state["progress"] = _progress(done_steps, steps, int((time.monotonic() - started) * 1000), scanned_before)
        documents.put(_run_key(run_id), state)
        return _public(state)
    if request.cacheable:
        documents.put(request.cache_key, result)
    state.update(state="done", result=result)
    state["progress"] = _progress(steps, steps, int((time.monotonic() - started) * 1000), scanned_before)
    documents.put(_run_key(run_id), state)
    logger.info("report run done", extra={"run_id": run_id, "report": request.report.id,
                                       "elapsed_ms": state["progress"]["elapsedMs"],
                                       "bytes_scanned": scanned_before})
    return _public(state)


# Ids the facts keep (they are stable; names change) and the names people read beside them.
_NAMES_OF = {"staff_id": "staff_name", "category_id": "category_name"}


class _Names:
    """The names beside the ids, as named today: the chain's staff and its menu's categories, each
    read at most once (and only if a table has such a column)."""

    def __init__(self, repos: Repositories, chain_id: str) -> None:
        self._repos, self._chain_id = repos, chain_id
        self._known: dict[str, dict[str, str]] = {}

    def of(self, id_column: str) -> dict[str, str]:
        if id_column not in self._known:
            if id_column == "staff_id":
                self._known[id_column] = {m.id: m.name for m in self._repos.staff.of_chain(self._chain_id)}
            else:
                self._known[id_column] = {c.id: c.name for c in self._repos.menu.whole_menu(self._chain_id).categories}
        return self._known[id_column]


def _with_names(tables: dict[str, Any], names: _Names) -> None:
    """Each table with a staff or category id also gets its name in the column after it (the page
    shows names; the CSV keeps both)."""
    for table in tables.values():
        for id_column, name_column in _NAMES_OF.items():
            if id_column not in table["columns"] or name_column in table["columns"]:
                continue
            known = names.of(id_column)
            at = table["columns"].index(id_column)
            table["columns"].insert(at + 1, name_column)
            for row in table["rows"]:
                row.insert(at + 1, known.get(row[at], row[at]) if row[at] is not None else None)


def _members(repos: Repositories, chain_id: str) -> dict[str, Any]:
    """The chain's loyalty members, from the customers table, with what they gave when signing up."""
    members = sorted(repos.customers.members_of_chain(chain_id), key=lambda c: (c.created_at, c.id))
    return {"columns": MEMBER_COLUMNS,
            "rows": [[c.id, c.name, c.phone, c.email, c.birth_date, c.marketing_consent, c.consent_at,
                      c.points, c.visits, c.created_at]
                     for c in members]}


def _steps(request: Request) -> int:
    if request.report.id == "members":
        return 1
    return len(request.report.tables) * (2 if request.report.previous else 1)


def _progress(step: int, steps: int, elapsed_ms: int, scanned: int) -> dict[str, Any]:
    return {"step": step, "steps": steps, "elapsedMs": elapsed_ms, "bytesScanned": scanned}


def _run_key(run_id: str) -> str:
    return f"runs/{run_id}.json"


def _public(state: dict[str, Any]) -> dict[str, Any]:
    shown = {"runId": state["runId"], "state": state["state"], "progress": state["progress"]}
    for key in ("result", "error"):
        if key in state:
            shown[key] = state[key]
    return shown
