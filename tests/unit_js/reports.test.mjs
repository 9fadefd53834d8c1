// node --test tests/unit_js: the reports page's pure part (issue 19): ranges, which table each
// picture reads, the KPI figures, the heat map's grid, CSV and the progress line.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  VIEWS, addDays, barRows, bytesText, change, csvField, csvName, currencyDigits, dailySeries, daysBetween, decimal, duration,
  findTable, heatGrid, isMoneyColumn, isSecondsColumn, needsOf, percentilePairs, percentileRows, pickOf, pollDelay, previousRange,
  progressParts, quickRange, rangeProblem, salesFigures, shade, toCsv, weekRows,
} from "../../static-site/js/staff/reports/report-data.js";
import { PAGE_PERMISSIONS, mayOpen } from "../../static-site/js/staff/rights.js";

test("quick picks end today; months are whole calendar months", () => {
  assert.deepEqual(quickRange("last7", "2026-03-04"), { from: "2026-02-26", to: "2026-03-04" });
  assert.deepEqual(quickRange("last4w", "2026-03-04"), { from: "2026-02-05", to: "2026-03-04" });
  assert.deepEqual(quickRange("thisMonth", "2026-03-04"), { from: "2026-03-01", to: "2026-03-04" });
  assert.deepEqual(quickRange("lastMonth", "2026-03-04"), { from: "2026-02-01", to: "2026-02-28" });
  assert.deepEqual(quickRange("lastMonth", "2024-03-31"), { from: "2024-02-01", to: "2024-02-29" });
  assert.deepEqual(quickRange("lastMonth", "2026-01-15"), { from: "2025-12-01", to: "2025-12-31" });
  assert.equal(pickOf("2026-02-26", "2026-03-04", "2026-03-04"), "last7");
  assert.equal(pickOf("2026-02-25", "2026-03-04", "2026-03-04"), null);
});

test("the previous period has the same length and ends the day before", () => {
  assert.deepEqual(previousRange("2026-03-01", "2026-03-07"), { from: "2026-02-22", to: "2026-02-28" });
  assert.equal(daysBetween("2026-03-01", "2026-03-01"), 1);
  assert.equal(addDays("2024-02-28", 1), "2024-02-29");
  assert.equal(addDays("2026-03-29", 1), "2026-03-30"); // no daylight-saving drift: dates are UTC days
});

test("a range is refused before it is sent: empty, reversed, longer than 366 days", () => {
  assert.equal(rangeProblem("2026-03-01", "2026-03-07"), null);
  assert.equal(rangeProblem("", "2026-03-07"), "range.badFrom");
  assert.equal(rangeProblem("2026-03-01", "2026-02-30x"), "range.badTo");
  assert.equal(rangeProblem("2026-03-08", "2026-03-07"), "range.order");
  assert.equal(rangeProblem("2025-01-01", "2026-01-01"), null); // 366 days
  assert.equal(rangeProblem("2025-01-01", "2026-01-02"), "range.tooLong");
});

const daily = { columns: ["day", "sales", "orders", "guests", "sessions"], rows: [
  ["2026-03-01", 12000, 3, 4, 2], ["2026-03-03", 5000, 1, 2, 1]] };

test("a picture's table: by its names first, else any table with the columns it needs", () => {
  const tables = { totals_by_branch: { columns: ["branch_id", "x"], rows: [] }, per_day: daily };
  assert.equal(findTable(tables, ["daily"], needsOf({ chart: "dayBars", table: ["daily"] })), "per_day");
  assert.equal(findTable({ daily, other: daily }, ["daily"], [["day"]]), "daily");
  assert.equal(findTable(tables, ["daily"], [["nope"]]), null);
  assert.equal(findTable(null, ["daily"], []), null);
  for (const id of ["sales", "product_mix", "heatmap", "kitchen", "floor", "loyalty", "members"]) assert.ok(Array.isArray(VIEWS[id]), id);
});

