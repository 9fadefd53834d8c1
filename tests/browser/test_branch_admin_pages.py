"""The back office of branches and tables in real Chromium (issue 18), staff/admin/branches.html at
tablet size: the owner opens a branch, adds a run of tables, renames one, removes one (each
confirmed), archives the branch; the removed table's and the archived branch's QR codes answer a
clear 404; the audit trail on the page lists each change. A manager sees only their branch's
tables (no branch settings, no audit trail); a waiter has no link and is told the page is not for
them. The branch is a new one of this test's own (the stack is shared)."""
from __future__ import annotations

import re
import secrets

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.staff_pages import MANAGER, OWNER, sign_in, snap

ADMIN = "/staff/admin/branches.html"
WAITER = "ana@downtown.demo.comanda"


def confirm(page: Page, button: str) -> None:
    dialog = page.locator("#admin-confirm")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name=button).click()
    expect(dialog).to_be_hidden()


def test_the_owner_opens_a_branch_adds_tables_removes_one_and_archives_it(tablet: Page, http, screenshot_dir):
    slug = f"b18-{secrets.token_hex(3)}"
    sign_in(tablet, OWNER, "/staff/")
    tablet.locator(".staff-header__link[data-page='branches']").click()
    expect(tablet).to_have_url(f"{tablet.url.split('/staff/')[0]}{ADMIN}")
    expect(tablet.get_by_role("heading", name="Branches", exact=True)).to_be_visible()

    # open a branch (confirmed: its slug is fixed once created)
    tablet.get_by_text("New branch").click()
    tablet.get_by_label("Name").first.fill("Barranco 18")
    tablet.get_by_label("Address in the QR codes").fill(slug)
    tablet.get_by_role("button", name="Open the branch").click()
    confirm(tablet, "Open it")
    expect(tablet.locator("#admin-status")).to_have_text("Branch Barranco 18 opened.")
    expect(tablet.locator(".admin-branches [aria-current='true']")).to_contain_text("Barranco 18")

    # a run of tables, confirmed
    tablet.get_by_text("Add many at once").click()
    tablet.get_by_label("Range").fill("Terrace 1-3")
    tablet.get_by_role("button", name="Add the tables").click()
    confirm(tablet, "Add 3")
    expect(tablet.locator("#admin-status")).to_have_text("Added: Terrace1, Terrace2, Terrace3.")
    expect(tablet.locator("tr[data-table]")).to_have_count(3)
    assert http.get(f"/branches/{slug}/tables/Terrace2").status == 200

    # a table already there: the error names it, nothing is added
    tablet.get_by_label("Code (in its QR)").fill("Terrace1")
    tablet.get_by_role("button", name="Add", exact=True).click()
    expect(tablet.locator("#admin-error")).to_contain_text("Terrace1 already exists")
    expect(tablet.locator("tr[data-table]")).to_have_count(3)

    # rename, then remove (confirmed)
    tablet.get_by_label("Label of Terrace2").fill("Terrace by the sea")
    tablet.locator("tr[data-table='Terrace2']").get_by_role("button", name="Save label").click()
    expect(tablet.locator("#admin-status")).to_have_text("Terrace2 is now “Terrace by the sea”.")
    tablet.get_by_role("button", name="Remove Terrace3").click()
    confirm(tablet, "Remove Terrace3")
    expect(tablet.locator("#admin-status")).to_have_text("Terrace3 removed.")
    expect(tablet.locator("tr[data-table]")).to_have_count(2)
    gone = http.get(f"/branches/{slug}/tables/Terrace3")
    assert gone.status == 404, gone.body
    snap(tablet, screenshot_dir, "admin-branches-owner", full_page=True)
    assert_no_serious_violations(tablet, "the owner's branches and tables page")

    # archive (confirmed): the branch's QR codes seat nobody
    tablet.locator("[data-action='archive']").click()
    confirm(tablet, "Archive")
    expect(tablet.locator("#admin-status")).to_have_text("Barranco 18 archived.")
    closed = http.get(f"/branches/{slug}/tables/Terrace1")
    assert closed.status == 404 and closed.body["error"]["code"] == "BRANCH_ARCHIVED", closed.body

    # the audit trail on the page, newest first
    tablet.get_by_role("button", name="Show").click()
    rows = tablet.locator(".admin-audit tbody tr")
    expect(rows.first).to_have_attribute("data-action", "branch.archived")
    expect(tablet.locator(".admin-audit tr[data-action='table.removed']")).to_contain_text("Terrace3")
    expect(tablet.locator(".admin-audit tr[data-action='table.updated']")).to_contain_text("Terrace by the sea")
    expect(tablet.locator(".admin-audit tr[data-action='branch.created']")).to_have_count(1)
    # in words, on the staff pages' 24-hour clock, the branch by its name (not its id)
    expect(rows.first).to_contain_text("Branch archived")
    expect(rows.first.locator("td").nth(3)).to_contain_text("Barranco")
    expect(rows.first.locator("time")).not_to_contain_text(re.compile(r"AM|PM"))


def test_a_manager_sets_up_only_their_branch_s_tables(tablet: Page):
    sign_in(tablet, MANAGER, "/staff/")
    tablet.goto(ADMIN)

    expect(tablet.locator(".admin-branches li")).to_have_count(1)
    expect(tablet.locator(".admin-branches")).to_contain_text("Downtown")
    expect(tablet.get_by_text("New branch")).to_have_count(0)
    expect(tablet.get_by_role("heading", name="Audit trail")).to_have_count(0)
    expect(tablet.locator("[data-action='archive']")).to_have_count(0)
    expect(tablet.locator("tr[data-table='T1']")).to_be_visible()


def test_a_waiter_has_no_link_and_the_page_says_it_is_not_theirs(tablet: Page):
    sign_in(tablet, WAITER, "/staff/")
    expect(tablet.locator(".staff-header__link[data-page='pos']")).to_be_visible()
    expect(tablet.locator(".staff-header__link[data-page='branches']")).to_have_count(0)

    tablet.goto(ADMIN)

    expect(tablet.locator("#admin-root")).to_have_text("Your account cannot set up branches or tables.")
