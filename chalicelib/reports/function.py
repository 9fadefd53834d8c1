"""The report function's handler (`@app.lambda_function(name="reports")` in app.py): runs one
report run, `{"runId": ...}`, started asynchronously by POST /staff/reports/runs."""
from __future__ import annotations

from typing import Any

from ..observability import logger


def handle(event: dict[str, Any]) -> dict:
    from .. import bootstrap
    from ..services.reports import execute_run

    run_id = event.get("runId") if isinstance(event, dict) else None
    if not isinstance(run_id, str):
        logger.warning("report function called without a runId")
        return {"state": "ignored"}
    return execute_run(bootstrap.repositories(), bootstrap.report_documents(), bootstrap.report_engine(), run_id)
