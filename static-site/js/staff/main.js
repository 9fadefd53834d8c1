// @ts-check
/**
 * The staff app's controller: the one place that talks to the API and the socket, owns the
 * state (the floor of the chosen branch, the menu, the Tables page's view), and hands it
 * down to the pages; the pages send actions up as DOM events.
 *
 * Routes: /staff/ (POS), /staff/tables, /staff/menu, /staff/qr; ?branch= picks a branch.
 */
import { createApi, newIdempotencyKey } from "../lib/api.js";
import { connectLive } from "../lib/socket.js";
import { chooseLanguage, setLanguage, t, translate, useDictionary } from "../lib/i18n.js";
import { staffDictionary } from "../i18n/staff.js";
import { deviceCredential, forgetSignIn, keepDeviceCredential, keepSignIn, mayOpen, rememberBranch, rememberedBranch, storedSignIn, watchExpiry } from "./auth-store.js";
import { chime, chimeState, onChimeState, setMuted, unlock } from "./chime.js";
import { h, replace } from "./dom.js";
import { showLiveStatus } from "./live-notice.js";
import { applyJoin, applyMessage, applyOrder, applyRequest, applySession, arrivals, emptyFloor, feedOf, floorFromSnapshot, mergeSnapshot, tableByCode, tableState } from "./floor.js";
import { mountLoginForm } from "./login-form.js";
import { mountMenuPage } from "./menu-page.js";
import { mountPosPage } from "./pos-page.js";
import { mountQrPage } from "./qr-page.js";
import { mountStaffHeader } from "./staff-header.js";
import { mountTablesPage } from "./tables-page.js";
import { mountToaster } from "../lib/toaster.js";
import { blobToDataUrl, saveBlob } from "./files.js";
import { branchToday, useTimeZone } from "./elapsed.js";

/** @typedef {import("./auth-store.js").SignIn} SignIn */
/** @typedef {import("./floor.js").Floor} Floor */
/** @typedef {{id: string, slug: string, name: string, currency: string, languages: string[], timezone?: string,
 *   settings?: import("./elapsed.js").NudgeSettings,
 *   orderSafety?: {spendingCap: number | null, approvalThreshold: number | null, approvalPortions?: number | null}}} Branch */

useDictionary(staffDictionary);
chooseLanguage(["es", "en"]);
translate();

const PAGES = { "/staff": "pos", "/staff/tables": "tables", "/staff/menu": "menu", "/staff/qr": "qr" };
const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const login = mountLoginForm(byId("login"));
const header = mountStaffHeader(byId("header"));
const pos = mountPosPage(byId("page-pos"));
const tablesPage = mountTablesPage(byId("page-tables"));
const menuPage = mountMenuPage(byId("page-menu"));
const qrPage = mountQrPage(byId("page-qr"));
const toaster = mountToaster(byId("toaster"));
const shell = byId("shell");
const liveBanner = byId("live");
const pageMessage = byId("page-message");

/** Everything the controller knows; reset on sign-out and on a branch switch. */
const state = {
  /** @type {SignIn | null} */ signIn: null,
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
};
/** @type {{close(): void, reconnect(): void} | null} */
let socket = null;
/** @type {(() => void) | null} */
let stopExpiryWatch = null;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let billRefresh;

const api = createApi({
  getToken: () => state.signIn?.token ?? null,
  onUnauthorized: () => { if (state.signIn) signOut(t("login.expired")); },
});

/** @param {Branch} branch */
function useBranch(branch) {
  rememberBranch(branch.id);
  chooseLanguage(branch.languages);
  useTimeZone(branch.timezone);
  state.tables = { ...state.tables, currency: branch.currency, history: { date: branchToday(), sessions: null, error: "" } };
}

function currentBranch() {
  return state.branches.find((b) => b.id === state.branchId) || null;
}

/** @param {unknown} error */
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

// -- signing in and out --------------------------------------------------------------------
async function start() {
  const { signIn, expired } = storedSignIn();
  if (!signIn) {
    showLogin(expired ? t("login.expired") : "");
    return;
  }
  await enter(signIn);
}

/** @param {string} message */
function showLogin(message) {
  shell.hidden = true;
  document.title = t("app.title");
  login.show({ message, tone: message ? "warn" : "error" });
}

