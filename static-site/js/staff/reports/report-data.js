// @ts-check
/**
 * The reports page's pure part (issue 19, docs/reports.md): date ranges and their quick picks,
 * which of a result's `tables` (columns + rows, as the SQL returned them) each picture is drawn
 * from, the figures of the KPI tiles, the heat map's grid, the CSV of a table, and the words of
 * a run's progress. No DOM here (node --test tests/unit_js/reports.test.mjs).
 *
 * The page is driven by the tables the server sends, not by fixed names: each report has a small
 * description (VIEWS) of the pictures it draws and, for each, the table names and columns it
 * looks for (first match wins, else the first table that has the columns). A table the page has
 * no picture for is still shown as a table with its CSV.
 */

/** @typedef {{columns: string[], rows: unknown[][]}} Table */
/** @typedef {Record<string, Table>} Tables */
/** @typedef {{report: string, from: string, to: string, branchId?: string | null, currency: string, tables: Tables,
 *   previous?: Tables | {tables: Tables} | null, previousRange?: {from: string, to: string}}} Result */
/** @typedef {{step?: number, steps?: number, elapsedMs?: number, bytesScanned?: number}} Progress */

const DAY_MS = 86_400_000;

/** @param {string} day "YYYY-MM-DD" @returns {number} UTC midnight of that date */
const toTime = (day) => Date.parse(`${day}T00:00:00Z`);
/** @param {number} time @returns {string} */
const toDay = (time) => new Date(time).toISOString().slice(0, 10);

/** @param {string} day @param {number} days */
export function addDays(day, days) {
  return toDay(toTime(day) + days * DAY_MS);
}

/** Inclusive count of days from `from` to `to`. @param {string} from @param {string} to */
export function daysBetween(from, to) {
  return Math.round((toTime(to) - toTime(from)) / DAY_MS) + 1;
}

/** Every date of the range, in order. @param {string} from @param {string} to @returns {string[]} */
export function daysOf(from, to) {
  const out = [];
  for (let day = from; day <= to && out.length < 400; day = addDays(day, 1)) out.push(day);
  return out;
}

/** Today's date where the page runs ("YYYY-MM-DD", local). @param {Date} [now] */
export function localToday(now = new Date()) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const QUICK_PICKS = /** @type {const} */ (["last7", "last4w", "thisMonth", "lastMonth"]);

/**
 * The range of a quick pick, ending today (inclusive).
 * @param {typeof QUICK_PICKS[number]} pick @param {string} today "YYYY-MM-DD"
 * @returns {{from: string, to: string}}
 */
export function quickRange(pick, today) {
  if (pick === "last7") return { from: addDays(today, -6), to: today };
  if (pick === "last4w") return { from: addDays(today, -27), to: today };
  const firstOfMonth = `${today.slice(0, 8)}01`;
  if (pick === "thisMonth") return { from: firstOfMonth, to: today };
  const lastOfPrevious = addDays(firstOfMonth, -1);
  return { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious };
}

/** The quick pick a range is, if any. @param {string} from @param {string} to @param {string} today */
export function pickOf(from, to, today) {
  return QUICK_PICKS.find((pick) => {
    const range = quickRange(pick, today);
    return range.from === from && range.to === to;
  }) || null;
}

