"""QR codes of the tables: SVG and PNG that decode to the table's public URL, and the printable
sheet of a branch; staff of the branch who see the floor only."""
from __future__ import annotations

import base64
import hashlib
import io
import re

import pytest
import qrcode
import zxingcpp
from PIL import Image

from chalicelib import bootstrap
from chalicelib.config import settings
from chalicelib.domain.venues import DiningTable
from chalicelib.services.qr_codes import qr_matrix
from tests.conftest import DYNAMO_CALLS

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def qr_path(code: str = "T12", branch_id: str = DOWNTOWN, kind: str = "png") -> str:
    return f"/staff/branches/{branch_id}/tables/{code}/qr.{kind}"


def expected_url(slug: str, code: str) -> str:
    return f"{settings.public_base_url.rstrip('/')}/{slug}/{code}"


def decoded(image: Image.Image) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode]


def png_of(api, code: str = "T12", branch_id: str = DOWNTOWN, token: str | None = None, query: str = ""):
    return api.get(qr_path(code, branch_id) + query, token=token or api.login(), headers={"Accept": "image/png"})


def svg_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules an SVG path draws: each is a unit square `Mx,yHx+1Vy+1Hxz`."""
    path = re.search(r'<path d="([^"]+)"', svg).group(1)
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", path)}


# -- PNG -------------------------------------------------------------------------------------
def test_the_png_of_a_table_decodes_to_its_public_url(api):
    # When a manager downloads T12's code as PNG
    reply = png_of(api)

    # Then it is a PNG that a phone's scanner reads as the diner's URL of T12
    assert reply.status == 200, reply.body
    assert reply.headers["Content-Type"] == "image/png"
    assert reply.body.startswith(PNG_SIGNATURE)
    assert decoded(Image.open(io.BytesIO(reply.body))) == [expected_url("downtown-lima", "T12")]


def test_a_miraflores_table_encodes_its_own_branch_slug(api):
    reply = png_of(api, "T3", MIRAFLORES, token=api.login("waiter@miraflores.demo.comanda"))

    assert decoded(Image.open(io.BytesIO(reply.body))) == [expected_url("miraflores", "T3")]


def test_the_png_draws_exactly_the_matrix_qrcode_makes_for_the_url(api):
    image = Image.open(io.BytesIO(png_of(api, query="?size=4").body)).convert("L")
    matrix = qr_matrix(expected_url("downtown-lima", "T12"))

    assert image.size == (len(matrix) * 4, len(matrix) * 4)
    drawn = [[image.getpixel((x * 4 + 2, y * 4 + 2)) < 128 for x in range(len(matrix))] for y in range(len(matrix))]
    assert drawn == matrix


def test_the_png_module_size_is_checked(api):
    reply = png_of(api, query="?size=500")

    assert (reply.status, reply.error["code"], reply.error["field"]) == (400, "INVALID_INPUT", "size")


def test_a_png_asked_for_as_json_is_a_clear_400_in_our_shape(api):
    """A binary body crosses API Gateway only to a client that accepts it."""
    reply = api.get(qr_path(), token=api.login(), headers={"Accept": "application/json"})

    assert (reply.status, reply.error["field"]) == (400, "Accept")
    assert "image/png" in reply.error["message"]


def test_a_browser_accept_header_gets_the_png(api):
    browser_accept = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8"

    reply = api.get(qr_path(), token=api.login(), headers={"Accept": browser_accept})

    assert reply.status == 200 and reply.body.startswith(PNG_SIGNATURE)


def test_download_asks_the_browser_to_save_the_file(api):
    reply = png_of(api, query="?download=1")

    assert reply.headers["Content-Disposition"] == 'attachment; filename="downtown-lima-T12.png"'


# -- SVG -------------------------------------------------------------------------------------
def test_the_svg_of_a_table_draws_the_matrix_of_its_url_and_decodes_to_it(api):
    reply = api.get(qr_path(kind="svg"), token=api.login())

    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("image/svg+xml")
    svg = reply.body.decode()
    matrix = qr_matrix(expected_url("downtown-lima", "T12"))
    assert svg_modules(svg) == {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
    assert f'viewBox="0 0 {len(matrix)} {len(matrix)}"' in svg
    assert "<script" not in svg


def test_the_svg_rasterised_decodes_to_the_table_url(api):
    """Drawn module by module from the SVG's own path, the code scans."""
    svg = api.get(qr_path("T7", kind="svg"), token=api.login()).body.decode()
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    image = Image.new("L", (size * 8, size * 8), 255)
    for x, y in svg_modules(svg):
        image.paste(0, (x * 8, y * 8, x * 8 + 8, y * 8 + 8))

    assert decoded(image) == [expected_url("downtown-lima", "T7")]


# -- the printable sheet -------------------------------------------------------------------------
def test_the_sheet_has_every_table_with_its_label_six_to_an_a4_page(api):
    reply = api.get(f"/staff/branches/{DOWNTOWN}/qr-sheet?lang=en", token=api.login())

    assert reply.status == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    html = reply.body.decode()
    assert html.count('<figure class="card">') == 40
    assert html.count('<section class="page">') == 7  # 40 tables, six a page
    for n in range(1, 21):
        assert expected_url("downtown-lima", f"T{n}") in html
    assert "size: A4" in html and "@media print" in html
    assert "Table QR codes" in html


