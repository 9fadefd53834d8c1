"""A diner who scans a QR code of a branch the owner closed (archived) is told the branch is closed,
in their language, not that the table could not be found (issue 18: the API answers 404
BRANCH_ARCHIVED); an unknown table still says it could not be found. The branch is a new one of
this test, so the demo's branches stay open for the others."""
from __future__ import annotations

import secrets

from playwright.sync_api import Page, expect

from tests.browser.staff_pages import OWNER

ADMIN = "/staff/admin/branches"


def closed_branch(http) -> str:
    owner = http.login(OWNER)
    slug = f"closed-{secrets.token_hex(3)}"
    opened = http.post(ADMIN, {"name": "Chorrillos", "slug": slug, "timezone": "America/Lima", "currency": "PEN",
                               "languages": ["es", "en"], "address": "Av. Huaylas 1"}, token=owner)
    assert opened.status == 201, opened.body
    branch = opened.body["branch"]["id"]
    assert http.post(f"{ADMIN}/{branch}/tables", {"code": "T1"}, token=owner).status == 201
    assert http.get(f"/branches/{slug}/tables/T1").status == 200
    archived = http.call("PATCH", f"{ADMIN}/{branch}", {"archived": True}, token=owner)
    assert archived.status == 200, archived.body
    closed = http.get(f"/branches/{slug}/tables/T1")
    assert closed.status == 404 and closed.body["error"]["code"] == "BRANCH_ARCHIVED", closed.body
    return slug


def test_an_archived_branch_s_qr_code_says_the_branch_is_closed(phone: Page, http):
    slug = closed_branch(http)

    phone.goto(f"/{slug}/T1")

    expect(phone.get_by_role("heading", level=1)).to_have_text("This restaurant is closed")
    expect(phone.locator(".landing p")).to_contain_text("ask a member of staff")
    expect(phone).to_have_title("This restaurant is closed")
    phone.goto(f"/{slug}/T77")  # a code it never had (or a table removed before it closed): still closed
    expect(phone.get_by_role("heading", level=1)).to_have_text("This restaurant is closed")
    phone.goto("/downtown-lima/T999")  # an open branch's unknown table is still not found
    expect(phone.get_by_role("heading", level=1)).to_have_text("We couldn't find this table")


def test_a_spanish_phone_reads_it_in_spanish(browser, stack, http):
    slug = closed_branch(http)
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=stack.site_url, locale="es-PE")
    context.set_default_timeout(8000)
    try:
        page = context.new_page()
        page.goto(f"/{slug}/T1")
        expect(page.get_by_role("heading", level=1)).to_have_text("Este local está cerrado")
        expect(page.locator(".landing p")).to_contain_text("Pide ayuda al personal")
    finally:
        context.close()
