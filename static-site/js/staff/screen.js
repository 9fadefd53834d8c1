// @ts-check
/**
 * The staff pages' routing and drawing: /staff/ (POS), /staff/tables, /staff/menu, /staff/qr
 * (?branch= picks a branch), each shown when the sign-in's permissions allow it (auth-store.js's
 * PAGE_PERMISSIONS), drawn from the state by drawAll().
 */
import { t } from "../lib/i18n.js";
import { chimeState, unlock } from "./chime.js";
import { h, replace } from "./dom.js";
import { feedOf, tableState } from "./floor.js";
import { adminPage, byId, currentBranch, header, pageMessage, pos, session, state, tablesPage, menuPage } from "./app.js";
import { loadMenu } from "./menu-controller.js";
import { menuRights } from "./rights.js";
import { selectTable } from "./tables-controller.js";
import { drawQr } from "./qr-controller.js";
import { loadWaiters } from "./sections-controller.js";
import { listener } from "./floor-live.js";
import { isMine, mineFirst, sectionsOf } from "./sections.js";

/** @typedef {import("./floor.js").Floor} Floor */

const PAGES = { "/staff": "pos", "/staff/tables": "tables", "/staff/menu": "menu", "/staff/qr": "qr",
  "/staff/admin": "admin", "/staff/admin/staff": "admin" };

function pageFromLocation() {
  const path = location.pathname.replace(/\/+$/, "") || "/staff";
  return /** @type {Record<string, string>} */ (PAGES)[path] || "pos";
}

export function route() {
  if (!session.signIn()) return;
  state.page = pageFromLocation();
  const allowed = session.mayOpen(state.page);
  const selected = new URLSearchParams(location.search).get("table");
  if (state.page === "tables" && selected && selected !== state.tables.selected) selectTable(selected);
  if ((state.page === "menu" || state.page === "tables") && allowed && !state.menu) loadMenu();
  if (state.page === "tables" && allowed && session.holds("manage_sections") && state.sectionsView.waitersOf !== state.branchId) loadWaiters();
  drawAll();
  if (state.page === "admin" && allowed) adminPage.load(state.branches);
}

/** @param {string} message */
export function showPageMessage(message) {
  byId("shell").hidden = false;
  for (const name of ["pos", "tables", "menu", "qr", "admin"]) byId(`page-${name}`).hidden = true;
  pageMessage.hidden = false;
  replace(pageMessage, h("p", { class: "notice notice--error page-message__text", role: "alert", text: message }));
}

/** @param {string} url */
export function navigate(url) {
  history.pushState(null, "", url);
  route();
  byId("staff-main").focus({ preventScroll: true });
}

document.addEventListener("click", (event) => {
  const link = /** @type {HTMLElement} */ (event.target).closest?.("a[data-page]");
  if (!link || ["kitchen", "branches", "reports"].includes(link.getAttribute("data-page") || "") || /** @type {MouseEvent} */ (event).ctrlKey || /** @type {MouseEvent} */ (event).metaKey) return;
  event.preventDefault();
  const url = new URL(/** @type {HTMLAnchorElement} */ (link).href);
  if (state.branchId && new URLSearchParams(location.search).get("branch")) url.searchParams.set("branch", state.branchId);
  navigate(url.pathname + url.search);
});
window.addEventListener("popstate", route);
document.addEventListener("pointerdown", () => { if (chimeState() === "locked") unlock(); }, { once: false, passive: true });

export function drawHeader() {
  const signIn = session.signIn();
  if (!signIn) return;
  const feed = state.floorLoaded ? feedOf(state.floor) : [];
  header.update({
    member: { name: signIn.staff.name, role: signIn.staff.role }, branches: state.branches, branchId: state.branchId,
    pages: ["pos", "tables", "menu", "qr", "admin", "branches", "reports", "kitchen"].filter((page) => session.mayOpen(page)), page: state.page,
    badge: feed.length, live: /** @type {any} */ (state.live), sound: chimeState(),
    languages: currentBranch()?.languages || ["es", "en"],
  });
  const prefix = feed.length ? `(${feed.length}) ` : "";
  document.title = `${prefix}${t(`title.${state.page}`)} · Comanda`;
}

/** Shows the current page, or why it cannot be shown (this role, or the branch refused). */
export function drawAll() {
  if (!session.signIn()) return;
  drawHeader();
  const now = Date.now();
  const branch = currentBranch();
  const blocking = !session.mayOpen(state.page) ? t("app.notForRole")
    : ["pos", "tables", "qr"].includes(state.page) ? state.floorError : "";
  for (const name of ["pos", "tables", "menu", "qr", "admin"]) byId(`page-${name}`).hidden = Boolean(blocking) || name !== state.page;
  pageMessage.hidden = !blocking;
  if (blocking) {
    replace(pageMessage, h("p", { class: "notice notice--error page-message__text", role: "alert", text: blocking }));
    return;
  }
  if (state.page === "pos") pos.render(myFeedFirst(), { now, fresh: state.fresh, counts: floorCounts(state.floor), settings: currentBranch()?.settings ?? null,
    mayVoid: session.holds("void_orders"), mineFirst: sectionsOf(state.floor, listener().id).length > 0 });
  if (state.page === "tables") tablesPage.render(state.floor, tablesView(), now, currentBranch()?.settings ?? null);
  if (state.page === "menu") menuPage.render(state.menu, menuRights(session.signIn()), state.menuError, currentBranch()?.settings ?? null);
  if (state.page === "qr" && branch) drawQr(branch);
  if (state.page === "admin") adminPage.render(state.branches);
}

/** The POS's feed: what waits at the signed-in waiter's section first, then the rest (each by waiting time). */
function myFeedFirst() {
  const me = listener().id;
  return mineFirst(feedOf(state.floor), (item) => isMine(state.floor, item.tableCode, me));
}

/** @param {Floor} floor @returns {Record<string, number>} tables by state, and orders the kitchen is on */
function floorCounts(floor) {
  /** @type {Record<string, number>} */
  const counts = { free: 0, pending: 0, active: 0, bill_requested: 0 };
  for (const table of floor.tables) counts[tableState(table)] += 1;
  counts.cooking = floor.orders.filter((o) => o.status === "accepted" || o.status === "preparing").length;
  return counts;
}

setInterval(() => {  // waiting times tick every second; the rest of the Tables page every 15 s
  if (!session.signIn() || document.hidden) return;
  state.ticks += 1;
  if (state.page === "pos") pos.tick(Date.now());
  if (state.page === "tables" && state.ticks % 15 === 0) tablesPage.render(state.floor, tablesView(), Date.now(), currentBranch()?.settings ?? null);
  else if (state.page === "tables") tablesPage.tick(Date.now());
}, 1000);

/** The Tables page's view: the controller's state, the menu for ordering, the branch's order safety. */
function tablesView() {
  const branch = currentBranch();
  const menuItems = (state.menu?.categories || []).flatMap((/** @type {any} */ c) => c.items);
  return {
    ...state.tables, menuItems, canOrder: session.holds("take_orders"), canVoid: session.holds("void_orders"),
    safety: branch ? { branchId: branch.id, currency: branch.currency, spendingCap: branch.orderSafety?.spendingCap ?? null,
      approvalThreshold: branch.orderSafety?.approvalThreshold ?? null,
      approvalPortions: branch.orderSafety?.approvalPortions ?? null, canEdit: session.holds("edit_order_safety") } : null,
    sections: { me: listener().id, filter: state.sectionsView.filter, canManage: session.holds("manage_sections"),
      waiters: state.sectionsView.waiters },
  };
}
