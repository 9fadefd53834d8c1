"""The reports' API (issue 19, docs/reports.md): what the caller may run, starting a run (or the
cached answer of finished days), and a run's state. The queries themselves run in the report
function (app.py `reports`), never in this one."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from .. import bootstrap
from ..lazy import lazy_import
from .parsing import parse_body
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from ..auth import StaffPrincipal
    from ..services import reports
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    reports = lazy_import("chalicelib.services.reports")

staff_reports = Blueprint(__name__)
TAG = "reports"


@route(staff_reports, "/staff/reports", "GET", auth="staff", tag=TAG,
       summary="The reports the caller may run and the branches they may ask for: `{reports: [{id, title}], "
               "branches: [{id, name}], chainAllowed}`. Owners and managers.")
def list_reports(principal: StaffPrincipal) -> Response:
    return json_response(reports.overview(bootstrap.repositories(), principal))


@route(staff_reports, "/staff/reports/runs", "POST", auth="staff", tag=TAG, body="ReportRunBody", status=202,
       also=(200,),
       summary="Run a report over a range of business days (at most 366), for one branch (`branchId`) or the "
               "chain / all of a manager's branches. 202 `{runId, state: running, progress}`; 200 `{state: done, "
               "result}` when the range's finished days were answered before. A branch not yours: 403. At most 40 "
               "runs per person in 10 minutes (cached answers not counted): 429 with Retry-After.")
def start_run(principal: StaffPrincipal) -> Response:
    body = parse_body(staff_reports.current_request, schemas.ReportRunBody)
    status, reply = reports.start_run(
        bootstrap.repositories(), bootstrap.report_documents(), bootstrap.report_starter(), principal,
        {"report": body.report, "from": body.day_from, "to": body.day_to, "branchId": body.branchId})
    return json_response(reply, status=status)


@route(staff_reports, "/staff/reports/runs/{run_id}", "GET", auth="staff", tag=TAG,
       summary="A run's state: `{runId, state: running|done|failed, progress: {step, steps, elapsedMs, "
               "bytesScanned}, result?, error?}`. Only for the staff member who started it (404 otherwise).")
def get_run(principal: StaffPrincipal, run_id: str) -> Response:
    return json_response(reports.run_state(bootstrap.report_documents(), principal, run_id))
