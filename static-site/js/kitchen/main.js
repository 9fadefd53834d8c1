// @ts-check
/**
 * The kitchen display's controller: signed in by the staff session (staff-session.js, the same
 * sign-in and socket as the staff pages), it reads the branch's open orders, keeps them live
 * over the socket, and sends the cooks' taps. A screen shows one station (the bar, the grill) or all
 * of them (expo): chosen in its bar, by the URL (`/kitchen/?station=bar`), and remembered by the device.
 */
import { chooseLanguage, t, translate, useDictionary } from "../lib/i18n.js";
import { staffDictionary } from "../i18n/staff.js";
import { chime, chimeState, onChimeState, setMuted, unlock } from "../staff/chime.js";
import { clockTime } from "../staff/elapsed.js";
import { applyOrder, emptyFloor, floorFromSnapshot, mergeSnapshot } from "../staff/floor.js";
import { createStaffSession, messageOf, useBranch } from "../staff/staff-session.js";
import { mountToaster } from "../lib/toaster.js";
import { openPasswordDialog } from "../staff/password-dialog.js";
import { mountAllDayStrip } from "./all-day-strip.js";
import { mountAvailabilityPanel } from "./availability-panel.js";
import { mountKitchenBar } from "./kitchen-bar.js";
import { mountTicketBoard } from "./ticket-board.js";
import { atStation, chooseStation, rememberServed, stillRecallable, ticketsOf } from "./tickets.js";

/** @typedef {import("../staff/floor.js").Floor} Floor */
/** @typedef {{id: string, name: string, languages: string[], timezone?: string}} KitchenBranch */

useDictionary(staffDictionary);
chooseLanguage(["es", "en"]);
translate();

const byId = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
const bar = mountKitchenBar(byId("bar"));
const board = mountTicketBoard(byId("board"));
const panel = mountAvailabilityPanel(/** @type {HTMLDialogElement} */ (byId("availability")), (iso) => clockTime(iso));
const toaster = mountToaster(byId("toaster"));
const STATION_KEY = "comanda.kitchen.station";
const allDay = mountAllDayStrip(byId("all-day"));

/** The kitchen display's one state object (the sign-in itself is the staff session's). */
const state = {
  /** @type {KitchenBranch[]} */ branches: [],
  branchId: "",
  /** @type {Floor} */ orders: emptyFloor(),
  loaded: false,
  /** @type {any[] | null} */ buffered: null,
  live: "connecting",
  /** @type {any} */ menu: null,
  /** @type {import("../staff/floor.js").Order[]} tickets served lately (the server's list at load, then what this screen saw go), newest first */ served: [],
  /** @type {{id: string, name: string}[]} the chain's stations (from the menu) */ stations: [],
  /** the station this screen shows; "" is expo (every station) */
  station: chooseStation(new URLSearchParams(location.search).get("station"), rememberedStation(), null),
};

/** The station this device's screen showed last (null: none, or storage is off). */
function rememberedStation() {
  try {
    return localStorage.getItem(STATION_KEY);
  } catch {
    return null;
  }
}

/** @param {string} station */
function rememberStation(station) {
  try {
    localStorage.setItem(STATION_KEY, station);
  } catch {
    // private mode: the URL still says it
  }
  const url = new URL(location.href);
  if (station) url.searchParams.set("station", station);
  else url.searchParams.delete("station");
  history.replaceState(history.state, "", url);
}

/** @type {ReturnType<typeof createStaffSession<KitchenBranch>>} */
const session = createStaffSession({ loginRoot: byId("login"), shell: byId("shell"), liveBanner: byId("live") });
const api = session.api;
const path = encodeURIComponent;

function canSetAvailability() {
  return session.holds("set_availability");
}

function draw() {
  const signIn = session.signIn();
  if (!signIn) return;
  const tickets = ticketsOf(state.orders.orders, state.station);
  const toCook = tickets.reduce((n, order) => n + order.items.filter((l) => l.status === "pending" || l.status === "preparing").length, 0);
  bar.render({
    branches: state.branches, branchId: state.branchId, tickets: tickets.length, toCook, live: state.live,
    canSetAvailability: canSetAvailability(), unavailable: panel.unavailableCount(),
    floorLink: session.mayOpen("pos"), sound: chimeState(), name: signIn.staff.name,
    stations: state.stations, station: state.station,
  });
  const names = Object.fromEntries(state.stations.map((s) => [s.id, s.name]));
  const served = state.served.filter((order) => order.items.some((line) => atStation(line, state.station)));
  if (state.loaded) board.render(tickets, Date.now(), served, { station: state.station, names });
  const place = state.station ? `${names[state.station] || state.station} · ` : "";
  document.title = `${tickets.length ? `(${tickets.length}) ` : ""}${place}${t("kitchen.title")} · Comanda`;
}