def test_the_sheet_lists_the_tables_in_the_order_of_the_tables_page(api):
    # Given a branch whose tables have codes beyond T1..T40
    venues = bootstrap.repositories().venues
    for code in ("T1A", "Bar10", "bar2", "T05"):
        venues.add_table(DiningTable(DOWNTOWN, code, label=f"Table {code}"))
    token = api.login()
    # When staff open the tables page and print the sheet
    page = [t["code"] for t in api.get(f"/staff/branches/{DOWNTOWN}/tables", token=token).body["tables"]]
    html = api.get(f"/staff/branches/{DOWNTOWN}/qr-sheet", token=token).body.decode()
    # Then both list the same tables in the same order, the order staff count them in
    sheet = re.findall(r'<div class="card__url">[^<]*/downtown-lima/([^<]+)</div>', html)
    assert sheet == page
    assert page[:4] == ["bar2", "Bar10", "T1", "T1A"]
    assert page[page.index("T4"):page.index("T6") + 1] == ["T4", "T05", "T5", "T6"]
    assert len(page) == 44


def test_each_code_on_the_sheet_draws_the_matrix_of_its_table(api):
    html = api.get(f"/staff/branches/{MIRAFLORES}/qr-sheet", token=api.login("owner@demo.comanda")).body.decode()

    codes = re.findall(r"(<svg.*?</svg>)", html)
    assert len(codes) == 10
    for n, svg in enumerate(codes, start=1):
        matrix = qr_matrix(expected_url("miraflores", f"T{n}"))
        assert svg_modules(svg) == {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}


def test_the_sheet_speaks_the_branch_language_by_default(api):
    # the branch's default language is the first of its languages (the demo chain's: en, es)
    html = api.get(f"/staff/branches/{DOWNTOWN}/qr-sheet", token=api.login()).body.decode()

    assert '<html lang="en">' in html and "Scan to order" in html
    spanish = api.get(f"/staff/branches/{DOWNTOWN}/qr-sheet?lang=es", token=api.login()).body.decode()
    assert '<html lang="es">' in spanish and "Escanea para pedir" in spanish


def test_the_sheet_runs_no_script_and_allows_only_its_own_stylesheet(api):
    reply = api.get(f"/staff/branches/{DOWNTOWN}/qr-sheet", token=api.login())
    html = reply.body.decode()
    policy = reply.headers["Content-Security-Policy"]

    assert "<script" not in html and " style=" not in html and " on" not in re.sub(r">[^<]*<", "><", html)
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    stylesheet = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(stylesheet.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy
    assert f"style-src 'sha256-{digest}'" in re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"',
                                                        html).group(1)


# -- who may -----------------------------------------------------------------------------------
@pytest.mark.parametrize("email", ["owner@demo.comanda", "manager@downtown.demo.comanda"])
def test_owners_and_managers_of_the_branch_get_its_codes(api, email):
    assert png_of(api, token=api.login(email)).status == 200


def test_a_waiter_gets_the_codes_of_their_branch(api):
    token = api.login("waiter@miraflores.demo.comanda")

    assert api.get(qr_path("T1", MIRAFLORES, "svg"), token=token).status == 200
    assert api.get(f"/staff/branches/{MIRAFLORES}/qr-sheet", token=token).status == 200


def test_a_kitchen_account_gets_no_codes(api):
    token = api.login("kitchen@downtown.demo.comanda")

    for path in (qr_path(kind="svg"), f"/staff/branches/{DOWNTOWN}/qr-sheet"):
        reply = api.get(path, token=token)
        assert (reply.status, reply.error["code"]) == (403, "ROLE_NOT_ALLOWED")


def test_another_branch_s_codes_do_not_exist_for_a_manager(api):
    token = api.login("manager@downtown.demo.comanda")

    for path in (qr_path("T1", MIRAFLORES, "svg"), qr_path("T1", MIRAFLORES, "png"),
                 f"/staff/branches/{MIRAFLORES}/qr-sheet"):
        reply = api.get(path, token=token, headers={"Accept": "image/png"})
        assert (reply.status, reply.error["code"]) == (404, "NOT_FOUND")


def test_an_unknown_table_is_404(api):
    reply = api.get(qr_path("T99", kind="svg"), token=api.login())

    assert (reply.status, reply.error["code"]) == (404, "NOT_FOUND")


def test_a_diner_token_gets_no_codes(api):
    diner = api.register(code="T4").body["token"]

    assert api.get(qr_path(kind="svg"), token=diner).status == 403


def test_a_code_costs_two_dynamodb_reads_and_the_sheet_two_after_the_token_s_account(api):
    token = api.login()

    _, table_calls = DYNAMO_CALLS.measure(lambda: api.get(qr_path(kind="svg"), token=token))
    _, sheet_calls = DYNAMO_CALLS.measure(lambda: api.get(f"/staff/branches/{DOWNTOWN}/qr-sheet", token=token))

    assert (len(table_calls), len(sheet_calls)) == (1 + 2, 1 + 2)  # the staff token's account first (issue 18)
    assert "Scan" not in table_calls + sheet_calls


def test_qrcode_regenerates_the_same_code_for_the_same_url():
    """What the images are compared with above is the qrcode package's own matrix."""
    url = expected_url("downtown-lima", "T12")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    code.make(fit=True)

    assert qr_matrix(url) == code.get_matrix()