/** The period of equal length just before the range (what `previous` holds). @param {string} from @param {string} to */
export function previousRange(from, to) {
  const length = daysBetween(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

export const MAX_DAYS = 366;

/**
 * What is wrong with a range before it is sent (the server checks again): a key of the page's
 * texts, or null. @param {string} from @param {string} to
 */
export function rangeProblem(from, to) {
  const valid = (/** @type {string} */ d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(toTime(d));
  if (!valid(from)) return "range.badFrom";
  if (!valid(to)) return "range.badTo";
  if (from > to) return "range.order";
  if (daysBetween(from, to) > MAX_DAYS) return "range.tooLong";
  return null;
}

// -- which table, which column ---------------------------------------------------------------

/**
 * The index of the first of `names` among the columns (exact, case-insensitive), else -1.
 * @param {Table | null | undefined} table @param {readonly string[]} names
 */
export function columnIndex(table, names) {
  if (!table) return -1;
  const lower = table.columns.map((c) => c.toLowerCase());
  for (const name of names) {
    const at = lower.indexOf(name.toLowerCase());
    if (at >= 0) return at;
  }
  return -1;
}

/**
 * The table a picture is drawn from: the first of `names` that the result holds and that has
 * every column group in `needs`; else the first table (in the result's order) that has them.
 * @param {Tables | null | undefined} tables @param {readonly string[]} names @param {readonly (readonly string[])[]} needs
 * @returns {string | null} its name
 */
export function findTable(tables, names, needs) {
  if (!tables) return null;
  const fits = (/** @type {string} */ name) => Boolean(tables[name]) && needs.every((group) => columnIndex(tables[name], group) >= 0);
  return names.find(fits) || Object.keys(tables).find(fits) || null;
}

/** A cell as a number (null, "", text: 0). @param {unknown} value */
export function num(value) {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) ? n : 0;
}

// The columns of each kind of figure, by the names the SQL may give them.
export const COLUMNS = {
  day: ["day", "date", "business_day"],
  week: ["week", "week_start", "week_of"],
  sales: ["sales", "revenue", "net_sales", "total_sales", "bill_total", "amount"],
  orders: ["orders", "order_count", "orders_count"],
  guests: ["guests", "covers", "guest_count"],
  tables: ["tables", "sessions", "checks", "table_sessions", "session_count"],
  hour: ["hour", "hour_of_day"],
  weekday: ["weekday", "iso_weekday", "dow"],
  heat: ["sales", "revenue", "orders", "quantity", "count"],
  label: ["item_name", "item", "name", "category_name", "category", "category_id", "station_id", "station", "option_name",
    "measure", "metric", "waiter_id", "waiter", "label"],
  quantity: ["quantity", "qty", "units", "count"],
  revenue: ["revenue", "sales", "amount"],
  newMembers: ["new_members", "new", "signups", "members_new"],
  members: ["total_members", "members_total", "members_to_date"],
  returning: ["returning_members", "returning", "returning_visits", "visits"],
};

/**
 * The pictures of each report: which chart, from which table (names tried first: those of
 * docs/reports.md "The tables of each report") and columns; `title` a key of the page's texts.
 * @typedef {{chart: "kpis" | "dayBars" | "tiles", table: string[]}
 *   | {chart: "hbars", table: string[], value: "quantity" | "revenue", title: string}
 *   | {chart: "heatmap", table: string[]}
 *   | {chart: "percentiles", table: string[]}
 *   | {chart: "weekBars", table: string[]}} View
 * @type {Record<string, View[]>}
 */
export const VIEWS = {
  sales: [
    { chart: "kpis", table: ["sales_summary", "totals", "summary", "sales_by_day", "daily"] },
    { chart: "dayBars", table: ["sales_by_day", "daily", "by_day"] },
  ],
  product_mix: [
    { chart: "hbars", table: ["product_mix_items", "items", "by_item"], value: "quantity", title: "chart.quantity" },
    { chart: "hbars", table: ["product_mix_items", "items", "by_item"], value: "revenue", title: "chart.revenue" },
    { chart: "hbars", table: ["product_mix_categories", "categories", "by_category"], value: "revenue", title: "chart.categories" },
    { chart: "hbars", table: ["options"], value: "quantity", title: "chart.options" },
  ],
  heatmap: [{ chart: "heatmap", table: ["heatmap", "hour_weekday"] }],
  kitchen: [
    { chart: "percentiles", table: ["kitchen_by_dish", "by_item", "by_dish"] },
    { chart: "percentiles", table: ["kitchen_by_station", "by_station"] },
  ],
  floor: [{ chart: "percentiles", table: ["floor_summary", "floor"] }],
  loyalty: [
    { chart: "tiles", table: ["loyalty_summary"] },
    { chart: "weekBars", table: ["loyalty_weeks", "weekly", "by_week"] },
  ],
  members: [],
};

/** The column groups a chart needs. @param {View} view @returns {readonly (readonly string[])[]} */
export function needsOf(view) {
  switch (view.chart) {
    case "kpis": return [COLUMNS.sales];
    case "dayBars": return [COLUMNS.day, COLUMNS.sales];
    case "hbars": return [COLUMNS.label, view.value === "quantity" ? COLUMNS.quantity : COLUMNS.revenue];
    case "heatmap": return [COLUMNS.hour, COLUMNS.weekday, COLUMNS.heat];
    case "percentiles": return [COLUMNS.label];
    case "weekBars": return [COLUMNS.week, COLUMNS.newMembers];
    case "tiles": return [];
    default: return [];
  }
}

// -- figures -----------------------------------------------------------------------------------

/**
 * The previous period's tables: `previous` is the tables by name (as the API sends it), or
 * `{tables}` (as a Result nests them); null when the report has none.
 * @param {Result} result @returns {Tables | null}
 */
export function previousTables(result) {
  const previous = /** @type {any} */ (result.previous);
  if (!previous || typeof previous !== "object") return null;
  const nested = previous.tables;
  return nested && typeof nested === "object" && !Array.isArray(nested.columns) ? nested : previous;
}

/** @param {Table | null | undefined} table @param {readonly string[]} names */
export function columnSum(table, names) {
  const at = columnIndex(table, names);
  if (!table || at < 0) return null;
  return table.rows.reduce((sum, row) => sum + num(row[at]), 0);
}

/**
 * The KPI tiles of the sales report from one period's table (a one-row totals table or the
 * daily rows summed): sales (minor units), orders, guests, tables, the average check per table
 * and per guest (minor units, rounded). A figure the table lacks is null.
 * @param {Table | null | undefined} table
 */
export function salesFigures(table) {
  const sales = columnSum(table, COLUMNS.sales);
  const orders = columnSum(table, COLUMNS.orders);
  const guests = columnSum(table, COLUMNS.guests);
  const tables = columnSum(table, COLUMNS.tables);
  const per = (/** @type {number | null} */ total, /** @type {number | null} */ count) =>
    total === null || !count ? null : Math.round(total / count);
  return { sales, orders, guests, tables, perTable: per(sales, tables), perGuest: per(sales, guests) };
}

/** The change from `before` to `now`, as a fraction (0.25 = +25 %); null when it has no meaning. @param {number | null} now @param {number | null} before */
export function change(now, before) {
  if (now === null || before === null || before === 0) return null;
  return (now - before) / before;
}

/**
 * The daily bars: one per date of the range (0 for a day without sales) with the previous
 * period's same-position day beside it.
 * @param {Result} result @param {string} tableName
 * @returns {{day: string, value: number, previousDay: string, previous: number | null}[]}
 */
export function dailySeries(result, tableName) {
  const byDay = (/** @type {Table | undefined} */ table) => {
    /** @type {Map<string, number>} */
    const out = new Map();
    const dayAt = columnIndex(table, COLUMNS.day);
    const valueAt = columnIndex(table, COLUMNS.sales);
    if (!table || dayAt < 0 || valueAt < 0) return null;
    for (const row of table.rows) {
      const day = String(row[dayAt]).slice(0, 10);
      out.set(day, (out.get(day) || 0) + num(row[valueAt]));
    }
    return out;
  };
  const now = byDay(result.tables[tableName]) || new Map();
  const before = byDay(previousTables(result)?.[tableName]);
  const previous = result.previousRange || previousRange(result.from, result.to);
  return daysOf(result.from, result.to).map((day, i) => {
    const previousDay = addDays(previous.from, i);
    return { day, value: now.get(day) || 0, previousDay, previous: before ? before.get(previousDay) || 0 : null };
  });
}

/**
 * Rows for horizontal bars: label and value, largest first, at most `limit`.
 * @param {Table} table @param {"quantity" | "revenue"} value @param {number} [limit]
 */
export function barRows(table, value, limit = 12) {
  const labelAt = columnIndex(table, COLUMNS.label);
  const valueAt = columnIndex(table, value === "quantity" ? COLUMNS.quantity : COLUMNS.revenue);
  return table.rows.map((row) => ({ label: String(row[labelAt] ?? "—"), value: num(row[valueAt]) }))
    .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label)).slice(0, limit);
}