/** @param {string} [message] */
function signOut(message = "") {
  socket?.close();
  socket = null;
  stopExpiryWatch?.();
  stopExpiryWatch = null;
  forgetSignIn();
  state.signIn = null;
  state.floor = emptyFloor();
  state.floorLoaded = false;
  state.menu = null;
  showLogin(message);
}

byId("login").addEventListener("signIn", async (event) => {
  const { email, password, done } = /** @type {CustomEvent} */ (event).detail;
  unlock(); // the sign-in tap is the gesture that lets the POS chime
  try {
    const reply = await api.post("/staff/login", { email, password, deviceToken: deviceCredential(email) });
    keepDeviceCredential(email, reply.deviceToken);
    const signIn = keepSignIn(reply.token, reply.staff);
    if (!signIn) throw new Error(t("login.failed"));
    done();
    login.hide();
    await enter(signIn);
  } catch (error) {
    done(/** @type {any} */ (error).status === 401 ? t("login.wrong") : messageOf(error));
  }
});

/** @param {SignIn} signIn */
async function enter(signIn) {
  state.signIn = signIn;
  if (!["owner", "manager", "waiter"].includes(signIn.claims.role)) {
    location.replace("/kitchen/"); // a kitchen account's screen is the kitchen display
    return;
  }
  stopExpiryWatch = watchExpiry(signIn.claims, () => signOut(t("login.expired")));
  try {
    state.branches = (await api.get("/staff/branches")).branches;
  } catch (error) {
    if (state.signIn) showPageMessage(messageOf(error));
    return;
  }
  const wanted = new URLSearchParams(location.search).get("branch");
  state.branchId = wanted || rememberedBranch(state.branches.map((b) => b.id)) || state.branches[0]?.id || "";
  const branch = currentBranch();
  if (branch) useBranch(branch);
  login.hide();
  shell.hidden = false;
  translate();
  route();
  socket = connectLive({
    getToken: () => state.signIn?.token ?? null,
    onMessage: onLiveMessage,
    onOpen: () => reloadFloor(),
    onStatus: (status) => {
      state.live = status;
      showLiveStatus(liveBanner, status, () => socket?.reconnect());
      drawHeader();
    },
  });
}

// -- pages ---------------------------------------------------------------------------------
function pageFromLocation() {
  const path = location.pathname.replace(/\/+$/, "") || "/staff";
  return /** @type {Record<string, string>} */ (PAGES)[path] || "pos";
}

function route() {
  if (!state.signIn) return;
  state.page = pageFromLocation();
  const allowed = mayOpen(state.signIn.claims.role, state.page);
  const selected = new URLSearchParams(location.search).get("table");
  if (state.page === "tables" && selected && selected !== state.tables.selected) selectTable(selected);
  if ((state.page === "menu" || state.page === "tables") && allowed && !state.menu) loadMenu();
  drawAll();
}

/** @param {string} message */
function showPageMessage(message) {
  shell.hidden = false;
  for (const name of ["pos", "tables", "menu", "qr"]) byId(`page-${name}`).hidden = true;
  pageMessage.hidden = false;
  replace(pageMessage, h("p", { class: "notice notice--error page-message__text", role: "alert", text: message }));
}

/** @param {string} url */
function navigate(url) {
  history.pushState(null, "", url);
  route();
  byId("staff-main").focus({ preventScroll: true });
}

document.addEventListener("click", (event) => {
  const link = /** @type {HTMLElement} */ (event.target).closest?.("a[data-page]");
  if (!link || link.getAttribute("data-page") === "kitchen" || /** @type {MouseEvent} */ (event).ctrlKey || /** @type {MouseEvent} */ (event).metaKey) return;
  event.preventDefault();
  const url = new URL(/** @type {HTMLAnchorElement} */ (link).href);
  if (state.branchId && new URLSearchParams(location.search).get("branch")) url.searchParams.set("branch", state.branchId);
  navigate(url.pathname + url.search);
});
window.addEventListener("popstate", route);
document.addEventListener("pointerdown", () => { if (chimeState() === "locked") unlock(); }, { once: false, passive: true });

