"""The reports page in real Chromium (issue 19), staff/reports.html (/staff/reports leads there),
against the local stack's real reports API and DuckDB over facts this test writes itself.

The facts: a week of service at both demo branches (2025-02-03 … 2025-02-09, Monday to Sunday)
and the week before it (the previous period), written per docs/reports.md as NDJSON objects in
the stack's facts bucket (moto's S3), far from the demo history's recent weeks so only these
count. The test works out every figure it checks from the rows it wrote: sales, orders, guests,
tables and the day bars; the product mix; the hour × weekday heat map; kitchen and floor times
(each dish, station and floor measure takes one constant time, so p50 = p90 whatever percentile
definition the SQL uses); new loyalty members. The owner sees the chain and both branches; the
manager of Downtown only Downtown (no other choice on the page, a 403 from the API); the CSV
download holds the table with amounts as decimals; the page reads in Spanish; axe finds nothing
serious; screenshots at 1280×800 and 768×1024."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_no_serious_violations
from tests.browser.staff_pages import DOWNTOWN, MANAGER, MIRAFLORES, OWNER, sign_in, snap

CHAIN = "ch_comanda-demo"
LIMA = ZoneInfo("America/Lima")
FROM, TO = "2025-02-03", "2025-02-09"            # the range the tests ask for (Mon … Sun)
PREV_FROM, PREV_TO = "2025-01-27", "2025-02-02"  # its previous period, same length
WAITER_ACCOUNT = "ana@downtown.demo.comanda"

# item id -> (name, category, station, unit price in céntimos, order→ready s, ready→served s);
# a station's dishes share their times, so a station's p50 = p90 too.
ITEMS = {
    "ceviche": ("Ceviche clásico", "cat_mains", "hot", 3800, 420, 60),
    "lomo": ("Lomo saltado", "cat_mains", "hot", 4200, 420, 60),
    "chicha": ("Chicha morada", "cat_drinks", "bar", 900, 120, 30),
    "pisco": ('Pisco "sour", doble', "cat_drinks", "bar", 2400, 120, 30),
}
APPROVAL_S, CALL_ACK_S, BILL_TO_CLOSE_S, TURN_S = 40, 45, 300, 3000


@dataclass
class Facts:
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def add(self, fact_kind: str, branch: str, at: float, fact_id: str, /, **values) -> None:
        local = datetime.fromtimestamp(at, LIMA)
        self.rows[fact_kind].append({"fact_id": fact_id, "chain_id": CHAIN, "branch_id": branch, "day": local.date().isoformat(),
                                "hour": local.hour, "weekday": local.isoweekday(), **values})

    def of(self, kind: str, branches: tuple[str, ...], start: str, end: str) -> list[dict]:
        return [r for r in self.rows[kind] if r["branch_id"] in branches and start <= r["day"] <= end]


def days(start: str, end: str) -> list[date]:
    first, last = date.fromisoformat(start), date.fromisoformat(end)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def build_facts() -> Facts:
    """A believable fortnight at both branches: 1-3 tables a day each, two orders a table, a
    waiter call and a bill request each, a loyalty member signing up every other day."""
    facts = Facts()
    menu = list(ITEMS)
    for b, branch in enumerate((DOWNTOWN, MIRAFLORES)):
        for d, day in enumerate(days(PREV_FROM, TO)):
            for k in range(1 + (d + b) % 3):
                hour = 12 + 3 * k + (d % 2)  # each table's whole service within this hour
                start = datetime(day.year, day.month, day.day, hour, 5, tzinfo=LIMA).timestamp()
                session = f"s-{branch}-{day}-{k}"
                table = f"T{11 + k}"
                guests = 2 + (k + d) % 3
                bill = 0
                for o in range(2):
                    order = f"{session}-o{o}"
                    ordered = start + 300 + 600 * o
                    lines = [(menu[(d + k + o) % 4], 1 + (k + o) % 2)] + ([(menu[(d + 2) % 4], 1)] if o == 0 else [])
                    for n, (item, quantity) in enumerate(lines):
                        name, category, station, price, to_ready, to_served = ITEMS[item]
                        revenue = quantity * price
                        bill += revenue
                        facts.add("order_lines", branch, ordered, f"line:{order}:{n}", order_id=order, line_id=f"{order}-{n}",
                                  session_id=session, table_code=table, item_id=item, item_name=name, category_id=category,
                                  station_id=station, quantity=quantity, unit_price=price, options_price=0, revenue=revenue,
                                  status="served", ordered_ts=ordered, accepted_ts=ordered + 30, ready_ts=ordered + to_ready,
                                  served_ts=ordered + to_ready + to_served, placed_by_staff=None, void_reason=None, void_amount=0)
                ended = start + TURN_S
                facts.add("requests", branch, start + 600, f"request:{session}:w", request_id=f"{session}-w", kind="waiter",
                          session_id=session, table_code=table, created_ts=start + 600, acknowledged_ts=start + 600 + CALL_ACK_S,
                          acknowledged_by="st_ana")
                facts.add("requests", branch, ended - BILL_TO_CLOSE_S, f"request:{session}:b", request_id=f"{session}-b",
                          kind="bill", session_id=session, table_code=table, created_ts=ended - BILL_TO_CLOSE_S,
                          acknowledged_ts=ended - BILL_TO_CLOSE_S + 20, acknowledged_by="st_ana")
                facts.add("sessions", branch, ended, f"session:{session}", session_id=session, table_code=table, started_ts=start,
                          approved_ts=start + APPROVAL_S, ended_ts=ended, end_reason="paid", guests=guests, members=1 if k == 0 else 0,
                          bill_total=bill, tip=0, paid_total=bill, opened_by_staff=None, waiter_id="st_ana")
                for g in range(guests):
                    customer = f"cu-{branch}-{d % 5}" if g == 0 and k == 0 else f"cu-{session}-{g}"
                    facts.add("visits", branch, ended, f"visit:{session}:{customer}", session_id=session, customer_id=customer,
                              is_member=g == 0 and k == 0, joined_ts=start + 10)
            if d % 2 == 0:
                at = datetime(day.year, day.month, day.day, 12, 1, tzinfo=LIMA).timestamp()
                facts.add("members", branch, at, f"member:cu-{branch}-{d % 5}-{day}", customer_id=f"cu-{branch}-{day}", created_ts=at)
    return facts


def write_facts(facts: Facts) -> None:
    """The rows as the fact writer lays them out: one NDJSON object per kind, branch and day, in
    the stack's facts bucket, each row with exactly its kind's columns (fact_kinds.py)."""
    import boto3

    from chalicelib.config import Settings
    from chalicelib.domain.fact_kinds import columns, object_prefix

    bucket = Settings().facts_bucket
    s3 = boto3.client("s3")
    try:
        s3.head_bucket(Bucket=bucket)
    except Exception:  # noqa: BLE001 - the stack without the facts writer yet: the bucket is ours to make
        s3.create_bucket(Bucket=bucket)
    grouped: dict[str, list[dict]] = defaultdict(list)
    for kind, rows in facts.rows.items():
        names = columns(kind)
        for row in rows:
            assert set(row) <= set(names), (kind, set(row) - set(names))
            flat = {name: row.get(name) for name in names}
            if "version" in flat and flat["version"] is None:
                flat["version"] = 1  # each fact written once: its object's first version
            grouped[object_prefix(kind, CHAIN, row["branch_id"], row["day"])].append(flat)
    for prefix, rows in grouped.items():
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        s3.put_object(Bucket=bucket, Key=f"{prefix}test-reports-page.json", Body=body.encode(), ContentType="application/x-ndjson")


@pytest.fixture(scope="module")
def facts(stack) -> Facts:
    written = build_facts()
    write_facts(written)
    return written


# -- what the test expects, from its own rows ------------------------------------------------

def sales_figures(facts: Facts, branches: tuple[str, ...], start: str = FROM, end: str = TO) -> dict[str, int]:
    lines = facts.of("order_lines", branches, start, end)
    sessions = facts.of("sessions", branches, start, end)
    sales = sum(r["revenue"] for r in lines)
    assert sales == sum(s["bill_total"] for s in sessions)  # the two ways to count sales agree, by design
    guests = sum(s["guests"] for s in sessions)
    return {"sales": sales, "orders": len({r["order_id"] for r in lines}), "guests": guests, "tables": len(sessions),
            "perTable": half_up(sales, len(sessions)), "perGuest": half_up(sales, guests)}


def half_up(total: int, count: int) -> int:
    """total / count rounded half away from zero, as SQL's round() (Python's round() goes to even)."""
    return (2 * total + count) // (2 * count)


def daily_sales(facts: Facts, branches: tuple[str, ...]) -> dict[str, int]:
    per_day: Counter[str] = Counter()
    for row in facts.of("order_lines", branches, FROM, TO):
        per_day[row["day"]] += row["revenue"]
    return {day.isoformat(): per_day[day.isoformat()] for day in days(FROM, TO)}


def soles(minor: int) -> str:
    return f"S/ {minor / 100:,.2f}"


def open_report(page: Page, report: str, branch: str = "", start: str = FROM, end: str = TO) -> None:
    query = f"?report={report}&from={start}&to={end}" + (f"&branch={branch}" if branch else "")
    page.goto(f"/staff/reports.html{query}")
    shown(page, report, branch, start, end)


def shown(page: Page, report: str, branch: str = "", start: str = FROM, end: str = TO) -> None:
    """Waits until the page shows the answer to that question (a run may take a few polls)."""
    expect(page.locator("#reports-output")).to_have_attribute("data-shown", f"{report}|{branch}|{start}|{end}", timeout=60_000)
    expect(page.locator("#reports-error")).to_be_hidden()


def kpi_values(page: Page) -> dict[str, int]:
    tiles = page.locator(".report-kpi")
    return {tiles.nth(i).get_attribute("data-kpi"): int(float(tiles.nth(i).get_attribute("data-value")))
            for i in range(tiles.count())}


# -- the tests ---------------------------------------------------------------------------------

def test_the_owner_sees_the_chain_and_each_branch_with_the_figures_the_facts_make(tablet: Page, facts: Facts, screenshot_dir):
    sign_in(tablet, OWNER, "/staff/")
    tablet.locator(".staff-header__link[data-page='reports']").click()
    expect(tablet).to_have_url(f"{tablet.url.split('/staff/')[0]}/staff/reports.html")
    expect(tablet.get_by_role("tab", name="Sales")).to_have_attribute("aria-selected", "true")
    expect(tablet.get_by_role("tab")).to_have_text(["Sales", "Product mix", "Hours", "Kitchen", "Floor", "Loyalty", "Members"])

    # the chain: both branches' figures, with the previous period's change
    open_report(tablet, "sales")
    branch = tablet.get_by_label("Branch", exact=True)
    expect(branch).to_be_enabled()
    expect(branch.locator("option")).to_have_text(["All branches (chain)", "Comanda Downtown Lima", "Comanda Miraflores"])
    chain = (DOWNTOWN, MIRAFLORES)
    expected = sales_figures(facts, chain)
    assert kpi_values(tablet) == expected
    expect(tablet.locator(".report-kpi[data-kpi='sales'] .report-kpi__value")).to_have_text(soles(expected["sales"]))
    before = sales_figures(facts, chain, PREV_FROM, PREV_TO)
    change = float(tablet.locator(".report-kpi[data-kpi='sales'] .report-kpi__change").get_attribute("data-change"))
    assert change == pytest.approx((expected["sales"] - before["sales"]) / before["sales"], abs=1e-4)
    bars = tablet.locator("[data-chart='daily'] rect.report-chart__bar")
    assert {bars.nth(i).get_attribute("data-day"): int(bars.nth(i).get_attribute("data-value")) for i in range(bars.count())} \
        == daily_sales(facts, chain)
    expect(tablet.locator("[data-chart='daily'] rect.report-chart__ghost")).to_have_count(7)
    snap(tablet, screenshot_dir, "reports-sales-owner-chain-1280", full_page=True)
    assert_no_serious_violations(tablet, "the reports page, the chain's sales")

    # one branch, picked on the page
    tablet.get_by_label("Branch", exact=True).select_option(MIRAFLORES)
    shown(tablet, "sales", MIRAFLORES)
    assert kpi_values(tablet) == sales_figures(facts, (MIRAFLORES,))
    tablet.get_by_label("Branch", exact=True).select_option(DOWNTOWN)
    shown(tablet, "sales", DOWNTOWN)
    assert kpi_values(tablet) == sales_figures(facts, (DOWNTOWN,))

    # the same range typed in the date inputs starts a run too
    tablet.get_by_label("Branch", exact=True).select_option("")
    shown(tablet, "sales")
    tablet.get_by_label("From", exact=True).fill("2025-02-05")
    shown(tablet, "sales", "", "2025-02-05", TO)
    assert kpi_values(tablet)["sales"] == sales_figures(facts, chain, "2025-02-05", TO)["sales"]

    # at tablet size in portrait
    tablet.set_viewport_size({"width": 768, "height": 1024})
    open_report(tablet, "sales")
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 768
    snap(tablet, screenshot_dir, "reports-sales-owner-chain-768", full_page=True)


def test_every_report_shows_the_figures_the_facts_make(tablet: Page, facts: Facts, screenshot_dir):
    sign_in(tablet, OWNER, "/staff/")
    chain = (DOWNTOWN, MIRAFLORES)
    lines = facts.of("order_lines", chain, FROM, TO)

    # product mix: quantity and revenue per dish
    open_report(tablet, "product_mix")
    quantity, revenue = Counter(), Counter()
    for row in lines:
        quantity[row["item_name"]] += row["quantity"]
        revenue[row["item_name"]] += row["revenue"]
    for chart, wanted in (("quantity", quantity), ("revenue", revenue)):
        groups = tablet.locator(f"[data-chart$='-{chart}'] g[data-label]")
        expect(groups.first).to_be_visible()
        got = {groups.nth(i).get_attribute("data-label"): int(groups.nth(i).get_attribute("data-value")) for i in range(groups.count())}
        assert {k: v for k, v in got.items() if k in wanted} == dict(wanted), chart
    snap(tablet, screenshot_dir, "reports-product-mix-owner-1280", full_page=True)

    # the heat map: each cell its number, as the facts sum up per weekday and hour
    open_report(tablet, "heatmap")
    heat = tablet.locator("[data-chart='heatmap']")
    column = heat.get_attribute("data-column")
    cells: Counter[tuple[int, int]] = Counter()
    if column in ("orders",):
        for order in {(r["order_id"], r["weekday"], r["hour"]) for r in lines}:
            cells[(order[1], order[2])] += 1
    else:
        for row in lines:
            cells[(row["weekday"], row["hour"])] += row["revenue"] if column in ("sales", "revenue") else row["quantity"]
    for (weekday, hour), value in cells.items():
        expect(heat.locator(f"td[data-weekday='{weekday}'][data-hour='{hour}']")).to_have_attribute("data-value", str(value))
    expect(heat.get_by_role("columnheader", name="12", exact=True)).to_be_visible()
    assert_no_serious_violations(tablet, "the reports page, the heat map")
    snap(tablet, screenshot_dir, "reports-heatmap-owner-1280", full_page=True)

    # kitchen: each dish's and station's constant times are its p50 and p90
    open_report(tablet, "kitchen")
    output = tablet.locator("#reports-output")
    for name in {ITEMS[r["item_id"]][0] for r in lines}:
        expect(output.locator("[data-chart] g[data-label]", has_text=name[:20]).first).to_be_visible()
    expect(output).to_contain_text("7:00")   # hot dishes: order → ready
    expect(output).to_contain_text("2:00")   # the bar's
    snap(tablet, screenshot_dir, "reports-kitchen-owner-1280", full_page=True)

    # floor: approval, waiter call, bill → closed, table turn
    open_report(tablet, "floor")
    for seconds in (APPROVAL_S, CALL_ACK_S, BILL_TO_CLOSE_S, TURN_S):
        expect(output).to_contain_text(f"{seconds // 60}:{seconds % 60:02d}")

    # loyalty: new members in the range, per week
    open_report(tablet, "loyalty")
    new_members = len(facts.of("members", chain, FROM, TO))
    weeks = tablet.locator("[data-chart='weekly'] rect[data-value]")
    expect(weeks.first).to_be_visible()
    assert sum(int(weeks.nth(i).get_attribute("data-value")) for i in range(weeks.count())) == new_members
    snap(tablet, screenshot_dir, "reports-loyalty-owner-1280", full_page=True)


def test_the_manager_sees_only_their_branch_and_cannot_ask_for_another(tablet: Page, facts: Facts, http, screenshot_dir):
    sign_in(tablet, MANAGER, "/staff/")
    expect(tablet.locator(".staff-header__link[data-page='reports']")).to_be_visible()
    tablet.goto(f"/staff/reports?report=sales&from={FROM}&to={TO}")  # the page's short address
    expect(tablet).to_have_url(f"{tablet.url.split('/staff/')[0]}/staff/reports.html?report=sales&from={FROM}&to={TO}")
    shown(tablet, "sales", DOWNTOWN)
    branch = tablet.get_by_label("Branch", exact=True)
    expect(branch.locator("option")).to_have_text(["Comanda Downtown Lima"])
    expect(branch).to_be_disabled()
    expect(tablet.get_by_role("tab", name="Members")).to_have_count(0)
    assert kpi_values(tablet) == sales_figures(facts, (DOWNTOWN,))
    snap(tablet, screenshot_dir, "reports-sales-manager-1280", full_page=True)

    # another branch in the address: the page keeps to theirs; the API refuses it outright
    open_report(tablet, "product_mix", DOWNTOWN)
    tablet.goto(f"/staff/reports.html?report=sales&from={FROM}&to={TO}&branch={MIRAFLORES}")
    shown(tablet, "sales", DOWNTOWN)
    token = http.login(MANAGER)
    for report in ("sales", "product_mix", "heatmap", "kitchen", "floor", "loyalty", "members"):
        refused = http.post("/staff/reports/runs", {"report": report, "from": FROM, "to": TO, "branchId": MIRAFLORES}, token=token)
        assert refused.status == 403, (report, refused.body)
    chain_wide = http.post("/staff/reports/runs", {"report": "members", "from": FROM, "to": TO}, token=token)
    assert chain_wide.status == 403, chain_wide.body


def test_a_table_downloads_as_csv_with_amounts_as_decimals(tablet: Page, facts: Facts):
    sign_in(tablet, OWNER, "/staff/")
    open_report(tablet, "product_mix", DOWNTOWN)
    section = tablet.locator(".report-table").first
    name = section.get_attribute("data-table")
    with tablet.expect_download() as caught:
        section.get_by_role("button", name="Download CSV").click()
    download = caught.value
    assert download.suggested_filename == f"comanda-product_mix-{DOWNTOWN}-{FROM}_{TO}-{name}.csv"
    text = download.path().read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header == [th.get_attribute("data-column") for th in section.locator("thead th").all()]  # the SQL's names
    expect(section.locator("thead th[data-column='quantity']")).to_have_text("Quantity")  # the page's words
    assert len(body) == section.locator("tbody tr").count()
    revenue_at = next((i for i, c in enumerate(header) if c in ("revenue", "sales")), None)
    label_at = next((i for i, c in enumerate(header) if c in ("item_name", "item", "name")), None)
    if revenue_at is not None and label_at is not None:
        wanted = Counter()
        for row in facts.of("order_lines", (DOWNTOWN,), FROM, TO):
            wanted[row["item_name"]] += row["revenue"]
        got = {row[label_at]: row[revenue_at] for row in body if row[label_at] in wanted}
        assert got == {name: f"{minor / 100:.2f}" for name, minor in wanted.items()}  # "76.00", quoted names survive
    assert text.endswith("\r\n")


def test_the_page_reads_in_spanish(tablet: Page, facts: Facts, screenshot_dir):
    sign_in(tablet, OWNER, "/staff/")
    open_report(tablet, "sales", DOWNTOWN)
    tablet.locator("#reports-language").click()
    expect(tablet.get_by_role("heading", name="Informes", level=1)).to_be_visible()
    expect(tablet.get_by_role("tab")).to_have_text(["Ventas", "Mix de productos", "Horas", "Cocina", "Salón", "Fidelidad", "Socios"])
    expect(tablet.get_by_label("Desde", exact=True)).to_have_value(FROM)
    expect(tablet.get_by_label("Local", exact=True)).to_have_value(DOWNTOWN)
    expect(tablet.get_by_role("button", name="Últimos 7 días")).to_be_visible()
    expect(tablet.locator(".report-kpi[data-kpi='perGuest'] .report-kpi__label")).to_have_text("Ticket medio por comensal")
    expect(tablet.locator(".report-table__download").first).to_have_text("Descargar CSV")
    expect(tablet.locator(".report-table thead th[data-column='sales']").first).to_have_text("Ventas")
    tablet.get_by_role("tab", name="Horas").click()
    shown(tablet, "heatmap", DOWNTOWN)
    expect(tablet.locator("[data-chart='heatmap'] tbody th").first).to_have_text("lun")
    snap(tablet, screenshot_dir, "reports-heatmap-es-1280", full_page=True)
    assert_no_serious_violations(tablet, "the reports page in Spanish")


def test_a_waiter_has_no_reports(tablet: Page):
    sign_in(tablet, WAITER_ACCOUNT, "/staff/")
    expect(tablet.locator(".staff-header__link[data-page='pos']")).to_be_visible()
    expect(tablet.locator(".staff-header__link[data-page='reports']")).to_have_count(0)
    tablet.goto("/staff/reports.html")
    expect(tablet.locator("#reports-output")).to_have_text("Your account cannot see the reports.")


def test_a_bad_range_is_said_on_the_page_and_not_sent(tablet: Page, facts: Facts):
    sign_in(tablet, OWNER, "/staff/")
    open_report(tablet, "sales")
    runs: list[str] = []
    tablet.on("request", lambda request: runs.append(request.url) if request.method == "POST" else None)
    tablet.get_by_label("From", exact=True).fill("2025-02-10")
    expect(tablet.locator("#reports-error")).to_have_text("The start date must be on or before the end date.")
    expect(tablet.get_by_label("From", exact=True)).to_have_attribute("aria-invalid", "true")
    assert not [url for url in runs if url.endswith("/staff/reports/runs")]
