// @ts-check
/**
 * The reports page (issue 19), staff/reports.html (/staff/reports leads here): an owner sees the
 * chain and every branch, a manager their branches only (the server decides: GET /staff/reports
 * lists the reports and branches this person may ask for, and checks every run again).
 *
 * Every change of report, range or branch starts a run (POST /staff/reports/runs); a cached
 * answer draws at once, a running one is polled (GET /staff/reports/runs/{runId}) with its
 * progress said in the status line; an older run's late answer is dropped. The result's tables
 * are drawn as pictures (charts.js, as VIEWS in report-data.js describes) and each is shown as a
 * table with its own CSV download. Money: integer minor units in the result's currency.
 */
import { createApi, ApiError } from "../../lib/api.js";
import { h, replace } from "../../lib/dom.js";
import { chooseLanguage, currentLanguage, setLanguage, t, translate, useDictionary } from "../../lib/i18n.js";
import { formatMoney, moneyLocale } from "../../lib/money.js";
import { texts as en } from "../../i18n/reports-en.js";
import { texts as es } from "../../i18n/reports-es.js";
import { forgetSignIn, storedSignIn } from "../auth-store.js";
import { holds } from "../rights.js";
import { dayBars, hBars, heatMap, percentileBars, weekBars } from "./charts.js";
import {
  QUICK_PICKS, VIEWS, barRows, change, csvName, dailySeries, duration, findTable, heatGrid, isMoneyColumn, isSecondsColumn,
  localToday, needsOf, num, percentilePairs, previousTables, percentileRows, pickOf, pollDelay, previousRange, progressParts, quickRange,
  rangeProblem, salesFigures, toCsv, weekRows,
} from "./report-data.js";

/** @typedef {import("./report-data.js").Result} Result */
/** @typedef {import("./report-data.js").Table} Table */

useDictionary({ en, es });
chooseLanguage(["es", "en"]);

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const main = byId("reports-main");
const controls = byId("reports-controls");
const status = byId("reports-status");
const errorLine = byId("reports-error");
const output = byId("reports-output");
const { signIn } = storedSignIn();
const api = createApi({
  getToken: () => signIn?.token || null,
  onUnauthorized: () => {
    forgetSignIn();
    location.assign("/staff/");
  },
});

const POLL_LIMIT_MS = 5 * 60_000;

const params = new URLSearchParams(location.search);
const today = localToday();
const firstRange = quickRange("last7", today);
const state = {
  /** @type {{id: string, title: string}[]} */ reports: [],
  /** @type {{id: string, name: string}[]} */ branches: [],
  chainAllowed: false,
  report: params.get("report") || "sales",
  from: params.get("from") || firstRange.from,
  to: params.get("to") || firstRange.to,
  branchId: params.get("branch") || "",
  /** @type {Result | null} */ result: null,
  cached: false,
  /** which run the page waits for: a newer one makes an older one's answer moot */
  generation: 0,
  /** what the result shown was asked for: "report|branchId|from|to" (output's data-shown) */
  shown: "",
};

/** @param {string} text */
function say(text) {
  errorLine.hidden = true;
  status.textContent = text;
}

/** @param {string} text */
function fail(text) {
  status.textContent = "";
  errorLine.textContent = text;
  errorLine.hidden = false;
  main.setAttribute("aria-busy", "false");
}

/** @param {unknown} error */
const messageOf = (error) => (error instanceof ApiError || error instanceof Error ? error.message : String(error));

const reportTitle = (/** @type {string} */ id) => {
  const key = `report.${id}`;
  const text = t(key);
  return text === key ? state.reports.find((r) => r.id === id)?.title || id : text;
};

const tableTitle = (/** @type {string} */ name) => {
  const key = `tableName.${name}`;
  const text = t(key);
  return text === key ? name.replace(/_/g, " ") : text;
};

function scopeName() {
  if (state.branchId) return state.branches.find((b) => b.id === state.branchId)?.name || state.branchId;
  return state.chainAllowed ? t("scope.chain") : t("scope.mine");
}

/** Dates as the page's language writes them, short. @param {string} day */
const dayLabel = (day) => new Date(`${day}T12:00:00Z`).toLocaleDateString(currentLanguage(), { day: "numeric", month: "short", timeZone: "UTC" });

// -- the controls ------------------------------------------------------------------------------