function drawHeader() {
  if (!state.signIn) return;
  const role = state.signIn.claims.role;
  const feed = state.floorLoaded ? feedOf(state.floor) : [];
  header.update({
    member: { name: state.signIn.staff.name, role }, branches: state.branches, branchId: state.branchId,
    pages: ["pos", "tables", "menu", "qr", "kitchen"].filter((page) => mayOpen(role, page)), page: state.page,
    badge: feed.length, live: /** @type {any} */ (state.live), sound: chimeState(),
    languages: currentBranch()?.languages || ["es", "en"],
  });
  const prefix = feed.length ? `(${feed.length}) ` : "";
  document.title = `${prefix}${t(`title.${state.page}`)} · Comanda`;
}

/** Shows the current page, or why it cannot be shown (this role, or the branch refused). */
function drawAll() {
  if (!state.signIn) return;
  drawHeader();
  const now = Date.now();
  const branch = currentBranch();
  const blocking = !mayOpen(state.signIn.claims.role, state.page) ? t("app.notForRole")
    : ["pos", "tables", "qr"].includes(state.page) ? state.floorError : "";
  for (const name of ["pos", "tables", "menu", "qr"]) byId(`page-${name}`).hidden = Boolean(blocking) || name !== state.page;
  pageMessage.hidden = !blocking;
  if (blocking) {
    replace(pageMessage, h("p", { class: "notice notice--error page-message__text", role: "alert", text: blocking }));
    return;
  }
  if (state.page === "pos") pos.render(feedOf(state.floor), { now, fresh: state.fresh, counts: floorCounts(state.floor), settings: currentBranch()?.settings ?? null });
  if (state.page === "tables") tablesPage.render(state.floor, tablesView(), now, currentBranch()?.settings ?? null);
  if (state.page === "menu") menuPage.render(state.menu, menuRights(), state.menuError, currentBranch()?.settings ?? null);
  if (state.page === "qr" && branch) drawQr(branch);
}

/** @param {Floor} floor @returns {Record<string, number>} tables by state, and orders the kitchen is on */
function floorCounts(floor) {
  /** @type {Record<string, number>} */
  const counts = { free: 0, pending: 0, active: 0, bill_requested: 0 };
  for (const table of floor.tables) counts[tableState(table)] += 1;
  counts.cooking = floor.orders.filter((o) => o.status === "accepted" || o.status === "preparing").length;
  return counts;
}

let ticks = 0;
setInterval(() => {  // waiting times tick every second; the rest of the Tables page every 15 s
  if (!state.signIn || document.hidden) return;
  ticks += 1;
  if (state.page === "pos") pos.tick(Date.now());
  if (state.page === "tables" && ticks % 15 === 0) tablesPage.render(state.floor, tablesView(), Date.now(), currentBranch()?.settings ?? null);
  else if (state.page === "tables") tablesPage.tick(Date.now());
}, 1000);

/** The Tables page's view: the controller's state, the menu for ordering, the branch's order safety. */
function tablesView() {
  const role = state.signIn?.claims.role || "";
  const branch = currentBranch();
  const menuItems = (state.menu?.categories || []).flatMap((/** @type {any} */ c) => c.items);
  return {
    ...state.tables, menuItems, canOrder: ["owner", "manager", "waiter"].includes(role),
    safety: branch ? { branchId: branch.id, currency: branch.currency, spendingCap: branch.orderSafety?.spendingCap ?? null,
      approvalThreshold: branch.orderSafety?.approvalThreshold ?? null,
      approvalPortions: branch.orderSafety?.approvalPortions ?? null, canEdit: role === "owner" || role === "manager" } : null,
  };
}