/**
 * The heat map: weekday (1 Monday … 7 Sunday) × hour, summed, and the hours that have any value
 * (at least 6 shown, contiguous from the first to the last busy hour).
 * @param {Table} table
 * @returns {{hours: number[], cells: number[][], max: number, column: string}}  cells[weekday - 1][hour]
 */
export function heatGrid(table) {
  const hourAt = columnIndex(table, COLUMNS.hour);
  const dayAt = columnIndex(table, COLUMNS.weekday);
  const valueAt = columnIndex(table, COLUMNS.heat);
  const cells = Array.from({ length: 7 }, () => Array(24).fill(0));
  for (const row of table.rows) {
    const hour = num(row[hourAt]);
    const weekday = num(row[dayAt]);
    if (hour < 0 || hour > 23 || weekday < 1 || weekday > 7) continue;
    cells[weekday - 1][hour] += num(row[valueAt]);
  }
  const busy = [];
  for (let hour = 0; hour < 24; hour += 1) if (cells.some((day) => day[hour] > 0)) busy.push(hour);
  let first = busy.length ? busy[0] : 11;
  let last = busy.length ? busy[busy.length - 1] : 16;
  while (last - first < 5) {
    if (last < 23) last += 1;
    else first -= 1;
  }
  const hours = [];
  for (let hour = first; hour <= last; hour += 1) hours.push(hour);
  const max = Math.max(0, ...cells.flat());
  return { hours, cells, max, column: table.columns[valueAt] };
}

