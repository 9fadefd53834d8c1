"""QR codes of a branch's tables: each encodes the table's public URL,
`{public_base_url}/{branchSlug}/{tableCode}`, the diner's way in."""
from __future__ import annotations

import io
from dataclasses import dataclass
from html import escape
from typing import Any

from ..auth import StaffPrincipal
from ..config import settings
from ..domain.errors import NotFound
from ..domain.staff import Permission
from ..domain.venues import Branch, DiningTable, table_order_key
from ..ports import Repositories
from .access import staff_branch

# M (15 % recovery) survives a scratched, laminated card and keeps the code small enough
# to scan from across a table; the 4-module quiet zone is what the standard asks for.
QUIET_ZONE = 4
PNG_BOX_SIZES = range(2, 41)
DEFAULT_PNG_BOX_SIZE = 10


@dataclass(frozen=True)
class TableCode:
    branch: Branch
    table: DiningTable
    url: str


@dataclass(frozen=True)
class QrSheet:
    branch: Branch
    codes: list[TableCode]


def table_url(branch: Branch, table_code: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/{branch.slug}/{table_code}"


def table_code(repos: Repositories, principal: StaffPrincipal, branch_id: str, code: str) -> TableCode:
    branch = staff_branch(repos, principal, branch_id, Permission.VIEW_FLOOR)
    table = repos.venues.get_table(branch_id, code)
    if table is None:
        raise NotFound(f"There is no table {code!r} at this branch.")
    return TableCode(branch=branch, table=table, url=table_url(branch, table.code))


def branch_sheet(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> QrSheet:
    """Every table of the branch in natural order (T2 before T10)."""
    branch = staff_branch(repos, principal, branch_id, Permission.VIEW_FLOOR)
    tables = sorted(repos.venues.tables_of_branch(branch_id), key=lambda t: table_order_key(t.code))
    return QrSheet(branch=branch, codes=[TableCode(branch, t, table_url(branch, t.code)) for t in tables])


# -- rendering (the qrcode package) ---------------------------------------------------------
def _factory(kind: str) -> Any:
    if kind == "svg":
        import qrcode.image.svg

        return qrcode.image.svg.SvgPathFillImage
    import qrcode.image.pure

    return qrcode.image.pure.PyPNGImage


def qr_matrix(url: str) -> list[list[bool]]:
    """The modules of the code, quiet zone included: what the images below draw."""
    matrix: list[list[bool]] = _code(url).get_matrix()
    return matrix


def _code(url: str, **options: Any) -> Any:
    """The qrcode package is imported here, on the first code drawn: it is not needed by any
    other route, and importing it costs every cold start ~20 ms."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    # level M: 15 % of the code may be damaged (a laminated card on a table)
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE, **options)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_svg(url: str) -> str:
    """A standalone SVG document: dark modules as one path on a white square, sized by its viewBox."""
    image = _code(url, image_factory=_factory('svg')).make_image()
    document: str = image.to_string(encoding="unicode")
    return document


def qr_svg_fragment(url: str, title: str) -> str:
    """The same code as an `<svg>` element to place in an HTML page (no XML prolog)."""
    document = qr_svg(url)
    element = document[document.index("<svg"):]
    return element.replace(">", f' role="img" aria-label="{escape(title, quote=True)}">', 1)


def qr_png(url: str, box_size: int = DEFAULT_PNG_BOX_SIZE) -> bytes:
    # PyPNG (pure Python, small) rather than Pillow, which the Lambda package does not carry.
    image = _code(url, box_size=box_size, image_factory=_factory('png')).make_image()
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