test("KPI figures: sums, average check per table and per guest, change vs the previous period", () => {
  const now = salesFigures(daily);
  assert.deepEqual(now, { sales: 17000, orders: 4, guests: 6, tables: 3, perTable: 5667, perGuest: 2833 });
  const missing = salesFigures({ columns: ["day", "revenue"], rows: [["2026-03-01", "150"]] });
  assert.deepEqual(missing, { sales: 150, orders: null, guests: null, tables: null, perTable: null, perGuest: null });
  assert.equal(change(150, 100), 0.5);
  assert.equal(change(50, 0), null);
  assert.equal(change(null, 10), null);
});

test("daily series: every day of the range, with the previous period's same-position day", () => {
  const result = { report: "sales", from: "2026-03-01", to: "2026-03-03", currency: "PEN", tables: { daily },
    previous: { tables: { daily: { columns: ["day", "sales"], rows: [["2026-02-26", 700], ["2026-02-27", 100]] } } } };
  assert.deepEqual(dailySeries(result, "daily"), [
    { day: "2026-03-01", value: 12000, previousDay: "2026-02-26", previous: 700 },
    { day: "2026-03-02", value: 0, previousDay: "2026-02-27", previous: 100 },
    { day: "2026-03-03", value: 5000, previousDay: "2026-02-28", previous: 0 },
  ]);
  const alone = dailySeries({ ...result, previous: undefined }, "daily");
  assert.equal(alone[0].previous, null);
  const flat = { ...result, previous: result.previous.tables, previousRange: { from: "2026-02-26", to: "2026-02-28" } };
  assert.deepEqual(dailySeries(flat, "daily"), dailySeries(result, "daily")); // the API's shape: previous = the tables
});

test("bars, percentiles and weeks read their columns by name", () => {
  const items = { columns: ["item_name", "quantity", "revenue"], rows: [["Ceviche", 3, 11400], ["Lomo", 5, 9000], ["Chicha", 5, 1500]] };
  assert.deepEqual(barRows(items, "quantity").map((r) => r.label), ["Chicha", "Lomo", "Ceviche"]);
  assert.deepEqual(barRows(items, "revenue", 2), [{ label: "Ceviche", value: 11400 }, { label: "Lomo", value: 9000 }]);
  const floor = { columns: ["metric", "n", "p50_s", "p90_s"], rows: [["waiter_call_ack", 3, 45, 60], ["join_approval", 0, null, null]] };
  assert.deepEqual(percentilePairs(floor), [{ prefix: "", p50At: 2, p90At: 3 }]);
  assert.deepEqual(percentileRows(floor, percentilePairs(floor)[0]), [{ label: "waiter_call_ack", p50: 45, p90: 60 }]);
  const kitchen = { columns: ["item_id", "item_name", "lines", "ready_p50_s", "ready_p90_s", "served_p50_s", "served_p90_s"],
    rows: [["lomo", "Lomo", 4, 420, 600, 60, 90], ["chicha", "Chicha", 2, 120, 120, 30, 30]] };
  const pairs = percentilePairs(kitchen);
  assert.deepEqual(pairs.map((p) => p.prefix), ["ready", "served"]);
  assert.deepEqual(percentileRows(kitchen, pairs[1]), [{ label: "Lomo", p50: 60, p90: 90 }, { label: "Chicha", p50: 30, p90: 30 }]);
  const weeks = { columns: ["week", "new_members", "total_members"], rows: [["2026-03-09", 2, 7], ["2026-03-02", 5, 5]] };
  assert.deepEqual(weekRows(weeks), [{ week: "2026-03-02", value: 5, total: 5 }, { week: "2026-03-09", value: 2, total: 7 }]);
});

test("the heat map sums hour × weekday, shows at least six busy-or-neighbouring hours, shades in five steps", () => {
  const table = { columns: ["weekday", "hour", "sales"], rows: [[1, 13, 100], [1, 13, 50], [7, 20, 300], [9, 13, 999], [2, 25, 1]] };
  const grid = heatGrid(table);
  assert.equal(grid.cells[0][13], 150);
  assert.equal(grid.cells[6][20], 300);
  assert.deepEqual(grid.hours, [13, 14, 15, 16, 17, 18, 19, 20]);
  assert.equal(grid.max, 300);
  assert.equal(grid.column, "sales");
  assert.deepEqual(heatGrid({ columns: ["weekday", "hour", "orders"], rows: [[3, 23, 1]] }).hours, [18, 19, 20, 21, 22, 23]);
  assert.deepEqual([0, 1, 60, 61, 300].map((v) => shade(v, 300)), [0, 1, 1, 2, 5]);
});

