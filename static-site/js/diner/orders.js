// @ts-check
/**
 * The table session as the diner sees it (GET /api/session), and the pure rules that fold
 * pushed messages into it. A late or repeated push never moves anything backwards.
 */

/**
 * @typedef {"pending" | "preparing" | "ready" | "served" | "cancelled"} LineStatus
 * @typedef {"pending" | "accepted" | "preparing" | "ready" | "served" | "cancelled"} OrderStatus
 * @typedef {"pending" | "active" | "completed"} SessionStatus
 *
 * @typedef {object} OrderLine
 * @property {string} id
 * @property {string} menuItemId
 * @property {string} name
 * @property {number} quantity
 * @property {number} unitPrice
 * @property {number} total
 * @property {string} notes
 * @property {LineStatus} status
 * @property {{name: string}[]} [options]   the choices made (modifiers)
 * @property {{reason: string, at: string, amount: number} | null} [void]   staff took it off the bill, and why
 *
 * @typedef {object} Order
 * @property {string} id
 * @property {OrderStatus} status
 * @property {OrderLine[]} items
 * @property {number} subtotal
 * @property {number} total
 * @property {string} notes
 * @property {string} createdAt
 * @property {string} [orderedBy]
 * @property {string} [customerId]
 * @property {boolean} [addedByStaff]        placed by a waiter on the table's behalf
 * @property {boolean} [awaitingApproval]    above the branch's threshold: waits for staff to accept it
 * @property {string | null} [rejectionReason]
 * @property {any} [estimate]               the kitchen's wait estimate (timing.js's waitLeft reads it)
 * @property {number} version
 *
 * @typedef {object} ServiceRequest
 * @property {string} id
 * @property {"waiter" | "bill"} kind
 * @property {"open" | "acknowledged"} status
 * @property {string} createdAt
 * @property {number} [version]
 *
 * @typedef {object} SessionView
 * @property {string} id
 * @property {SessionStatus} status
 * @property {string | null} [endReason]   closed | rejected | replaced
 * @property {string | null} [reason]      the staff's note on a rejection
 * @property {{customerId: string, name: string}[]} participants
 * @property {Order[]} orders
 * @property {ServiceRequest[]} requests
 * @property {number} subtotal
 * @property {string} currency
 */

/** @type {Record<SessionStatus, number>} */
const SESSION_RANK = { pending: 0, active: 1, completed: 2 };
/** @type {Record<string, number>} */
const REQUEST_RANK = { open: 1, acknowledged: 2 };

/**
 * session.updated: status and participants; a session never goes back to an earlier state.
 * @param {SessionView} session @param {any} data
 * @returns {SessionView}
 */
export function applySessionUpdate(session, data) {
  if (!data || data.id !== session.id) return session;
  if (SESSION_RANK[/** @type {SessionStatus} */ (data.status)] < SESSION_RANK[session.status]) return session;
  return {
    ...session,
    status: data.status,
    endReason: data.endReason ?? session.endReason ?? null,
    reason: data.reason ?? session.reason ?? null,
    participants: Array.isArray(data.participants) ? data.participants : session.participants,
  };
}

/** @param {Order[]} orders */
function sumOf(orders) {
  return orders.reduce((sum, order) => sum + order.subtotal, 0);
}

/**
 * order.created / order.updated: the whole order, unless what we hold is newer.
 * @param {SessionView} session @param {Order} order
 * @returns {SessionView}
 */
export function upsertOrder(session, order) {
  if (!order || !order.id) return session;
  const known = session.orders.find((o) => o.id === order.id);
  if (known && (order.version ?? 0) < (known.version ?? 0)) return session;
  const orders = known ? session.orders.map((o) => (o === known ? order : o)) : [order, ...session.orders];
  return { ...session, orders, subtotal: sumOf(orders) };
}

/**
 * order.item.updated {orderId, lineId, status, orderStatus, version}: one line's new state.
 * The same version may carry several lines (an order-wide move), so equal versions apply.
 * @param {SessionView} session @param {any} data
 * @returns {SessionView}
 */
export function applyLineUpdate(session, data) {
  const order = session.orders.find((o) => o.id === data?.orderId);
  if (!order || (data.version ?? 0) < (order.version ?? 0)) return session;
  const items = order.items.map((line) => (line.id === data.lineId ? { ...line, status: data.status } : line));
  const updated = { ...order, items, status: data.orderStatus ?? order.status, version: data.version ?? order.version };
  return { ...session, orders: session.orders.map((o) => (o === order ? updated : o)) };
}

/**
 * Which line pushes are news: a retried stream record repeats a line's push with the same
 * version, and a late one carries an older version; only a newer version of a line is news.
 * (Lines moved together by one version are each news.)
 * @returns {(data: {orderId: string, lineId: string, version?: number}) => boolean}
 */
export function lineNews() {
  /** @type {Map<string, number>} */
  const newest = new Map();
  return ({ orderId, lineId, version }) => {
    if (version === undefined || version === null) return true;
    const key = `${orderId}/${lineId}`;
    const known = newest.get(key);
    if (known !== undefined && version <= known) return false;
    newest.set(key, version);
    return true;
  };
}