function drawControls() {
  const tabs = h("div", { class: "report-tabs", role: "tablist", "aria-label": t("reports.tabs") }, state.reports.map((report) => {
    const selected = report.id === state.report;
    return h("button", {
      type: "button", role: "tab", class: "report-tabs__tab", id: `tab-${report.id}`, "data-report": report.id,
      "aria-selected": String(selected), "aria-controls": "reports-output", tabindex: selected ? "0" : "-1",
      text: reportTitle(report.id), onclick: () => choose({ report: report.id }),
      onkeydown: (/** @type {KeyboardEvent} */ event) => moveTab(event, report.id),
    });
  }));
  const from = h("input", { type: "date", id: "report-from", name: "from", value: state.from, max: state.to, required: true });
  const to = h("input", { type: "date", id: "report-to", name: "to", value: state.to, min: state.from, required: true });
  from.addEventListener("change", () => choose({ from: from.value }));
  to.addEventListener("change", () => choose({ to: to.value }));
  const current = pickOf(state.from, state.to, today);
  const quick = h("div", { class: "report-quick", role: "group", "aria-label": t("filters.quick") }, QUICK_PICKS.map((pick) => h("button", {
    type: "button", class: "button button--secondary report-quick__pick", "data-pick": pick, "aria-pressed": String(current === pick),
    text: t(`quick.${pick}`), onclick: () => choose(quickRange(pick, today)),
  })));
  const options = [
    ...(state.chainAllowed ? [h("option", { value: "", text: t("filters.chain") })]
      : state.branches.length > 1 ? [h("option", { value: "", text: t("filters.mine") })] : []),
    ...state.branches.map((b) => h("option", { value: b.id, text: b.name })),
  ];
  const branch = h("select", { id: "report-branch", name: "branch", disabled: options.length <= 1 }, options);
  output.setAttribute("aria-labelledby", `tab-${state.report}`);
  branch.value = state.branchId;
  branch.addEventListener("change", () => choose({ branchId: branch.value }));
  replace(controls, [
    tabs,
    h("fieldset", { class: "report-filters" }, [
      h("legend", { class: "visually-hidden", text: t("filters.label") }),
      h("div", { class: "field" }, [h("label", { for: "report-from", text: t("filters.from") }), from]),
      h("div", { class: "field" }, [h("label", { for: "report-to", text: t("filters.to") }), to]),
      h("div", { class: "field" }, [h("label", { for: "report-branch", text: t("filters.branch") }), branch]),
      quick,
    ]),
  ]);
}

/** Arrow keys move between the tabs (the tab pattern). @param {KeyboardEvent} event @param {string} id */
function moveTab(event, id) {
  const ids = state.reports.map((r) => r.id);
  const at = ids.indexOf(id);
  const next = event.key === "ArrowRight" ? ids[(at + 1) % ids.length] : event.key === "ArrowLeft" ? ids[(at - 1 + ids.length) % ids.length]
    : event.key === "Home" ? ids[0] : event.key === "End" ? ids[ids.length - 1] : null;
  if (!next) return;
  event.preventDefault();
  choose({ report: next });
  byId(`tab-${next}`)?.focus();
}

/** A change of report, range or branch: the URL remembers it, and a run starts. @param {Partial<typeof state>} change */
function choose(change) {
  const focused = document.activeElement?.id;
  Object.assign(state, change);
  const url = new URL(location.href);
  url.searchParams.set("report", state.report);
  url.searchParams.set("from", state.from);
  url.searchParams.set("to", state.to);
  if (state.branchId) url.searchParams.set("branch", state.branchId);
  else url.searchParams.delete("branch");
  history.replaceState(null, "", url.pathname + url.search);
  drawControls();
  if (focused) byId(focused)?.focus();
  void run();
}

// -- runs --------------------------------------------------------------------------------------

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {import("./report-data.js").Progress | undefined} progress */
function sayProgress(progress) {
  const parts = progressParts(progress);
  if (!parts) say(t("run.running"));
  else if (parts.steps) say(t("run.progress", parts));
  else say(t("run.progressShort", parts));
}

