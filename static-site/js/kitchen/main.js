// @ts-check
/**
 * The kitchen display's controller: signs in (the same sign-in as the staff pages), reads
 * the branch's open orders, keeps them live over the socket, and sends the cooks' taps.
 */
import { createApi } from "../lib/api.js";
import { connectLive } from "../lib/socket.js";
import { chooseLanguage, t, translate, useDictionary } from "../lib/i18n.js";
import { staffDictionary } from "../i18n/staff.js";
import { deviceCredential, forgetSignIn, keepDeviceCredential, keepSignIn, mayOpen, rememberBranch, rememberedBranch, storedSignIn, watchExpiry } from "../staff/auth-store.js";
import { chime, chimeState, onChimeState, setMuted, unlock } from "../staff/chime.js";
import { useTimeZone } from "../staff/elapsed.js";
import { applyOrder, emptyFloor, floorFromSnapshot, mergeSnapshot } from "../staff/floor.js";
import { showLiveStatus } from "../staff/live-notice.js";
import { mountLoginForm } from "../staff/login-form.js";
import { mountToaster } from "../lib/toaster.js";
import { mountAvailabilityPanel } from "./availability-panel.js";
import { mountKitchenBar } from "./kitchen-bar.js";
import { mountTicketBoard } from "./ticket-board.js";
import { ticketsOf } from "./tickets.js";

/** @typedef {import("../staff/auth-store.js").SignIn} SignIn */
/** @typedef {import("../staff/floor.js").Floor} Floor */

useDictionary(staffDictionary);
chooseLanguage(["es", "en"]);
translate();

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const login = mountLoginForm(byId("login"));
const bar = mountKitchenBar(byId("bar"));
const board = mountTicketBoard(byId("board"));
const panel = mountAvailabilityPanel(/** @type {HTMLDialogElement} */ (byId("availability")), (iso) => clockTime(iso));
const toaster = mountToaster(byId("toaster"));
const shell = byId("shell");
const liveBanner = byId("live");

const state = {
  /** @type {SignIn | null} */ signIn: null,
  /** @type {{id: string, name: string, languages: string[], timezone?: string}[]} */ branches: [],
  branchId: "",
  /** @type {Floor} */ orders: emptyFloor(),
  loaded: false,
  /** @type {any[] | null} */ buffered: null,
  live: "connecting",
  /** @type {any} */ menu: null,
};
/** @type {{close(): void} | null} */
let socket = null;
/** @type {(() => void) | null} */
let stopExpiryWatch = null;

const api = createApi({
  getToken: () => state.signIn?.token ?? null,
  onUnauthorized: () => { if (state.signIn) signOut(t("login.expired")); },
});
const path = encodeURIComponent;
/** @param {unknown} error */
const messageOf = (error) => (error instanceof Error ? error.message : String(error));

function start() {
  const { signIn, expired } = storedSignIn();
  if (signIn) enter(signIn);
  else showLogin(expired ? t("login.expired") : "");
}

/** @param {string} message */
function showLogin(message) {
  shell.hidden = true;
  login.show({ message, tone: message ? "warn" : "error" });
}

/** @param {string} [message] */
function signOut(message = "") {
  socket?.close();
  socket = null;
  stopExpiryWatch?.();
  forgetSignIn();
  state.signIn = null;
  state.orders = emptyFloor();
  state.loaded = false;
  showLogin(message);
}

byId("login").addEventListener("signIn", async (event) => {
  const { email, password, done } = /** @type {CustomEvent} */ (event).detail;
  unlock();
  try {
    const reply = await api.post("/staff/login", { email, password, deviceToken: deviceCredential(email) });
    keepDeviceCredential(email, reply.deviceToken);
    const signIn = keepSignIn(reply.token, reply.staff);
    if (!signIn) throw new Error(t("login.failed"));
    done();
    login.hide();
    enter(signIn);
  } catch (error) {
    done(/** @type {any} */ (error).status === 401 ? t("login.wrong") : messageOf(error));
  }
});