/**
 * request.created / request.updated: a waiter call or bill request and its state.
 * @param {SessionView} session @param {ServiceRequest} request
 * @returns {SessionView}
 */
export function upsertRequest(session, request) {
  if (!request || !request.id) return session;
  const known = session.requests.find((r) => r.id === request.id);
  if (known && REQUEST_RANK[request.status] < REQUEST_RANK[known.status]) return session;
  const requests = known ? session.requests.map((r) => (r === known ? { ...known, ...request } : r)) : [...session.requests, request];
  return { ...session, requests };
}

/**
 * Which requests are open (the button then reads "Waiter Called" / "Bill Requested").
 * @param {SessionView | null} session
 * @returns {{waiter: boolean, bill: boolean}}
 */
export function openRequests(session) {
  const open = { waiter: false, bill: false };
  for (const request of session?.requests ?? []) {
    if (request.status === "open" && request.kind in open) open[request.kind] = true;
  }
  return open;
}

/**
 * Orders newest first, each with its number in the session (1 = the first order).
 * @param {SessionView} session
 * @returns {{order: Order, number: number}[]}
 */
export function numberedOrders(session) {
  const oldestFirst = [...session.orders].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  return oldestFirst.map((order, index) => ({ order, number: index + 1 })).reverse();
}

/**
 * The order's state in words: "Ceviche Clásico ready, Lomo Saltado preparing".
 * @param {Order} order
 * @param {(status: LineStatus) => string} word  the status in the diner's language
 * @returns {string}
 */
export function describeOrder(order, word) {
  return order.items.map((line) => `${line.name} ${word(line.status)}`).join(", ");
}

/**
 * Where a diner may be: the page to send them to instead, or null to stay.
 * @param {string} page  entry | waiting | menu | item | cart | status | profile
 * `joining`: the tab asked to join the table and waits for a yes (no token yet): it stays on the waiting page.
 * @param {{hasToken: boolean, joining?: boolean, status?: SessionStatus | null, endReason?: string | null}} facts
 * @returns {string | null}
 */
export function redirectFor(page, { hasToken, joining = false, status, endReason }) {
  if (!hasToken && joining) return page === "waiting" ? null : "waiting";
  if (!hasToken) return page === "entry" ? null : "entry";
  if (status === "completed") return endReason === "rejected" && page === "waiting" ? null : endReason === "rejected" ? "waiting" : "entry";
  // while the staff confirm the table, the diner may browse the menu and fill a cart (sent once they do)
  if (status === "pending") return ["waiting", "profile", "menu", "item", "cart"].includes(page) ? null : "waiting";
  if (status === "active") return page === "entry" || page === "waiting" ? "menu" : null;
  return null;
}

/**
 * A fresh GET /api/session folded over what pushes already told us: whichever is newer wins
 * for each order, request and the session's state, so a slow snapshot cannot undo a push.
 * @param {SessionView | null} held @param {SessionView} fresh
 * @returns {SessionView}
 */
export function mergeSnapshot(held, fresh) {
  if (!held || held.id !== fresh.id) return fresh;
  const orders = fresh.orders.map((order) => {
    const known = held.orders.find((o) => o.id === order.id);
    return known && (known.version ?? 0) > (order.version ?? 0) ? known : order;
  });
  for (const order of held.orders) if (!orders.some((o) => o.id === order.id)) orders.unshift(order);
  const requests = fresh.requests.map((request) => {
    const known = held.requests.find((r) => r.id === request.id);
    return known && REQUEST_RANK[known.status] > REQUEST_RANK[request.status] ? known : request;
  });
  const merged = { ...fresh, orders, requests, subtotal: sumOf(orders) };
  if (SESSION_RANK[held.status] > SESSION_RANK[fresh.status]) {
    return { ...merged, status: held.status, endReason: held.endReason, reason: held.reason };
  }
  return merged;
}

/**
 * @typedef {object} PersonShare
 * @property {string} key          the customer id, or "" for what staff ordered for the whole table
 * @property {string} name
 * @property {{order: Order, line: OrderLine}[]} lines
 * @property {number} subtotal
 */

/**
 * The table's billable lines grouped by who ordered them, in the order people first ordered,
 * with a subtotal each: how the table can split the bill. Cancelled lines are nobody's.
 * @param {SessionView} session
 * @returns {PersonShare[]}
 */
export function splitByPerson(session) {
  /** @type {Map<string, PersonShare>} */
  const shares = new Map();
  const oldestFirst = [...session.orders].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const order of oldestFirst) {
    if (order.status === "cancelled") continue;
    for (const line of order.items) {
      if (line.status === "cancelled") continue;
      const key = order.customerId ?? "";
      let share = shares.get(key);
      if (!share) {
        share = { key, name: order.orderedBy ?? "", lines: [], subtotal: 0 };
        shares.set(key, share);
      }
      share.lines.push({ order, line });
      share.subtotal += line.total;
    }
  }
  return [...shares.values()];
}