async function run() {
  const generation = ++state.generation;
  const problem = rangeProblem(state.from, state.to);
  const input = problem === "range.badFrom" || problem === "range.order" ? "report-from" : problem ? "report-to" : null;
  for (const id of ["report-from", "report-to"]) {
    if (id === input) byId(id)?.setAttribute("aria-invalid", "true");
    else byId(id)?.removeAttribute("aria-invalid");
  }
  if (problem) {
    fail(t(problem));
    return;
  }
  main.setAttribute("aria-busy", "true");
  output.classList.add("reports-output--stale");
  output.dataset.running = `${state.report}|${state.branchId}|${state.from}|${state.to}`;
  say(t("run.running"));
  const body = { report: state.report, from: state.from, to: state.to, ...(state.branchId ? { branchId: state.branchId } : {}) };
  try {
    let reply = await api.post("/staff/reports/runs", body);
    const started = Date.now();
    let polls = 0;
    while (reply.state === "running") {
      if (generation !== state.generation) return;
      sayProgress(reply.progress);
      if (Date.now() - started > POLL_LIMIT_MS) throw new Error(t("run.timeout"));
      await sleep(pollDelay(polls));
      polls += 1;
      if (generation !== state.generation) return;
      reply = await api.get(`/staff/reports/runs/${encodeURIComponent(reply.runId)}`);
    }
    if (generation !== state.generation) return;
    if (reply.state === "failed") throw new Error(reply.error?.message || reply.error?.code || "failed");
    state.result = reply.result;
    state.cached = polls === 0;
    state.shown = `${body.report}|${body.branchId || ""}|${body.from}|${body.to}`;
    drawResult();
  } catch (error) {
    if (generation !== state.generation) return;
    fail(t("run.failed", { message: messageOf(error) }));
    output.classList.remove("reports-output--stale");
  }
}

// -- the result --------------------------------------------------------------------------------

function drawResult() {
  const result = state.result;
  if (!result) return;
  const currency = result.currency || "PEN";
  const money = (/** @type {number} */ n) => formatMoney(Math.round(n), currency);
  const views = VIEWS[result.report] || [];
  /** @type {(HTMLElement | HTMLElement[] | null)[]} */
  const pictures = [];
  for (const view of views) {
    const name = findTable(result.tables, view.table, needsOf(view));
    if (!name) continue;
    const table = result.tables[name];
    if (!table.rows.length && view.chart !== "dayBars" && view.chart !== "kpis" && view.chart !== "tiles") continue;
    pictures.push(drawView(view, name, table, result, money));
  }
  const names = Object.keys(result.tables || {});
  const empty = names.every((name) => !result.tables[name].rows.length);
  const range = { report: reportTitle(result.report), from: result.from, to: result.to, scope: scopeName() };
  replace(output, [
    h("h2", { class: "reports-output__title", id: "reports-output-title", text: `${reportTitle(result.report)} · ${scopeName()}` }),
    empty ? h("p", { class: "notice", text: t("empty.noData") }) : null,
    ...pictures.flat(),
    ...names.map((name) => dataTable(name, result.tables[name], result)),
  ]);
  output.classList.remove("reports-output--stale");
  output.dataset.shown = state.shown;
  say(t(state.cached ? "run.cached" : "run.done", range));
  main.setAttribute("aria-busy", "false");
}

/**
 * @param {import("./report-data.js").VIEWS[string][number]} view @param {string} name @param {Table} table
 * @param {Result} result @param {(n: number) => string} money
 */
function drawView(view, name, table, result, money) {
  const countText = (/** @type {number} */ n) => new Intl.NumberFormat(currentLanguage()).format(n);
  switch (view.chart) {
    case "kpis": return kpiTiles(table, previousTables(result)?.[name] || null, money);
    case "dayBars": {
      const previous = result.previousRange || previousRange(result.from, result.to);
      const minorPerUnit = 10 ** (new Intl.NumberFormat("en", { style: "currency", currency: result.currency || "PEN" })
        .resolvedOptions().maximumFractionDigits ?? 2);
      const compact = new Intl.NumberFormat(moneyLocale(result.currency || "PEN", currentLanguage()),
        { style: "currency", currency: result.currency || "PEN", notation: "compact", maximumFractionDigits: 1 });
      return dayBars(dailySeries(result, name), {
        title: t("chart.daily"), money, axisMoney: (n) => compact.format(n / minorPerUnit), dayLabel, currentLabel: t("chart.current"), previousLabel: t("chart.previous"),
        desc: t("chart.dailyDesc", { from: result.from, to: result.to, pfrom: previous.from, pto: previous.to }),
      });
    }
    case "hbars": {
      const isMoney = view.value === "revenue";
      return hBars(barRows(table, view.value), { title: t(view.title), format: isMoney ? money : countText, chart: `${name}-${view.value}` });
    }
    case "heatmap": {
      const grid = heatGrid(table);
      return heatMap(grid, {
        title: t("chart.heatmap"), hint: t("chart.heatmapHint"), hour: `${t("heat.weekday")} \\ ${t("heat.hour")}`,
        weekday: (n) => t(`weekday.${n}`), format: isMoneyColumn(grid.column) ? money : countText,
      });
    }
    case "percentiles":
      return percentilePairs(table).map((pair) => {
        const rows = percentileRows(table, pair).map((row) => ({ ...row, label: measureName(row.label) }));
        const series = pair.prefix ? ` · ${wordsFor("series", pair.prefix)}` : "";
        return percentileBars(rows, { title: `${tableTitle(name)}${series}`, format: duration, p50: t("chart.p50"),
          p90: t("chart.p90"), chart: `${name}${pair.prefix ? `-${pair.prefix}` : ""}` });
      });
    case "tiles": return summaryTiles(table, money);
    case "weekBars": {
      const rows = weekRows(table);
      const last = rows.length ? rows[rows.length - 1].total : null;
      return weekBars(rows, { title: t("chart.weekly"), total: last === null ? null : t("chart.total", { n: countText(last) }) });
    }
    default: return null;
  }
}