/** @param {SignIn} signIn */
async function enter(signIn) {
  state.signIn = signIn;
  stopExpiryWatch = watchExpiry(signIn.claims, () => signOut(t("login.expired")));
  try {
    state.branches = (await api.get("/staff/branches")).branches;
  } catch (error) {
    toaster.show(messageOf(error), { tone: "error" });
    return;
  }
  const wanted = new URLSearchParams(location.search).get("branch");
  state.branchId = wanted || rememberedBranch(state.branches.map((b) => b.id)) || state.branches[0]?.id || "";
  const branch = state.branches.find((b) => b.id === state.branchId);
  if (branch) useBranch(branch);
  translate();
  login.hide();
  shell.hidden = false;
  draw();
  if (canSetAvailability()) loadMenu();
  socket = connectLive({
    getToken: () => state.signIn?.token ?? null,
    onMessage,
    onOpen: reload,
    onStatus: (status) => {
      state.live = status;
      showLiveStatus(liveBanner, status, () => socket?.reconnect());
      draw();
    },
  });
}

/** @param {{id: string, languages: string[], timezone?: string}} branch */
function useBranch(branch) {
  rememberBranch(branch.id);
  chooseLanguage(branch.languages);
  useTimeZone(branch.timezone);
}

function canSetAvailability() {
  return ["owner", "manager", "kitchen"].includes(state.signIn?.claims.role || "");
}

function draw() {
  if (!state.signIn) return;
  const tickets = ticketsOf(state.orders.orders);
  const toCook = tickets.reduce((n, order) => n + order.items.filter((l) => l.status === "pending" || l.status === "preparing").length, 0);
  bar.render({
    branches: state.branches, branchId: state.branchId, tickets: tickets.length, toCook, live: state.live,
    canSetAvailability: canSetAvailability(), unavailable: panel.unavailableCount(),
    floorLink: mayOpen(state.signIn.claims.role, "pos"), sound: chimeState(), name: state.signIn.staff.name,
  });
  if (state.loaded) board.render(tickets, Date.now());
  document.title = `${tickets.length ? `(${tickets.length}) ` : ""}${t("kitchen.title")} · Comanda`;
}

async function reload() {
  const branchId = state.branchId;
  if (!state.signIn || !branchId) return;
  state.buffered = state.buffered || [];
  try {
    const orders = await api.get(`/staff/branches/${path(branchId)}/orders`);
    if (branchId !== state.branchId) return;
    let next = mergeSnapshot(state.orders, floorFromSnapshot({ tables: [] }, orders));
    for (const message of state.buffered) next = applyOrder(next, message.data);
    state.buffered = null;
    commit(next, state.loaded);
    state.loaded = true;
    byId("board").removeAttribute("aria-busy"); // the board now shows the kitchen as it is
    draw();
  } catch (error) {
    state.buffered = null;
    if (state.signIn) toaster.show(messageOf(error), { tone: "error" });
  }
}

/** @param {Floor} next @param {boolean} announce */
function commit(next, announce) {
  const before = new Set(ticketsOf(state.orders.orders).map((o) => o.id));
  state.orders = next;
  if (announce && ticketsOf(next.orders).some((o) => !before.has(o.id))) chime();
  draw();
}

/** @param {{type: string, data?: any}} message */
function onMessage(message) {
  const data = message.data || {};
  if (data.branchId && data.branchId !== state.branchId) return;
  if (message.type === "menu.item.updated") {
    panel.patchItem(data);
    draw();
    return;
  }
  if (message.type === "menu.category.updated") {
    panel.patchCategory(data);
    schedulePauseEnd(data.pausedUntil);
    return;
  }
  if (message.type !== "order.created" && message.type !== "order.updated") return;
  if (state.buffered) state.buffered.push(message);
  else commit(applyOrder(state.orders, data), true);
}

setInterval(() => {
  if (state.signIn && state.loaded && !document.hidden) {
    board.tick(Date.now());
    draw();
  }
}, 15000);

async function loadMenu() {
  try {
    state.menu = await api.get(`/staff/branches/${path(state.branchId)}/menu`);
    panel.render(state.menu);
    for (const category of state.menu.categories) schedulePauseEnd(category.pausedUntil);
  } catch (error) {
    panel.render(null, messageOf(error));
  }
  draw();
}