/**
 * A cell's shade step (0 = empty … 5 = the busiest), so colour is drawn from a short ramp of
 * contrasting steps and the number is always printed in the cell too. @param {number} value @param {number} max
 */
export function shade(value, max) {
  if (!max || value <= 0) return 0;
  return Math.min(5, Math.max(1, Math.ceil((value / max) * 5)));
}

/**
 * The p50/p90 column pairs of a table: `p50_s`/`p90_s` (prefix ""), `ready_p50_s`/`ready_p90_s`
 * (prefix "ready"), … in the table's order.
 * @param {Table} table @returns {{prefix: string, p50At: number, p90At: number}[]}
 */
export function percentilePairs(table) {
  const pairs = [];
  for (const [p50At, column] of table.columns.entries()) {
    const match = /^(.*?)_?p50(_s|_seconds)?$/i.exec(column);
    if (!match) continue;
    const p90At = table.columns.findIndex((c) => c.toLowerCase() === column.toLowerCase().replace("p50", "p90"));
    if (p90At >= 0) pairs.push({ prefix: match[1], p50At, p90At });
  }
  return pairs;
}

/**
 * Rows for p50/p90 bars (seconds) of one pair: label, p50, p90, slowest p90 first; a row with
 * neither figure (nothing measured) is left out.
 * @param {Table} table @param {{p50At: number, p90At: number}} pair
 */
export function percentileRows(table, pair, limit = 15) {
  const labelAt = columnIndex(table, COLUMNS.label);
  const seriesAt = table.columns.findIndex((c, i) => i !== labelAt && /^(step|stage|phase|kind|interval)$/i.test(c));
  const given = (/** @type {unknown} */ v) => v !== null && v !== undefined && v !== "";
  return table.rows.filter((row) => given(row[pair.p50At]) || given(row[pair.p90At])).map((row) => ({
    label: seriesAt >= 0 ? `${row[labelAt] ?? "—"} · ${row[seriesAt] ?? ""}` : String(row[labelAt] ?? "—"),
    p50: num(row[pair.p50At]), p90: num(row[pair.p90At]),
  })).sort((a, b) => b.p90 - a.p90 || a.label.localeCompare(b.label)).slice(0, limit);
}