// -- the floor: a REST snapshot, then pushes -----------------------------------------------
async function reloadFloor() {
  if (!state.signIn || !state.branchId) return;
  const branchId = state.branchId;
  state.buffered = state.buffered || [];
  try {
    const [tables, orders, joins] = await Promise.all([
      api.get(`/staff/branches/${encodeURIComponent(branchId)}/tables`),
      api.get(`/staff/branches/${encodeURIComponent(branchId)}/orders`),
      // phones asking to join a table: a failure here leaves the rest of the floor shown (and the pushes still come)
      api.get(`/staff/branches/${encodeURIComponent(branchId)}/join-requests`).catch(() => ({ joinRequests: [] })),
    ]);
    if (branchId !== state.branchId) return;
    let next = mergeSnapshot(state.floor, floorFromSnapshot(tables, orders, joins));
    for (const message of state.buffered) next = applyMessage(next, message);
    state.buffered = null;
    state.floorError = "";
    const announce = state.floorLoaded;
    state.floorLoaded = true;
    byId("staff-main").removeAttribute("aria-busy"); // the page now shows the branch as it is
    commit(next, { announce });
    const selected = state.tables.selected && tableByCode(state.floor, state.tables.selected);
    if (state.page === "tables" && selected && selected.session && !state.tables.bill) loadBill(selected.session.id);
  } catch (error) {
    state.buffered = null;
    if (!state.signIn) return;
    byId("staff-main").removeAttribute("aria-busy");
    state.floorError = messageOf(error);
    drawAll();
  }
}

/**
 * The one way the floor changes: re-draws, and chimes for what has just arrived.
 * @param {Floor} next @param {{announce: boolean}} options
 */
function commit(next, { announce }) {
  const before = feedOf(state.floor);
  const after = feedOf(next);
  const arrived = arrivals(before, after);
  state.floor = next;
  state.fresh = new Set(announce ? arrived.map((item) => item.key) : []);
  if (announce && arrived.length) chime({ urgent: arrived.some((item) => item.kind === "bill" || item.kind === "waiter") });
  drawAll();
}

/** @param {import("./floor.js").LiveMessage} message */
function onLiveMessage(message) {
  const data = message.data || {};
  if (data.branchId && data.branchId !== state.branchId) return;
  if (message.type === "menu.item.updated") {
    if (data.removed) loadMenu();
    else menuPage.patchItem(data);
    return;
  }
  if (state.buffered) {
    state.buffered.push(message);
    return;
  }
  commit(applyMessage(state.floor, message), { announce: true });
  const selected = state.tables.selected && tableByCode(state.floor, state.tables.selected);
  if (state.page === "tables" && selected && selected.session && data.sessionId === selected.session.id
      && message.type.startsWith("order.")) {
    clearTimeout(billRefresh);
    billRefresh = setTimeout(() => loadBill(/** @type {any} */ (selected.session).id), 300);
  }
}

// -- actions from the POS and the Tables page ------------------------------------------------
/**
 * @param {string} eventName
 * @param {(detail: any) => Promise<(floor: Floor) => Floor>} run   the request; its result as a floor change
 */
function onAction(eventName, run) {
  document.addEventListener(eventName, async (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail;
    try {
      const change = await run(detail);
      commit(change(state.floor), { announce: false });
    } catch (error) {
      toaster.show(/** @type {any} */ (error).status === 409 ? t("action.conflict", { reason: messageOf(error) }) : messageOf(error), { tone: "error" });
      if (/** @type {any} */ (error).status === 409) reloadFloor();
    } finally {
      detail.done?.();
    }
  });
}

