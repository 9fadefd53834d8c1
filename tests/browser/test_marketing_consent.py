"""Marketing consent in Chromium (issue 19): a diner joining the loyalty programme ticks
"Send me offers and news from {chain}" (unticked unless they tick it, shown for loyalty only),
and the owner's Members report lists them as agreed, with when; unticking it in the profile stops the offers.

Uses downtown-lima T25, cleared before and after."""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.staff_pages import OWNER, sign_in
from tests.browser.test_diner_pages import (  # noqa: F401 - fixtures
    code_from_outbox_page,
    name_field,
    snap,
    staff,
    table,
)
from tests.browser.test_reports_page import open_report

CONSENT = re.compile(r"^Send me offers and news from (.+) \(you can stop at any time\)$")


def test_a_diner_who_ticks_the_box_is_listed_as_agreed_in_the_owners_members_report(
        phone: Page, tablet: Page, table, http, screenshot_dir):
    t25 = table("T25")
    number = "+51900000925"
    chain = http.get(f"/branches/downtown-lima/tables/{t25.code}").body["chain"]["name"]

    # Given Marisol opens the table's page: the box is there for loyalty only, unticked
    phone.goto(t25.url())
    box = phone.get_by_label(CONSENT)
    expect(box).to_be_hidden()
    phone.get_by_label("Loyalty").check()
    expect(box).to_be_visible()
    expect(box).not_to_be_checked()
    expect(phone.locator("label[for='entry-marketingConsent']")).to_have_text(
        f"Send me offers and news from {chain} (you can stop at any time)")

    # When she joins the loyalty programme with the box ticked, and enters the texted code
    name_field(phone).fill("Marisol")
    phone.get_by_label("Phone", exact=True).fill("+51 900 000 925")
    box.check()
    assert_no_serious_violations(phone, "loyalty form with the consent box ticked")
    snap(phone, screenshot_dir, "consent-entry")
    phone.get_by_role("button", name="Start ordering").click()
    expect(phone).to_have_url(re.compile(r"/T25/waiting$"))
    panel = phone.get_by_role("region", name="Confirm your phone")
    panel.get_by_label("Six-digit code").fill(code_from_outbox_page(phone, number))
    panel.get_by_role("button", name="Confirm").click()
    expect(phone.get_by_role("status").filter(has_text="Phone confirmed.")).to_be_visible()

    # Then the owner's Members report lists her as agreed, with the time she agreed
    sign_in(tablet, OWNER, "/staff/")
    open_report(tablet, "members")
    members = tablet.locator(".report-table[data-table='members']")
    expect(members.locator("th[data-column='marketing_consent']")).to_have_text("Agreed to offers")
    expect(members.locator("th[data-column='consent_at']")).to_have_text("Agreed on")
    row = members.locator("tbody tr", has=tablet.locator("td[data-column='phone']", has_text=number))
    expect(row).to_have_count(1)
    expect(row.locator("td[data-column='name']")).to_have_text("Marisol")
    expect(row.locator("td[data-column='marketing_consent']")).to_have_attribute("data-raw", "true")
    expect(row.locator("td[data-column='marketing_consent']")).to_have_text("✓")
    expect(row.locator("td[data-column='consent_at']")).not_to_have_text("")
    assert_no_serious_violations(tablet, "members report with the consent columns")
    snap(tablet, screenshot_dir, "consent-members-report")

    # And when she unticks the offers in her profile ("you can stop at any time"), the next Members
    # report lists her as not agreed, with no time
    t25.approve(t25.session_id_in(phone))
    expect(phone).to_have_url(re.compile(r"/T25/menu$"))
    phone.get_by_role("link", name="Profile").click()
    offers = phone.get_by_label(re.compile(r"^Offers and news from .+ \(untick to stop them\)$"))
    expect(offers).to_be_checked()
    offers.uncheck()
    phone.get_by_role("button", name="Save changes").click()
    expect(phone.get_by_role("status").filter(has_text="Your profile is saved.")).to_be_visible()
    assert http.get("/me", token=t25.token_in(phone)).body["marketingConsent"] is False
    open_report(tablet, "members")
    expect(row.locator("td[data-column='marketing_consent']")).to_have_attribute("data-raw", "false")
    expect(row.locator("td[data-column='consent_at']")).to_have_attribute("data-raw", "")