/** The page's words for a code ("measure", "waiter_call_ack"), else the code. @param {string} family @param {string} code */
function wordsFor(family, code) {
  const key = `${family}.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/** A floor measure's words when the page has them ("waiter_call_ack"), else its code. @param {string} label */
const measureName = (label) => wordsFor("measure", label);

/**
 * A one-row summary table (loyalty_summary) as tiles: each column's name in words and its figure.
 * @param {Table} table @param {(n: number) => string} money
 */
function summaryTiles(table, money) {
  const row = table.rows[0] || [];
  const count = (/** @type {number} */ n) => new Intl.NumberFormat(currentLanguage()).format(n);
  return h("section", { class: "report-kpis", "aria-label": t("kpi.label"), "data-chart": "tiles" }, table.columns.map((column, i) =>
    h("div", { class: "report-kpi", "data-kpi": column, "data-value": num(row[i]) }, [
      h("p", { class: "report-kpi__label", text: wordsFor("col", column) }),
      h("p", { class: "report-kpi__value", text: isMoneyColumn(column) ? money(num(row[i])) : isSecondsColumn(column) ? duration(num(row[i])) : count(num(row[i])) }),
    ])));
}

/**
 * The KPI tiles: the period's figures and their change from the previous period, the change
 * written out in words and with an arrow (not colour alone).
 * @param {Table} table @param {Table | null} previousTable @param {(n: number) => string} money
 */
function kpiTiles(table, previousTable, money) {
  const now = salesFigures(table);
  const before = previousTable ? salesFigures(previousTable) : null;
  const count = (/** @type {number} */ n) => new Intl.NumberFormat(currentLanguage()).format(n);
  const percent = new Intl.NumberFormat(currentLanguage(), { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" });
  /** @type {[keyof typeof now, (n: number) => string][]} */
  const tiles = [["sales", money], ["orders", count], ["guests", count], ["tables", count], ["perTable", money], ["perGuest", money]];
  return h("section", { class: "report-kpis", "aria-label": t("kpi.label"), "data-chart": "kpis" }, tiles
    .filter(([key]) => now[key] !== null)
    .map(([key, format]) => {
      const value = /** @type {number} */ (now[key]);
      const delta = before ? change(value, before[key]) : null;
      const direction = delta === null || delta === 0 ? "flat" : delta > 0 ? "up" : "down";
      return h("div", { class: "report-kpi", "data-kpi": key, "data-value": value }, [
        h("p", { class: "report-kpi__label", text: t(`kpi.${key}`) }),
        h("p", { class: "report-kpi__value", text: format(value) }),
        h("p", { class: `report-kpi__change report-kpi__change--${direction}`, "data-change": delta === null ? "" : delta.toFixed(4) }, [
          direction === "flat" ? null : h("span", { "aria-hidden": "true", text: direction === "up" ? "▲ " : "▼ " }),
          delta === null ? t("kpi.noChange") : t("kpi.change", { change: percent.format(delta) }),
        ]),
      ]);
    }));
}

/** A table as the page shows it (money and times written out) with its CSV download. @param {string} name @param {Table} table @param {Result} result */
function dataTable(name, table, result) {
  const currency = result.currency || "PEN";
  const money = table.columns.map(isMoneyColumn);
  const seconds = table.columns.map(isSecondsColumn);
  const cell = (/** @type {unknown} */ value, /** @type {number} */ i) => {
    if (value === null || value === undefined || value === "") return "—";
    if (money[i] && typeof value === "number") return formatMoney(value, currency);
    if (seconds[i] && typeof value === "number") return duration(value);
    if (typeof value === "number") return new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: 2 }).format(value);
    if (typeof value === "boolean") return value ? "✓" : "✗";
    if (table.columns[i] === "metric") return measureName(String(value));
    if (table.columns[i] === "branch_id") return state.branches.find((b) => b.id === value)?.name || String(value);
    return String(value);
  };
  const title = tableTitle(name);
  const titleId = `table-${name}-title`;
  const download = h("button", { type: "button", class: "button button--secondary report-table__download", "data-table": name,
    "aria-label": t("table.downloadNamed", { name: title }), onclick: () => downloadCsv(name, table, result) }, t("table.download"));
  return h("section", { class: "report-table", "data-table": name, "aria-labelledby": titleId }, [
    h("div", { class: "report-table__head" }, [
      h("h3", { id: titleId, text: title }),
      h("span", { class: "report-table__count",
        text: t(new Intl.PluralRules(currentLanguage()).select(table.rows.length) === "one" ? "table.rows.one" : "table.rows", { n: table.rows.length }) }),
      download,
    ]),
    h("div", { class: "report-table__scroll", tabindex: "0", role: "region", "aria-label": t("table.caption", { name: title }) },
      h("table", { class: "admin-table report-table__table" }, [
        h("thead", {}, h("tr", {}, table.columns.map((c, i) => h("th", { scope: "col", "data-column": c,
          class: money[i] || typeof table.rows[0]?.[i] === "number" ? "num" : null, text: wordsFor("col", c) })))),
        h("tbody", {}, table.rows.map((row) => h("tr", {}, table.columns.map((_, i) => h("td", {
          class: typeof row[i] === "number" ? "num" : null, "data-column": table.columns[i],
          "data-raw": row[i] === null || row[i] === undefined ? "" : typeof row[i] === "number" ? num(row[i]) : String(row[i]),
          text: cell(row[i], i) }))))),
      ])),
  ]);
}

/** The table's CSV as a file, made in the page (no second request). @param {string} name @param {Table} table @param {Result} result */
function downloadCsv(name, table, result) {
  const text = toCsv(table, result.currency || "PEN");
  const blob = new Blob(["\uFEFF", text], { type: "text/csv;charset=utf-8" });
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: csvName(result.report, result.branchId || state.branchId || "chain", result.from, result.to, name),
    hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// -- start -------------------------------------------------------------------------------------

function drawLanguage() {
  const other = currentLanguage() === "es" ? "en" : "es";
  document.title = `${t("reports.title")} · Comanda`;
  const button = byId("reports-language");
  replace(button, [h("span", { class: "visually-hidden", text: `${t("reports.language")}: ` }), h("span", { lang: other, text: other.toUpperCase() })]);
  button.onclick = () => {
    setLanguage(other, true);
    translate();
    drawLanguage();
    drawControls();
    if (state.result) drawResult();
  };
}

async function start() {
  translate();
  drawLanguage();
  if (!signIn) {
    replace(output, [h("p", { text: t("reports.signInFirst") }), h("a", { class: "button", href: "/staff/", text: t("reports.signIn") })]);
    main.setAttribute("aria-busy", "false");
    return;
  }
  if (!holds(signIn, "view_reports")) {
    replace(output, h("p", { class: "notice", text: t("reports.notForRole") }));
    main.setAttribute("aria-busy", "false");
    return;
  }
  try {
    const reply = await api.get("/staff/reports");
    state.reports = reply.reports.filter((/** @type {{id: string}} */ r) => r.id !== "members" || holds(signIn, "view_members"));
    state.branches = reply.branches;
    state.chainAllowed = Boolean(reply.chainAllowed);
  } catch (error) {
    fail(t("reports.loadFailed", { message: messageOf(error) }));
    return;
  }
  if (!state.reports.some((r) => r.id === state.report)) state.report = state.reports[0]?.id || "sales";
  const mayPickAll = state.chainAllowed || state.branches.length > 1;
  if (state.branchId && !state.branches.some((b) => b.id === state.branchId)) state.branchId = "";
  if (!state.branchId && !mayPickAll) state.branchId = state.branches[0]?.id || "";
  drawControls();
  await run();
}

void start();