async function reload() {
  const branchId = state.branchId;
  if (!session.signIn() || !branchId) return;
  state.buffered = state.buffered || [];
  try {
    const [orders, served] = await Promise.all([
      api.get(`/staff/branches/${path(branchId)}/orders`),
      api.get(`/staff/branches/${path(branchId)}/orders?status=served`), // the strip survives a reload
    ]);
    if (branchId !== state.branchId) return;
    let next = mergeSnapshot(state.orders, floorFromSnapshot({ tables: [] }, orders));
    state.served = stillRecallable(served.orders, Date.now()).slice(0, 6);
    for (const message of state.buffered) {
      state.served = rememberServed(state.served, message.data, Date.now());
      next = applyOrder(next, message.data);
    }
    state.buffered = null;
    commit(next, state.loaded);
    state.loaded = true;
    byId("board").removeAttribute("aria-busy"); // the board now shows the kitchen as it is
    draw();
  } catch (error) {
    state.buffered = null;
    if (session.signIn()) toaster.show(messageOf(error), { tone: "error" });
  }
}

/** An order as a push or a tap's answer brought it: the board, and the "recently served" strip. @param {any} order */
function receive(order) {
  state.served = rememberServed(state.served, order, Date.now());
  return applyOrder(state.orders, order);
}

/** The all-day counts are the server's: asked again shortly after a change, at most one request
 * per `delay` however busy the stream (changes meanwhile are counted by that request). */
let countsTimer = /** @type {ReturnType<typeof setTimeout> | undefined} */ (undefined);
function refreshCounts(delay = 600) {
  if (countsTimer !== undefined) return;
  countsTimer = setTimeout(async () => {
    countsTimer = undefined;
    const branchId = state.branchId;
    if (!session.signIn() || !branchId) return;
    const station = state.station;
    try {
      const query = station ? `?station=${path(station)}` : "";
      const reply = await api.get(`/staff/branches/${path(branchId)}/all-day-counts${query}`);
      if (branchId === state.branchId && station === state.station) allDay.render(reply.counts);
    } catch {
      // the strip keeps its last counts; the next change asks again
    }
  }, delay);
}

/** @param {Floor} next @param {boolean} announce */
function commit(next, announce) {
  const before = new Set(ticketsOf(state.orders.orders, state.station).map((o) => o.id));
  state.orders = next;
  if (announce && ticketsOf(next.orders, state.station).some((o) => !before.has(o.id))) chime();
  refreshCounts();
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
  else commit(receive(data), true);
}

setInterval(() => {
  if (session.signIn() && state.loaded && !document.hidden) {
    board.tick(Date.now());
    draw();
  }
}, 15000);

async function loadMenu() {
  try {
    state.menu = await api.get(`/staff/branches/${path(state.branchId)}/menu`);
    useStations(state.menu.stations || []);
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
      commit(receive(order), false);
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
onTap("finishOrder", ({ orderId, station }) =>
  api.post(`/staff/orders/${path(orderId)}/status`, station ? { status: "ready", station } : { status: "ready" }));
onTap("undoLine", ({ orderId, lineId }) => api.post(`/staff/orders/${path(orderId)}/items/${path(lineId)}/undo`));
onTap("recallOrder", ({ orderId }) => api.post(`/staff/orders/${path(orderId)}/recall`));

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

const barRoot = byId("bar");
barRoot.addEventListener("openAvailability", () => panel.open());
barRoot.addEventListener("switchStation", (event) => showStation(/** @type {CustomEvent} */ (event).detail.station));

/** The chain's stations are known: a station asked for that the chain does not have is expo.
 * @param {{id: string, name: string}[]} stations */
function useStations(stations) {
  state.stations = stations;
  const known = stations.map((s) => s.id);
  const station = chooseStation(new URLSearchParams(location.search).get("station"), rememberedStation(), known);
  if (station !== state.station) showStation(station);
  else rememberStation(station); // a station the URL named is this screen's from now on
}

/** This screen shows another station (or expo): its tickets, its counts, remembered. @param {string} station */
function showStation(station) {
  state.station = station;
  rememberStation(station);
  allDay.render([]);
  refreshCounts(0);
  draw();
}
barRoot.addEventListener("signOut", () => session.signOut(t("login.signedOut")));
barRoot.addEventListener("changePassword", () => openPasswordDialog((current, next) => session.changePassword(current, next)));
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
  state.served = [];
  state.loaded = false;
  allDay.render([]);
  byId("board").setAttribute("aria-busy", "true");
  draw();
  reload();
  loadMenu();
});
document.addEventListener("pointerdown", () => { if (chimeState() === "locked") unlock(); }, { passive: true });
onChimeState(() => draw());

session.start({
  onEnter: ({ branches, branchId }) => {
    state.branches = branches;
    state.branchId = branchId;
    draw();
    loadMenu(); // its stations (every role), and the 86 list for roles that set availability
  },
  onBranchesFailed: (message) => toaster.show(message, { tone: "error" }),
  onSignedOut: () => {
    state.orders = emptyFloor();
    state.served = [];
    state.loaded = false;
  },
  onMessage,
  onOpen: reload,
  onStatus: (status) => {
    state.live = status;
    draw();
  },
});
