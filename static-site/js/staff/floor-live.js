// @ts-check
/**
 * The floor of the chosen branch: a REST snapshot on every (re)connect, then the socket's pushes
 * (buffered while the snapshot loads), each change drawn and, when something arrived, chimed.
 */
import { chime } from "./chime.js";
import { applyMessage, arrivals, feedOf, floorFromSnapshot, mergeSnapshot, tableByCode } from "./floor.js";
import { messageOf } from "./staff-session.js";
import { api, byId, menuPage, session, state } from "./app.js";
import { drawAll } from "./screen.js";
import { sectionList, soundsFor } from "./sections.js";
import { loadBill } from "./tables-controller.js";
import { loadMenu } from "./menu-controller.js";

/** @typedef {import("./floor.js").Floor} Floor */

// -- the floor: a REST snapshot, then pushes -----------------------------------------------
export async function reloadFloor() {
  if (!session.signIn() || !state.branchId) return;
  const branchId = state.branchId;
  state.buffered = state.buffered || [];
  try {
    const [tables, orders, joins, sections] = await Promise.all([
      api.get(`/staff/branches/${encodeURIComponent(branchId)}/tables`),
      api.get(`/staff/branches/${encodeURIComponent(branchId)}/orders`),
      // phones asking to join a table: a failure here leaves the rest of the floor shown (and the pushes still come)
      api.get(`/staff/branches/${encodeURIComponent(branchId)}/join-requests`).catch(() => ({ joinRequests: [] })),
      // the sections' names and waiters (the tables carry their own section): a failure leaves them out
      api.get(`/staff/branches/${encodeURIComponent(branchId)}/sections`).catch(() => ({ sections: [] })),
    ]);
    if (branchId !== state.branchId) return;
    let next = mergeSnapshot(state.floor, { ...floorFromSnapshot(tables, orders, joins), sections: sectionList(sections) });
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
    if (!session.signIn()) return;
    byId("staff-main").removeAttribute("aria-busy");
    state.floorError = messageOf(error);
    drawAll();
  }
}

/**
 * The one way the floor changes: re-draws, and chimes for what has just arrived.
 * @param {Floor} next @param {{announce: boolean}} options
 */
export function commit(next, { announce }) {
  const before = feedOf(state.floor);
  const after = feedOf(next);
  const arrived = arrivals(before, after);
  state.floor = next;
  state.fresh = new Set(announce ? arrived.map((item) => item.key) : []);
  // what arrives at someone else's section shows, silently (sections.js)
  const audible = arrived.filter((item) => soundsFor(next, item.tableCode, listener()));
  if (announce && audible.length) chime({ urgent: audible.some((item) => item.kind === "bill" || item.kind === "waiter") });
  drawAll();
}

/** Who is at this screen, for the chime and "my section first". @returns {import("./sections.js").Listener} */
export function listener() {
  const signIn = session.signIn();
  return { id: signIn?.staff.id || "", hearsAll: session.holds("manage_sections") };
}

/** @param {import("./floor.js").LiveMessage} message */
export function onLiveMessage(message) {
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
    clearTimeout(state.billRefresh);
    state.billRefresh = setTimeout(() => loadBill(/** @type {any} */ (selected.session).id), 300);
  }
}
