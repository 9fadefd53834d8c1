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

/** @param {Order} order */
export function isOnBoard(order) {
  if (!OPEN_ORDER_STATES.includes(order.status) || order.awaitingApproval) return false; // staff accept it first
  return order.items.some((line) => line.status !== "served" && line.status !== "cancelled");
}

/** @param {Order[]} orders @returns {Order[]} the tickets, oldest first */
export function ticketsOf(orders) {
  return orders.filter(isOnBoard).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
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