// -- the cooks' taps ----------------------------------------------------------------------------
/** @param {string} name @param {(detail: any) => Promise<any>} run */
function onTap(name, run) {
  byId("board").addEventListener(name, async (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail;
    try {
      const order = await run(detail);
      commit(applyOrder(state.orders, order), false);
    } catch (error) {
      toaster.show(messageOf(error), { tone: "error" });
      if (/** @type {any} */ (error).status === 409) reload();
    } finally {
      detail.done?.();
    }
  });
}
onTap("bumpLine", ({ orderId, lineId, status }) =>
  api.post(`/staff/orders/${path(orderId)}/items/${path(lineId)}/status`, { status }));
onTap("serveLine", ({ orderId, lineId }) =>
  api.post(`/staff/orders/${path(orderId)}/items/${path(lineId)}/status`, { status: "served" }));
onTap("finishOrder", ({ orderId }) => api.post(`/staff/orders/${path(orderId)}/status`, { status: "ready" }));

byId("availability").addEventListener("setAvailability", async (event) => {
  const { itemId, available, done } = /** @type {CustomEvent} */ (event).detail;
  try {
    const item = await api.post(`/staff/branches/${path(state.branchId)}/menu/items/${path(itemId)}/availability`, { available });
    panel.patchItem(item);
    toaster.show(t(available ? "action.back" : "action.86d", { name: item.name }));
    done();
    draw();
  } catch (error) {
    done(messageOf(error));
  }
});

byId("availability").addEventListener("pauseCategory", async (event) => {
  const { categoryId, minutes, done } = /** @type {CustomEvent} */ (event).detail;
  try {
    const pause = await api.put(`/staff/branches/${path(state.branchId)}/menu/categories/${path(categoryId)}/pause`, { minutes });
    const paused = Date.parse(pause.pausedUntil) > Date.now();
    panel.patchCategory({ id: categoryId, pausedUntil: paused ? pause.pausedUntil : null });
    schedulePauseEnd(paused ? pause.pausedUntil : null);
    const name = state.menu?.categories.find((/** @type {any} */ c) => c.id === categoryId)?.name ?? "";
    toaster.show(paused ? t("kitchen.pausedToast", { name, time: clockTime(pause.pausedUntil) }) : t("kitchen.resumedToast", { name }));
    done();
  } catch (error) {
    done(messageOf(error));
  }
});

/** The pause ends by itself: the panel redraws then. @param {string | null | undefined} until */
function schedulePauseEnd(until) {
  if (!until) return;
  setTimeout(() => { if (state.menu) panel.render(state.menu); }, Math.max(0, Date.parse(until) - Date.now()) + 250);
}

/** @param {string} iso */
function clockTime(iso) {
  const zone = state.branches.find((b) => b.id === state.branchId)?.timezone;
  try {
    return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: zone }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(iso));
  }
}

const barRoot = byId("bar");
barRoot.addEventListener("openAvailability", () => panel.open());
barRoot.addEventListener("signOut", () => signOut(t("login.signedOut")));
barRoot.addEventListener("toggleSound", () => {
  const sound = chimeState();
  if (sound === "locked") unlock();
  else setMuted(sound === "on");
});
barRoot.addEventListener("switchBranch", (event) => {
  state.branchId = /** @type {CustomEvent} */ (event).detail.branchId;
  const branch = state.branches.find((b) => b.id === state.branchId);
  if (branch) useBranch(branch);
  state.orders = emptyFloor();
  state.loaded = false;
  byId("board").setAttribute("aria-busy", "true");
  draw();
  reload();
  if (canSetAvailability()) loadMenu();
});
document.addEventListener("pointerdown", () => { if (chimeState() === "locked") unlock(); }, { passive: true });
onChimeState(() => draw());
// Drops the live connection as a network failure would (tests; a "reconnect now" for support).
window.addEventListener("staff:dropLive", () => socket?.reconnect());

start();
