"""QR codes of the tables (SVG, PNG) and the printable sheet of a branch: staff who may see
the floor (owners, managers, waiters) of that branch."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.errors import InvalidInput
from ..lazy import lazy_import
from .parsing import header, query
from .routing import route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from ..auth import StaffPrincipal
    from ..services import qr_codes
    from . import qr_sheet
else:
    qr_codes = lazy_import("chalicelib.services.qr_codes")
    qr_sheet = lazy_import("chalicelib.api.qr_sheet")

qr = Blueprint(__name__)
TAG = "staff: QR codes"
TABLE = "/staff/branches/{branch_id}/tables/{table_code}"
# The code of a table changes only with the stage's public URL: a private cache may keep it.
CACHE = {"Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff"}
PNG = "image/png"


def _download_headers(name: str) -> dict[str, str]:
    wants_file = query(qr.current_request, "download", max_length=5) in ("1", "true")
    return {"Content-Disposition": f'attachment; filename="{name}"'} if wants_file else {}


@route(qr, TABLE + "/qr.svg", "GET", auth="staff", tag=TAG, query=("download",), content_type="image/svg+xml",
       summary="The table's QR code as SVG, encoding {publicBaseUrl}/{branchSlug}/{tableCode}.")
def table_svg(principal: StaffPrincipal, branch_id: str, table_code: str) -> Response:
    code = qr_codes.table_code(bootstrap.repositories(), principal, branch_id, table_code)
    return Response(body=qr_codes.qr_svg(code.url), status_code=200, headers={
        "Content-Type": "image/svg+xml; charset=utf-8", **CACHE,
        **_download_headers(f"{code.branch.slug}-{code.table.code}.svg")})


@route(qr, TABLE + "/qr.png", "GET", auth="staff", tag=TAG, query=("size", "download"), content_type=PNG,
       summary="The table's QR code as PNG (`size`: pixels per module, 2-40, default 10). A binary response: "
               "send an Accept that allows it (`image/png`, `image/*` or `*/*`, as browsers and curl do); any other "
               "Accept is a 400.")
def table_png(principal: StaffPrincipal, branch_id: str, table_code: str) -> Response:
    request = qr.current_request
    code = qr_codes.table_code(bootstrap.repositories(), principal, branch_id, table_code)
    _require_binary_accept(header(request, "accept"))
    return Response(body=qr_codes.qr_png(code.url, _module_size(query(request, "size", max_length=4))),
                    status_code=200, headers={"Content-Type": PNG, **CACHE,
                                              **_download_headers(f"{code.branch.slug}-{code.table.code}.png")})


@route(qr, "/staff/branches/{branch_id}/qr-sheet", "GET", auth="staff", tag=TAG, query=("lang",),
       content_type="text/html",
       summary="A printable HTML page of every table's QR code with its label: A4, six to a page, no script.")
def sheet(principal: StaffPrincipal, branch_id: str) -> Response:
    found = qr_codes.branch_sheet(bootstrap.repositories(), principal, branch_id)
    wanted = query(qr.current_request, "lang", max_length=5)
    language = wanted if wanted in ("es", "en") else (found.branch.languages or ["en"])[0]
    return Response(body=qr_sheet.render_sheet(found, language), status_code=200, headers={
        "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": qr_sheet.CONTENT_SECURITY_POLICY,
        "Referrer-Policy": "no-referrer", **CACHE})


def _require_binary_accept(accept: str | None) -> None:
    """The PNG goes to a request whose Accept allows it (`image/png`, `image/*` or `*/*`, in any
    place: the deployed API's binary types include `*/*`, so API Gateway sends bytes whatever
    comes first). Anything else, or no Accept, is refused in our shape (Chalice would in its own)."""
    wanted = {part.split(";")[0].strip().lower() for part in (accept or "").split(",")}
    if not wanted & {PNG, "image/*", "*/*"}:
        raise InvalidInput("The PNG is binary: send `Accept: image/png` (or use qr.svg).", field="Accept")


def _module_size(raw: str | None) -> int:
    if not raw:
        return qr_codes.DEFAULT_PNG_BOX_SIZE
    if not (raw.isascii() and raw.isdigit()) or int(raw) not in qr_codes.PNG_BOX_SIZES:  # "²".isdigit() too
        raise InvalidInput("size: pixels per module, a whole number from 2 to 40.", field="size")
    return int(raw)