const path = encodeURIComponent;
/** @param {string} code */
const labelOf = (code) => tableByCode(state.floor, code)?.label || code;
onAction("approveSession", async ({ id }) => {
  const session = await api.post(`/staff/sessions/${path(id)}/approve`);
  toaster.show(t("action.approved", { table: labelOf(session.tableCode) }));
  return (floor) => applySession(floor, session);
});
onAction("rejectSession", async ({ id }) => {
  const session = await api.post(`/staff/sessions/${path(id)}/reject`, {});
  return (floor) => applySession(floor, session);
});
onAction("closeSession", async ({ id }) => {
  const session = await api.post(`/staff/sessions/${path(id)}/close`);
  toaster.show(t("action.closed", { table: labelOf(session.tableCode) }));
  return (floor) => applySession(floor, session);
});
onAction("acceptOrder", async ({ id }) => {
  const order = await api.post(`/staff/orders/${path(id)}/status`, { status: "accepted" });
  return (floor) => applyOrder(floor, order);
});
onAction("serveOrder", async ({ id }) => {
  const order = await api.post(`/staff/orders/${path(id)}/status`, { status: "served" });
  return (floor) => applyOrder(floor, order);
});
onAction("serveReadyLines", async ({ id }) => {
  // the dishes out of the kitchen go to the table; the rest of the order keeps cooking
  let order = state.floor.orders.find((o) => o.id === id);
  for (const line of order?.items.filter((l) => l.status === "ready") ?? []) {
    order = await api.post(`/staff/orders/${path(id)}/items/${path(line.id)}/status`, { status: "served" });
  }
  return (floor) => (order ? applyOrder(floor, order) : floor);
});
onAction("rejectOrder", async ({ id, reason }) => {
  const order = await api.post(`/staff/orders/${path(id)}/reject`, reason ? { reason } : {});
  return (floor) => applyOrder(floor, order);
});
onAction("openTable", async ({ code }) => {
  const session = await api.post(`/staff/branches/${path(state.branchId)}/tables/${path(code)}/sessions`, undefined,
    { idempotencyKey: newIdempotencyKey() });
  toaster.show(t("action.opened", { table: labelOf(code) }));
  setTimeout(() => loadBill(session.id), 0);
  return (floor) => applySession(floor, session);
});
onAction("staffOrder", async ({ sessionId, items, participantId, notes, reset }) => {
  const body = { items, notes, ...(participantId ? { participantId } : {}) };
  const order = await api.post(`/staff/sessions/${path(sessionId)}/orders`, body, { idempotencyKey: newIdempotencyKey() });
  reset?.();
  toaster.show(t(order.awaitingApproval ? "action.orderHeld" : "action.ordered", { table: labelOf(order.tableCode) }));
  setTimeout(() => loadBill(sessionId), 0);
  return (floor) => applyOrder(floor, order);
});
onAction("moveSession", async ({ id, from, to }) => {
  const session = await api.post(`/staff/sessions/${path(id)}/move`, { tableCode: to, fromTableCode: from });
  toaster.show(t("action.moved", { from: labelOf(from), to: labelOf(to) }));
  setTimeout(() => {
    const url = new URL(location.href);
    url.searchParams.set("table", to);
    history.replaceState(null, "", url.pathname + url.search);
    selectTable(to);
    drawAll();
  }, 0);
  return (floor) => applySession(floor, session);
});
onAction("cancelLine", async ({ orderId, lineId }) => {
  const order = await api.post(`/staff/orders/${path(orderId)}/items/${path(lineId)}/status`, { status: "cancelled" });
  if (state.tables.bill) setTimeout(() => loadBill(/** @type {any} */ (state.tables.bill).session.id), 0);
  return (floor) => applyOrder(floor, order);
});
onAction("saveOrderSafety", async ({ spendingCap, approvalThreshold, approvalPortions }) => {
  const branch = await api.put(`/staff/branches/${path(state.branchId)}/order-safety`,
    { spendingCap, approvalThreshold, approvalPortions });
  state.branches = state.branches.map((b) => (b.id === branch.id ? { ...b, orderSafety: branch.orderSafety } : b));
  toaster.show(t("action.safetySaved"));
  return (floor) => floor;
});
/** @param {"allow" | "decline"} decision */
const decideJoin = (decision) => async (/** @type {{id: string}} */ { id }) => {
  const known = (state.floor.joins || []).find((join) => join.id === id);
  const reply = await api.post(`/staff/join-requests/${path(id)}/${decision}`);
  if (known) toaster.show(t(decision === "allow" ? "action.joinAllowed" : "action.joinDeclined", { name: known.name, table: labelOf(known.tableCode) }));
  return (/** @type {Floor} */ floor) => applyJoin(floor, { ...(known || { name: "", tableCode: "", createdAt: "" }), id, status: reply?.status || decision });
};
onAction("allowJoin", decideJoin("allow"));
onAction("declineJoin", decideJoin("decline"));
onAction("acknowledgeRequest", async ({ id }) => {
  const request = await api.post(`/staff/requests/${path(id)}/ack`);
  return (floor) => applyRequest(floor, request);
});

// -- the Tables page -----------------------------------------------------------------------
/** @param {string} code */
function selectTable(code) {
  state.tables = { ...state.tables, view: "floor", selected: code, bill: null, billError: "" };
  const table = tableByCode(state.floor, code);
  if (table?.session) loadBill(table.session.id);
}

