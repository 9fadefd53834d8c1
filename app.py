"""Comanda's Chalice app. Every entrypoint is a line or two that delegates to chalicelib:
REST routes are blueprints in chalicelib/api; the WebSocket and stream handlers are below."""
from chalicelib.api import websocket
from chalicelib.api.diner import diner
from chalicelib.api.errors import chalice_errors_in_api_shape
from chalicelib.api.openapi import docs
from chalicelib.api.public import public
from chalicelib.api.qr import qr
from chalicelib.api.staff import staff
from chalicelib.api.staff_admin import staff_admin
from chalicelib.api.staff_branches import staff_branches
from chalicelib.api.staff_floor import staff_floor
from chalicelib.api.staff_menu import staff_menu
from chalicelib.api.staff_reports import staff_reports
from chalicelib.api.staff_sections import staff_sections
from chalicelib.application import ComandaApp
from chalicelib.bootstrap import websocket_closer, websocket_sender
from chalicelib.observability import around_invocation
from chalicelib.origin_guard import through_cloudfront_only

app = ComandaApp(app_name="comanda")  # Chalice; its invocation state per thread (chalicelib/application.py)
# Chalice base64-encodes bodies of these types and lets a binary answer out only to a request
# whose Accept names one of them (`*/*` passes anyway): `image/*` is for that check alone. The
# deployed API adds `*/*` (infra.template.rest_binary_media_types, docs/decisions.md).
app.api.binary_types.extend(t for t in ("image/png", "image/*") if t not in app.api.binary_types)
app.experimental_feature_flags.update(["WEBSOCKETS"])

app.register_middleware(around_invocation, "all")
app.register_middleware(through_cloudfront_only, "http")
app.register_middleware(through_cloudfront_only, "websocket")
app.register_middleware(chalice_errors_in_api_shape, "http")

for blueprint in (public, diner, staff, staff_floor, staff_menu, staff_sections, staff_branches, staff_admin, qr, docs,
                  staff_reports):
    app.register_blueprint(blueprint)

# A placeholder the merge template replaces (infra/): one stream Lambda consumes the streams
# of every table in chalicelib.store.models.STREAM_MODELS; the local stack resolves it by name.
SESSIONS_STREAM_ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/comanda-sessions/stream/PLACEHOLDER"


@app.on_ws_connect()
def ws_connect(event):
    return websocket.on_connect(event, websocket_sender(app.websocket_api), websocket_closer(app.websocket_api))


@app.on_ws_message()
def ws_message(event):
    websocket.on_message(event, websocket_sender(app.websocket_api))


@app.on_ws_disconnect()
def ws_disconnect(event):
    websocket.on_disconnect(event)


@app.on_dynamodb_record(stream_arn=SESSIONS_STREAM_ARN, batch_size=100)
def stream_changes(event):
    from chalicelib.realtime.stream import handle_stream_batch

    return handle_stream_batch(event.to_dict(), event.context, websocket_sender(app.websocket_api))


# The reports' facts (issue 19, docs/reports.md): a second consumer of the same streams, so S3
# never delays nor retries the pushes above. infra/template.py wires it to every stream too. No
# screen waits for a fact: Lambda gathers up to a minute of records (or 1,000) per invocation,
# so a busy branch's facts cost one invocation and one S3 object per kind a minute, not per change.
@app.on_dynamodb_record(stream_arn=SESSIONS_STREAM_ARN, batch_size=1000, maximum_batching_window_in_seconds=60)
def stream_facts(event):
    from chalicelib.realtime.facts_stream import handle_fact_batch

    return handle_fact_batch(event.to_dict(), event.context)


@app.lambda_function(name="reports")
def reports(event, context):
    """The report queries (issue 19), in their own function: the REST function's zip and cold start
    do not carry them. Started asynchronously by POST /staff/reports/runs."""
    from chalicelib.reports.function import handle

    return handle(event)