/**
 * The weekly loyalty bars: week, new members, and the running total when the table has it.
 * @param {Table} table
 */
export function weekRows(table) {
  const weekAt = columnIndex(table, COLUMNS.week);
  const newAt = columnIndex(table, COLUMNS.newMembers);
  const totalAt = columnIndex(table, COLUMNS.members);
  return table.rows.map((row) => ({
    week: String(row[weekAt]).slice(0, 10), value: num(row[newAt]), total: totalAt >= 0 ? num(row[totalAt]) : null,
  })).sort((a, b) => a.week.localeCompare(b.week));
}

// -- kinds of column -------------------------------------------------------------------------

/** Amounts in minor units, by the column's name. @param {string} column */
export function isMoneyColumn(column) {
  return /(^|_)(sales|revenue|amount|total|tip|tips|price|check|paid|bill|void_amount|average_check|avg_check|spend)(_|$)/i.test(column)
    && !/(_count|_ts|_s|_seconds|^members$|members_total|total_members|orders|guests)$/i.test(column);
}

/** Durations in seconds, by the column's name. @param {string} column */
export function isSecondsColumn(column) {
  return /(^p\d\d$|^p\d\d_|_s$|_seconds$|^median|_secs$)/i.test(column);
}

/** The fraction digits of a currency (PEN 2, CLP 0). @param {string} currency */
export function currencyDigits(currency) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Minor units as a plain decimal ("1234.50"), for CSV. @param {number} minor @param {number} digits */
export function decimal(minor, digits) {
  const negative = minor < 0;
  const whole = Math.round(Math.abs(minor));
  if (!digits) return `${negative ? "-" : ""}${whole}`;
  const scale = 10 ** digits;
  const text = `${Math.floor(whole / scale)}.${String(whole % scale).padStart(digits, "0")}`;
  return negative && whole ? `-${text}` : text;
}

/** Seconds as "m:ss" (or "h:mm:ss"). @param {number} seconds */
export function duration(seconds) {
  const total = Math.round(Math.max(0, seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

// -- CSV -------------------------------------------------------------------------------------

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge space; a
 * text that a spreadsheet would run as a formula (= + - @ at its start) gets a leading '.
 * @param {unknown} value */
export function csvField(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A table as CSV text (CRLF lines, a header row): amounts (isMoneyColumn) as decimals in the
 * currency's units, everything else as the server sent it.
 * @param {Table} table @param {string} currency
 */
export function toCsv(table, currency) {
  const digits = currencyDigits(currency);
  const money = table.columns.map(isMoneyColumn);
  const lines = [table.columns.map(csvField).join(",")];
  for (const row of table.rows) {
    lines.push(table.columns.map((_, i) => {
      const value = row[i];
      return money[i] && typeof value === "number" ? decimal(value, digits) : csvField(value);
    }).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * The download's file name: report, scope, range and table, in safe characters.
 * @param {string} report @param {string} scope a branch id or "chain" @param {string} from @param {string} to @param {string} table
 */
export function csvName(report, scope, from, to, table) {
  const safe = (/** @type {string} */ s) => s.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "");
  return `comanda-${safe(report)}-${safe(scope)}-${from}_${to}-${safe(table)}.csv`;
}

// -- progress --------------------------------------------------------------------------------

/** Bytes in a short unit ("1.4 MB"). @param {number} bytes */
export function bytesText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * The parts of a running run's progress line: step n of m, seconds elapsed, data scanned.
 * @param {Progress | undefined} progress
 * @returns {{step: number, steps: number, seconds: string, scanned: string} | null}
 */
export function progressParts(progress) {
  if (!progress) return null;
  return {
    step: Math.max(0, num(progress.step)), steps: Math.max(0, num(progress.steps)),
    seconds: (num(progress.elapsedMs) / 1000).toFixed(1), scanned: bytesText(Math.max(0, num(progress.bytesScanned))),
  };
}

/** How long to wait before the next poll of a run: quick at first, then every 2 s. @param {number} polls */
export function pollDelay(polls) {
  return Math.min(2000, 400 + polls * 300);
}