/** @param {string} sessionId */
async function loadBill(sessionId) {
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

// -- the menu --------------------------------------------------------------------------------
function menuRights() {
  const role = state.signIn?.claims.role || "";
  return { catalogue: role === "owner", price: role === "owner" || role === "manager", availability: role !== "waiter" };
}

async function loadMenu() {
  const branchId = state.branchId;
  try {
    const menu = await api.get(`/staff/branches/${path(branchId)}/menu`);
    if (branchId !== state.branchId) return;
    state.menu = menu;
    state.menuError = "";
  } catch (error) {
    state.menuError = messageOf(error);
  }
  if (state.page === "menu" || state.page === "tables") drawAll();
}

/**
 * @param {string} eventName
 * @param {(detail: any) => Promise<unknown>} run
 */
function onMenuAction(eventName, run) {
  byId("page-menu").addEventListener(eventName, async (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail;
    try {
      await run(detail);
      detail.done();
    } catch (error) {
      detail.done(messageOf(error));
    }
  });
}

const menuBase = () => `/staff/branches/${path(state.branchId)}/menu`;
onMenuAction("setAvailability", async ({ itemId, available }) => {
  const item = await api.post(`${menuBase()}/items/${path(itemId)}/availability`, { available });
  menuPage.patchItem(item);
  toaster.show(t(available ? "action.back" : "action.86d", { name: item.name }));
});
onMenuAction("setBranchPrice", async ({ itemId, price, available }) => {
  const item = await api.post(`${menuBase()}/items/${path(itemId)}/availability`, { available, price });
  menuPage.patchItem(item);
  toaster.show(t("action.priced", { name: item.name }));
});
onMenuAction("saveItem", async ({ itemId, fields }) => {
  if (itemId) await api.patch(`${menuBase()}/items/${path(itemId)}`, fields);
  else await api.post(`${menuBase()}/items`, fields, { idempotencyKey: newIdempotencyKey() });
  await loadMenu();
});
onMenuAction("deleteItem", async ({ itemId }) => {
  await api.del(`${menuBase()}/items/${path(itemId)}`);
  await loadMenu();
});
onMenuAction("saveCategory", async ({ categoryId, fields }) => {
  if (categoryId) await api.patch(`${menuBase()}/categories/${path(categoryId)}`, fields);
  else await api.post(`${menuBase()}/categories`, fields, { idempotencyKey: newIdempotencyKey() });
  await loadMenu();
});
onMenuAction("saveSettings", async ({ fields }) => {
  const settings = await api.patch(`/staff/branches/${path(state.branchId)}/settings`, fields);
  const branch = currentBranch();
  if (branch) branch.settings = settings;
  toaster.show(t("settings.saved"));
  drawAll();
});
onMenuAction("saveHours", async ({ kind, id, windows }) => {
  await api.put(`${menuBase()}/${kind === "category" ? "categories" : "items"}/${path(id)}/schedule`, { windows });
  toaster.show(t("action.hoursSaved"));
  await loadMenu();
});
onMenuAction("deleteCategory", async ({ categoryId }) => {
  await api.del(`${menuBase()}/categories/${path(categoryId)}`);
  await loadMenu();
});
/**
 * The menu grid shows a small copy of each photo: drawn here, at `thumbWidth` pixels, and
 * stored beside the photo. When it fails the grid falls back to the full photo.
 * @param {File} file @param {{thumbUploadUrl: string, thumbWidth: number, headers: Record<string, string>}} upload
 */
async function uploadThumbnail(file, upload) {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, upload.thumbWidth / bitmap.width);
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const thumbnail = await new Promise((resolve) => canvas.toBlob(resolve, file.type, 0.8));
    if (thumbnail) await fetch(upload.thumbUploadUrl, { method: "PUT", headers: upload.headers, body: thumbnail });
  } catch (error) {
    console.warn("thumbnail not stored; the grid shows the full photo", error);
  }
}

