// @ts-check
/**
 * The Tables page's controller: the table selected and its bill, and the day's history.
 */
import { tableByCode } from "./floor.js";
import { messageOf } from "./staff-session.js";
import { api, byId, path, state } from "./app.js";
import { drawAll } from "./screen.js";

// -- the Tables page -----------------------------------------------------------------------
/** @param {string} code */
export function selectTable(code) {
  state.tables = { ...state.tables, view: "floor", selected: code, bill: null, billError: "" };
  const table = tableByCode(state.floor, code);
  if (table?.session) loadBill(table.session.id);
}

/** @param {string} sessionId */
export async function loadBill(sessionId) {
  state.tables = { ...state.tables, billLoading: !state.tables.bill || state.tables.bill.session.id !== sessionId, billError: "" };
  drawAll();
  try {
    const bill = await api.get(`/staff/sessions/${path(sessionId)}/bill`);
    state.tables = { ...state.tables, bill, billLoading: false };
  } catch (error) {
    state.tables = { ...state.tables, billError: messageOf(error), billLoading: false };
  }
  drawAll();
}

/** @param {string} date */
async function loadHistory(date) {
  state.tables = { ...state.tables, bill: null, history: { date, sessions: null, error: "" } };
  drawAll();
  try {
    const reply = await api.get(`/staff/branches/${path(state.branchId)}/sessions?status=completed&from=${date}&to=${date}`);
    state.tables = { ...state.tables, history: { date, sessions: reply.sessions, error: "" } };
  } catch (error) {
    state.tables = { ...state.tables, history: { date, sessions: [], error: messageOf(error) } };
  }
  drawAll();
}

const tablesRoot = byId("page-tables");
tablesRoot.addEventListener("selectTable", (event) => {
  const { code } = /** @type {CustomEvent} */ (event).detail;
  const url = new URL(location.href);
  url.searchParams.set("table", code);
  history.replaceState(null, "", url.pathname + url.search);
  selectTable(code);
  drawAll();
});
tablesRoot.addEventListener("showBill", (event) => loadBill(/** @type {CustomEvent} */ (event).detail.sessionId));
tablesRoot.addEventListener("loadHistory", (event) => loadHistory(/** @type {CustomEvent} */ (event).detail.date));
tablesRoot.addEventListener("showView", (event) => {
  const { view } = /** @type {CustomEvent} */ (event).detail;
  state.tables = { ...state.tables, view, bill: null, billError: "" };
  if (view === "history") loadHistory(state.tables.history.date);
  else if (state.tables.selected) selectTable(state.tables.selected);
  drawAll();
});
