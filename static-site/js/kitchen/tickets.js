// @ts-check
/**
 * The kitchen display's rules, pure: which orders are on the board (open ones, oldest
 * first), what a tap does to a line, and when a ticket leaves (every line served or
 * cancelled). The board's state is the floor's order half (../staff/floor.js), without tables.
 */
import { OPEN_ORDER_STATES } from "../staff/floor.js";

/** @typedef {import("../staff/floor.js").Order} Order */
/** @typedef {import("../staff/floor.js").OrderLine} OrderLine */

/** pending -> preparing -> ready: a cook's tap. Ready lines wait for the waiter. */
const NEXT_BY_TAP = /** @type {Record<string, string | undefined>} */ ({ pending: "preparing", preparing: "ready" });

/** @param {OrderLine} line @returns {string | null} */
export function nextLineStatus(line) {
  return NEXT_BY_TAP[line.status] || null;
}

/** Lines stored before stations (no `station`) are the kitchen's, as the server counts them. */
export const DEFAULT_STATION = "kitchen";

/** @param {OrderLine} line @param {string} station  "" is expo: every station */
export function atStation(line, station) {
  return !station || (line.station || DEFAULT_STATION) === station;
}

/** @param {OrderLine} line */
const stillOpen = (line) => line.status !== "served" && line.status !== "cancelled";

/** @param {Order} order @param {string} [station] "" (expo): every station's lines */
export function isOnBoard(order, station = "") {
  if (!OPEN_ORDER_STATES.includes(order.status) || order.awaitingApproval) return false; // staff accept it first
  return order.items.some((line) => stillOpen(line) && atStation(line, station));
}

/**
 * The tickets of one station's screen (or expo's, `""`), oldest first: each with only that
 * station's lines, and `elsewhere`, the portions the other stations still have to make, counted per
 * station (the ticket's "+2 at Kitchen").
 * @param {Order[]} orders @param {string} [station]
 * @returns {(Order & {elsewhere: {station: string, count: number}[]})[]}
 */
export function ticketsOf(orders, station = "") {
  return orders.filter((order) => isOnBoard(order, station))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
    .map((order) => {
      if (!station) return { ...order, elsewhere: [] };
      /** @type {Map<string, number>} */
      const others = new Map();
      for (const line of order.items) {
        if (!atStation(line, station) && (line.status === "pending" || line.status === "preparing")) {
          const at = line.station || DEFAULT_STATION;
          others.set(at, (others.get(at) || 0) + line.quantity);
        }
      }
      return { ...order, items: order.items.filter((line) => atStation(line, station)),
        elsewhere: [...others].map(([at, count]) => ({ station: at, count })) };
    });
}

/**
 * Which station this screen shows: the URL's (`?station=bar`), else the one it remembers, else
 * expo (`""`); a station the chain does not have (any more) is expo. `known` null: the stations
 * are not loaded yet, so a wish is kept as it is.
 * @param {string | null} fromUrl @param {string | null} remembered @param {string[] | null} known
 */
export function chooseStation(fromUrl, remembered, known) {
  for (const wish of [fromUrl, remembered]) {
    if (wish === "" || wish === "all") return "";
    if (wish && (!known || known.includes(wish))) return wish;
  }
  return "";
}

/** @param {Order} order @returns {{ready: number, total: number}} lines ready or served, of the lines not cancelled */
export function progressOf(order) {
  const live = order.items.filter((line) => line.status !== "cancelled");
  return { ready: live.filter((line) => line.status === "ready" || line.status === "served").length, total: live.length };
}

/** @param {Order} order  a ticket the cooks can finish with one tap ("all ready") */
export function hasLinesToCook(order) {
  return order.items.some((line) => line.status === "pending" || line.status === "preparing");
}

/** Kitchen times are longer than the floor's: a ticket turns amber at 10 min, red at 20. */
export const KITCHEN_LIMITS = { waiting: 10, late: 20 };

/**
 * Lines whose last bump the server still lets the cooks take back (its `undoUntil` not passed).
 * @param {Order} order @param {number} now epoch ms @returns {string[]} line ids
 */
export function undoableLines(order, now) {
  return order.items.filter((line) => line.undoUntil && Date.parse(line.undoUntil) > now).map((line) => line.id);
}

/**
 * The kitchen's "recently served" list: a served order joins it (newest first), an order open
 * again leaves it, and what the server no longer lets recall (`recallUntil` passed) drops off.
 * @param {Order[]} recent @param {Order} order  as a push or a tap's answer brought it @param {number} now
 * @param {number} [keep] at most this many @returns {Order[]}
 */
export function rememberServed(recent, order, now, keep = 6) {
  const others = recent.filter((o) => o.id !== order.id);
  const next = order.status === "served" && order.recallUntil ? [order, ...others] : others;
  return stillRecallable(next, now).slice(0, keep);
}

/** @param {Order[]} recent @param {number} now @returns {Order[]} */
export function stillRecallable(recent, now) {
  return recent.filter((o) => o.recallUntil && Date.parse(o.recallUntil) > now);
}