onMenuAction("uploadPhoto", async ({ itemId, file }) => {
  const upload = await api.post(`${menuBase()}/items/${path(itemId)}/image-upload`, { contentType: file.type });
  if (file.size > upload.maxBytes) throw new Error(t("menu.photoTooBig", { mb: Math.round(upload.maxBytes / 1048576) }));
  let stored;
  try {
    stored = await fetch(upload.uploadUrl, { method: upload.method || "PUT", headers: upload.headers, body: file });
  } catch {
    throw new Error(t("menu.photoUnreachable"));
  }
  if (!stored.ok) throw new Error(t("menu.photoRefused", { status: stored.status }));
  await uploadThumbnail(file, upload);
  await api.patch(`${menuBase()}/items/${path(itemId)}`, { imageKey: upload.imageKey });
  await loadMenu();
  toaster.show(t("action.photo"));
});

// -- QR codes ----------------------------------------------------------------------------------
let qrDrawnFor = "";
/** @param {Branch} branch */
function drawQr(branch) {
  const tables = state.floor.tables.map((table) => ({ code: table.code, label: table.label }));
  const key = `${branch.id}|${tables.map((table) => table.code).join(",")}|${document.documentElement.lang}`;
  if (!tables.length || key === qrDrawnFor) return;
  qrDrawnFor = key;
  qrPage.render(branch, tables);
  const queue = [...tables];
  const worker = async () => {
    for (let table = queue.shift(); table; table = queue.shift()) {
      try {
        const svg = await api.blob(`/staff/branches/${path(branch.id)}/tables/${path(table.code)}/qr.svg`, "image/svg+xml");
        qrPage.setImage(table.code, await blobToDataUrl(svg));
      } catch (error) {
        toaster.show(messageOf(error), { tone: "error" });
      }
    }
  };
  Promise.all([worker(), worker(), worker(), worker()]);
}

byId("page-qr").addEventListener("downloadCode", async (event) => {
  const { code, format } = /** @type {CustomEvent} */ (event).detail;
  const branch = currentBranch();
  if (!branch) return;
  try {
    const blob = await api.blob(`/staff/branches/${path(branch.id)}/tables/${path(code)}/qr.${format}`,
      format === "png" ? "image/png" : "image/svg+xml");
    saveBlob(blob, `${branch.slug}-${code}.${format}`);
  } catch (error) {
    toaster.show(messageOf(error), { tone: "error" });
  }
});
byId("page-qr").addEventListener("downloadSheet", async () => {
  const branch = currentBranch();
  if (!branch) return;
  try {
    const blob = await api.blob(`/staff/branches/${path(branch.id)}/qr-sheet?lang=${document.documentElement.lang}`, "text/html");
    saveBlob(blob, `qr-${branch.slug}.html`);
  } catch (error) {
    toaster.show(messageOf(error), { tone: "error" });
  }
});

// -- the header ----------------------------------------------------------------------------------
const headerRoot = byId("header");
headerRoot.addEventListener("signOut", () => signOut(t("login.signedOut")));
headerRoot.addEventListener("switchBranch", (event) => {
  const { branchId } = /** @type {CustomEvent} */ (event).detail;
  state.branchId = branchId;
  rememberBranch(branchId);
  const branch = currentBranch();
  if (branch) useBranch(branch);
  state.tables = { ...state.tables, selected: null, bill: null, history: { date: branchToday(), sessions: null, error: "" } };
  state.floor = emptyFloor();
  state.floorLoaded = false;
  byId("staff-main").setAttribute("aria-busy", "true");
  state.menu = null;
  qrDrawnFor = "";
  const url = new URL(location.href);
  url.searchParams.delete("table");
  if (url.searchParams.has("branch")) url.searchParams.set("branch", branchId);
  history.replaceState(null, "", url.pathname + url.search);
  route();
  reloadFloor();
});
headerRoot.addEventListener("toggleSound", () => {
  const sound = chimeState();
  if (sound === "locked") unlock();
  else setMuted(sound === "on");
});
headerRoot.addEventListener("switchLanguage", (event) => {
  setLanguage(/** @type {CustomEvent} */ (event).detail.language, true);
  translate();
  qrDrawnFor = "";
  route();
});
onChimeState(() => drawHeader());
// Drops the live connection as a network failure would (tests; a "reconnect now" for support).
window.addEventListener("staff:dropLive", () => socket?.reconnect());

start();