test("money columns become decimals in the currency's units in the CSV; text is quoted as RFC 4180 says", () => {
  assert.equal(isMoneyColumn("revenue"), true);
  assert.equal(isMoneyColumn("bill_total"), true);
  assert.equal(isMoneyColumn("avg_check_per_guest"), true);
  assert.equal(isMoneyColumn("total_members"), false);
  assert.equal(isMoneyColumn("tips"), true);
  assert.equal(isMoneyColumn("avg_check_table"), true);
  assert.equal(isMoneyColumn("times_86d"), false);
  assert.equal(isMoneyColumn("orders"), false);
  assert.equal(isMoneyColumn("quantity"), false);
  assert.equal(isSecondsColumn("p90_s"), true);
  assert.equal(isSecondsColumn("p50"), true);
  assert.equal(isSecondsColumn("sessions"), false);
  assert.equal(currencyDigits("PEN"), 2);
  assert.equal(currencyDigits("CLP"), 0);
  assert.equal(decimal(123450, 2), "1234.50");
  assert.equal(decimal(-5, 2), "-0.05");
  assert.equal(decimal(7, 0), "7");
  assert.equal(csvField('Pisco "sour", doble'), '"Pisco ""sour"", doble"');
  assert.equal(csvField("line\nbreak"), '"line\nbreak"');
  assert.equal(csvField("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  assert.equal(csvField("-12.5"), "-12.5");
  assert.equal(csvField(null), "");
  const csv = toCsv({ columns: ["item_name", "quantity", "revenue"], rows: [["Ají de gallina, grande", 2, 7600], ["Té", 1, null]] }, "PEN");
  assert.equal(csv, 'item_name,quantity,revenue\r\n"Ají de gallina, grande",2,76.00\r\nTé,1,\r\n');
  assert.equal(csvName("product_mix", "br_downtown-lima", "2026-03-01", "2026-03-07", "items"),
    "comanda-product_mix-br_downtown-lima-2026-03-01_2026-03-07-items.csv");
});

test("a run's progress line: step, seconds, data scanned; polls slow down to every 2 s", () => {
  assert.deepEqual(progressParts({ step: 2, steps: 3, elapsedMs: 1530, bytesScanned: 1_572_864 }),
    { step: 2, steps: 3, seconds: "1.5", scanned: "1.5 MB" });
  assert.equal(progressParts(undefined), null);
  assert.equal(bytesText(512), "512 B");
  assert.equal(bytesText(20 * 1024 * 1024), "20 MB");
  assert.equal(duration(75), "1:15");
  assert.equal(duration(3725), "1:02:05");
  assert.equal(pollDelay(0), 400);
  assert.equal(pollDelay(100), 2000);
});

test("the Reports link: owners and managers (view_reports), nobody else", () => {
  assert.equal(PAGE_PERMISSIONS.reports, "view_reports");
  assert.equal(mayOpen({ permissions: ["view_floor", "view_reports"] }, "reports"), true);
  assert.equal(mayOpen({ permissions: ["view_floor"] }, "reports"), false);
});

test("the tables docs/reports.md names are the ones each picture reads first", () => {
  const result = {
    sales_summary: { columns: ["tables", "guests", "orders", "sales", "tips", "avg_check_table", "avg_check_guest"], rows: [[3, 6, 4, 17000, 0, 5667, 2833]] },
    sales_by_day: { columns: ["day", "branch_id", "tables", "guests", "orders", "sales"], rows: [] },
  };
  assert.equal(findTable(result, VIEWS.sales[0].table, needsOf(VIEWS.sales[0])), "sales_summary");
  assert.equal(findTable(result, VIEWS.sales[1].table, needsOf(VIEWS.sales[1])), "sales_by_day");
  assert.deepEqual(salesFigures(result.sales_summary), { sales: 17000, orders: 4, guests: 6, tables: 3, perTable: 5667, perGuest: 2833 });
});

test("English and Spanish have the same texts", async () => {
  const { texts: en } = await import("../../static-site/js/i18n/reports-en.js");
  const { texts: es } = await import("../../static-site/js/i18n/reports-es.js");
  assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
});
