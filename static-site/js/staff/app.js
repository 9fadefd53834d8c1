// @ts-check
/**
 * What the staff pages' controller modules share: the pages mounted once, the one state object
 * (the floor of the chosen branch, the menu, the Tables page's view), and the staff session
 * (staff-session.js: the sign-in, its token and socket) with its API client.
 */
import { chooseLanguage, translate, t, useDictionary } from "../lib/i18n.js";
import { staffDictionary } from "../i18n/staff.js";
import { mountToaster } from "../lib/toaster.js";
import { tableName } from "../lib/table-name.js";
import { emptyFloor, tableByCode } from "./floor.js";
import { mountMenuPage } from "./menu-page.js";
import { mountPosPage } from "./pos-page.js";
import { mountQrPage } from "./qr-page.js";
import { mountAdminPage } from "./admin-page.js";
import { mountStaffHeader } from "./staff-header.js";
import { mountTablesPage } from "./tables-page.js";
import { branchToday } from "./elapsed.js";
import { holds } from "./rights.js";
import { createStaffSession, useBranch } from "./staff-session.js";

/** @typedef {import("./floor.js").Floor} Floor */
/** @typedef {{id: string, slug: string, name: string, currency: string, languages: string[], timezone?: string,
 *   settings?: import("./elapsed.js").NudgeSettings,
 *   orderSafety?: {spendingCap: number | null, approvalThreshold: number | null, approvalPortions?: number | null}}} Branch */

useDictionary(staffDictionary);
chooseLanguage(["es", "en"]);
translate();

export const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

export const header = mountStaffHeader(byId("header"));
export const pos = mountPosPage(byId("page-pos"));
export const tablesPage = mountTablesPage(byId("page-tables"));
export const menuPage = mountMenuPage(byId("page-menu"));
export const qrPage = mountQrPage(byId("page-qr"));
export const toaster = mountToaster(byId("toaster"));
export const pageMessage = byId("page-message");

/** @type {ReturnType<typeof createStaffSession<Branch>>} */
export const session = createStaffSession({
  loginRoot: byId("login"),
  shell: byId("shell"),
  liveBanner: byId("live"),
  loginTitle: () => t("app.title"),
  accepts: (signIn) => {
    if (holds(signIn, "view_floor")) return true;
    location.replace("/kitchen/"); // an account without the floor (the kitchen's): its screen is the kitchen display
    return false;
  },
});
export const api = session.api;
export const adminPage = mountAdminPage(byId("page-admin"), {
  api, toast: (text, tone = "ok") => toaster.show(text, { tone }), myId: () => session.signIn()?.staff.id || "",
});
export const path = encodeURIComponent;

/** The staff pages' one state object: reset on sign-out and on a branch switch. */
export const state = {
  /** @type {Branch[]} */ branches: [],
  /** @type {string} */ branchId: "",
  /** @type {string} */ page: "pos",
  /** @type {Floor} */ floor: emptyFloor(),
  floorLoaded: false,
  /** @type {string} */ floorError: "",
  /** @type {import("./floor.js").LiveMessage[] | null} */ buffered: null,
  /** @type {Set<string>} */ fresh: new Set(),
  /** @type {any} */ menu: null,
  menuError: "",
  /** @type {import("./tables-page.js").TablesView} */
  tables: { view: "floor", selected: null, bill: null, billError: "", billLoading: false,
    history: { date: branchToday(), sessions: null, error: "" }, currency: "PEN" },
  live: "connecting",
  /** @type {ReturnType<typeof setTimeout> | undefined} the bill's re-read after a push for its table */
  billRefresh: undefined,
  /** seconds the page has ticked (the Tables page redraws every 15) */
  ticks: 0,
  /** the branch, tables and language the QR page was drawn for */
  qrDrawnFor: "",
  /** the Tables page's sections filter, and the waiters a manager may give a section (of branch `waitersOf`) */
  sectionsView: { filter: "all", /** @type {{id: string, name: string}[]} */ waiters: [], waitersOf: "" },
};

export function currentBranch() {
  return state.branches.find((b) => b.id === state.branchId) || null;
}

/** @param {string} code */
export const labelOf = (code) => tableName(code, tableByCode(state.floor, code)?.label);

/** The Tables page on a branch: its currency, and today's history. @param {Branch} branch */
export function tablesOn(branch) {
  state.tables = { ...state.tables, currency: branch.currency, history: { date: branchToday(), sessions: null, error: "" } };
}

/** The staff pages on a branch: its language, time zone and currency. @param {Branch} branch */
export function useStaffBranch(branch) {
  useBranch(branch);
  tablesOn(branch);
}
