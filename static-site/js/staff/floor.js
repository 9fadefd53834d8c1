// @ts-check
/**
 * The floor of one branch as the POS and the Tables page see it: its tables with their
 * sessions and open requests, and its open orders. Pure: built from a REST snapshot, then
 * moved one pushed message at a time; nothing here touches the DOM or the network.
 *
 * Pushes can repeat or arrive late; every object carries the stored version when the
 * server knows it, and an older version never replaces a newer one (nor revives an order
 * or a request that has already left).
 */

/**
 * @typedef {{customerId?: string, name: string, joinedAt?: string}} Participant
 * @typedef {{id: string, status: string, startedAt: string, participants: Participant[], tableCode?: string,
 *   branchId?: string, replacesSessionId?: string | null, approvedAt?: string | null, endedAt?: string | null,
 *   version?: number}} Session
 * @typedef {{id: string, kind: "waiter" | "bill", status: string, sessionId: string, tableCode: string,
 *   createdAt: string, version?: number}} ServiceRequest
 * @typedef {{groupId: string, groupName: string, optionId: string, name: string, priceDelta: number}} ChosenOption
 * @typedef {{id: string, menuItemId?: string, name: string, quantity: number, unitPrice?: number, notes: string,
 *   status: string, options?: ChosenOption[], ageRestricted?: boolean, readyAt?: string | null,
 *   undoUntil?: string | null, undoTo?: string | null, station?: string}} OrderLine
 * @typedef {{id: string, sessionId: string, tableCode: string, status: string, items: OrderLine[], notes: string,
 *   createdAt: string, updatedAt?: string, orderedBy?: string, total?: number, currency?: string,
 *   addedByStaff?: boolean, awaitingApproval?: boolean, rejectionReason?: string | null, version?: number,
 *   tableLabel?: string, recallUntil?: string | null}} Order
 * @typedef {{code: string, label: string, seats?: number | null, session: Session | null,
 *   pendingSession: Session | null, requests: ServiceRequest[], section?: import("./sections.js").TableSection | null}} Table
 *   `section`: the floor's section the table is in and its waiter (none: everyone's)
 * @typedef {{id: string, name: string, tableCode: string, sessionId?: string, createdAt: string, expiresAt?: string}} JoinRequest
 *   a phone asking to join a table in use (waiting for a yes from the table or the staff)
 * @typedef {{tables: Table[], orders: Order[], versions: Record<string, number>, joins?: JoinRequest[], decidedJoins?: string[],
 *   sections?: import("./sections.js").Section[]}} Floor
 *   `decidedJoins`: requests seen answered, so a late push or snapshot cannot bring them back;
 *   `sections`: the branch's sections of the floor (sections.js)
 * @typedef {"free" | "pending" | "active" | "bill_requested"} TableState
 * @typedef {"session" | "order" | "ready" | "waiter" | "bill" | "join"} FeedKind
 * @typedef {{key: string, kind: FeedKind, tableCode: string, tableLabel: string, since: string,
 *   session?: Session, order?: Order, request?: ServiceRequest, join?: JoinRequest, tableHasActiveSession?: boolean}} FeedItem
 * @typedef {{type: string, data?: any}} LiveMessage
 */
import { applySectionMessage } from "./sections.js";

export const OPEN_ORDER_STATES = ["pending", "accepted", "preparing", "ready"];

/** @returns {Floor} */
export function emptyFloor() {
  return { tables: [], orders: [], versions: {} };
}

/**
 * @param {{tables: any[]}} tablesReply   GET /staff/branches/{id}/tables
 * @param {{orders: Order[]}} ordersReply GET /staff/branches/{id}/orders
 * @param {{joinRequests: JoinRequest[]}} [joinsReply] GET /staff/branches/{id}/join-requests
 * @returns {Floor}
 */
export function floorFromSnapshot(tablesReply, ordersReply, joinsReply = { joinRequests: [] }) {
  /** @type {Floor} */
  const floor = { tables: [], orders: [], versions: {}, joins: [...(joinsReply.joinRequests || [])], decidedJoins: [] };
  floor.tables = tablesReply.tables.map((t) => ({
    code: t.code, label: t.label, seats: t.seats ?? null,
    session: t.session || null, pendingSession: t.pendingSession || null, requests: t.requests || [],
    section: t.section || null,
  }));
  for (const order of ordersReply.orders) {
    if (order.version !== undefined) floor.versions[`order:${order.id}`] = order.version;
    if (OPEN_ORDER_STATES.includes(order.status)) floor.orders.push(order);
  }
  return floor;
}

/**
 * Keeps the versions the floor had already seen (a snapshot read while pushes arrive must
 * not bring back what has left).
 * @param {Floor} before @param {Floor} snapshot @returns {Floor}
 */
export function mergeSnapshot(before, snapshot) {
  const versions = { ...before.versions };
  const orders = snapshot.orders.filter((order) => {
    const known = versions[`order:${order.id}`];
    return known === undefined || order.version === undefined || order.version >= known;
  });
  for (const order of orders) if (order.version !== undefined) versions[`order:${order.id}`] = order.version;
  const decidedJoins = before.decidedJoins || [];
  const joins = (snapshot.joins || []).filter((join) => !decidedJoins.includes(join.id));
  return { ...snapshot, orders, versions, joins, decidedJoins };
}

/** @param {Floor} floor @param {string} kind @param {{id: string, version?: number}} object */
function isStale(floor, kind, object) {
  const known = floor.versions[`${kind}:${object.id}`];
  return known !== undefined && object.version !== undefined && object.version <= known;
}

/** @param {Floor} floor @param {string} kind @param {{id: string, version?: number}} object */
function remember(floor, kind, object) {
  return object.version === undefined ? floor.versions : { ...floor.versions, [`${kind}:${object.id}`]: object.version };
}

/**
 * @param {Floor} floor @param {string} code @param {(table: Table) => Table} change
 * @returns {Floor}
 */
function changeTable(floor, code, change) {
  return { ...floor, tables: floor.tables.map((t) => (t.code === code ? change(t) : t)) };
}

/**
 * One pushed message (API.md's WebSocket types), or a REST reply applied the same way.
 * @param {Floor} floor @param {LiveMessage} message @returns {Floor}
 */
export function applyMessage(floor, message) {
  const data = message.data;
  if (!data) return floor;
  switch (message.type) {
    case "session.updated": // a move arrives as the session at its new table (session.moved says the same)
      return applySession(floor, data);
    case "order.created":
    case "order.updated":
      return applyOrder(floor, data);
    case "request.created":
    case "request.updated":
      return applyRequest(floor, data);
    case "join.requested":
      return applyJoin(floor, { ...data, status: "waiting" });
    case "join.updated":
      return applyJoin(floor, data);
    case "section.updated":
    case "table.section.updated":
      return applySectionMessage(floor, message);
    default:
      return floor;
  }
}

/** @param {Floor} floor @param {Session} session @returns {Floor} */
export function applySession(floor, session) {
  if (isStale(floor, "session", session) || !session.tableCode) return floor;
  const versions = remember(floor, "session", session);
  const left = leaveOtherTables(floor, session);
  const moved = changeTable(left, session.tableCode, (table) => {
    let { session: active, pendingSession: pending, requests } = table;
    if (session.status === "pending") {
      pending = session;
    } else if (session.status === "active") {
      if (pending && pending.id === session.id) pending = null;
      active = session;
    } else {
      if (pending && pending.id === session.id) pending = null;
      if (active && active.id === session.id) {
        active = null;
        requests = requests.filter((r) => r.sessionId !== session.id);
      }
    }
    return { ...table, session: active, pendingSession: pending, requests };
  });
  return { ...moved, versions };
}

/**
 * A session moved to another table (guests changed seats): it leaves the tables it is no
 * longer at (free again), and its open requests come with it.
 * @param {Floor} floor @param {Session} session @returns {Floor}
 */
function leaveOtherTables(floor, session) {
  if (!floor.tables.some((t) => t.code !== session.tableCode && (t.session?.id === session.id || t.pendingSession?.id === session.id))) {
    return floor;
  }
  const carried = floor.tables.flatMap((table) => (table.code === session.tableCode ? []
    : table.requests.filter((r) => r.sessionId === session.id).map((r) => ({ ...r, tableCode: /** @type {string} */ (session.tableCode) }))));
  return {
    ...floor,
    tables: floor.tables.map((table) => {
      if (table.code === session.tableCode) {
        return carried.length ? { ...table, requests: [...table.requests.filter((r) => !carried.some((c) => c.id === r.id)), ...carried] } : table;
      }
      const here = table.session?.id === session.id;
      if (!here && table.pendingSession?.id !== session.id) return table;
      return {
        ...table,
        session: here ? null : table.session,
        pendingSession: table.pendingSession?.id === session.id ? null : table.pendingSession,
        requests: table.requests.filter((r) => r.sessionId !== session.id),
      };
    }),
  };
}

/** @param {Floor} floor @param {Order} order @returns {Floor} */
export function applyOrder(floor, order) {
  if (isStale(floor, "order", order)) return floor;
  const versions = remember(floor, "order", order);
  const others = floor.orders.filter((o) => o.id !== order.id);
  if (!OPEN_ORDER_STATES.includes(order.status)) return { ...floor, orders: others, versions };
  const existing = floor.orders.find((o) => o.id === order.id);
  const orders = existing ? floor.orders.map((o) => (o.id === order.id ? order : o)) : [...others, order];
  return { ...floor, orders, versions };
}

/** @param {Floor} floor @param {ServiceRequest} request @returns {Floor} */
export function applyRequest(floor, request) {
  if (isStale(floor, "request", request)) return floor;
  const versions = remember(floor, "request", request);
  const tables = floor.tables.map((table) => {
    const others = table.requests.filter((r) => r.id !== request.id); // a moved session's request changes table
    if (table.code !== request.tableCode) return others.length === table.requests.length ? table : { ...table, requests: others };
    return { ...table, requests: request.status === "open" ? [...others, request] : others };
  });
  return { ...floor, tables, versions };
}

/**
 * A request to join a table: a waiting one is listed (once), an answered one (allowed, declined,
 * expired) leaves for good.
 * @param {Floor} floor @param {JoinRequest & {status?: string}} join @returns {Floor}
 */
export function applyJoin(floor, join) {
  const joins = floor.joins || [];
  const decided = floor.decidedJoins || [];
  if (join.status && join.status !== "waiting") {
    return { ...floor, joins: joins.filter((j) => j.id !== join.id), decidedJoins: [...decided.filter((id) => id !== join.id), join.id].slice(-200) };
  }
  if (decided.includes(join.id) || joins.some((j) => j.id === join.id) || !join.tableCode) return floor;
  const { status, ...waiting } = join;
  return { ...floor, joins: [...joins, waiting] };
}

/** The requests to join this table that wait for a yes. @param {Floor} floor @param {string} code */
export function joinsAt(floor, code) {
  return (floor.joins || []).filter((join) => join.tableCode === code);
}

/** @param {Table} table @returns {TableState} */
export function tableState(table) {
  if (table.pendingSession) return "pending";
  if (!table.session) return "free";
  if (table.requests.some((r) => r.kind === "bill" && r.sessionId === table.session?.id)) return "bill_requested";
  return "active";
}

/** Tables a session may move to: free ones. @param {Floor} floor @returns {Table[]} */
export function freeTables(floor) {
  return floor.tables.filter((table) => !table.session && !table.pendingSession);
}

/** @param {Floor} floor @param {Table} table */
export function openOrdersOf(floor, table) {
  const session = table.session;
  return session ? floor.orders.filter((o) => o.sessionId === session.id) : [];
}

/** @param {Floor} floor @param {string} code */
export function tableByCode(floor, code) {
  return floor.tables.find((t) => t.code === code) || null;
}

/**
 * What needs a tap on the POS, the longest-waiting first: sessions to approve, phones asking to
 * join a table, new orders to accept, orders ready to serve, waiter calls and bill requests.
 * @param {Floor} floor @returns {FeedItem[]}
 */
export function feedOf(floor) {
  /** @type {Map<string, string>} */
  const labels = new Map(floor.tables.map((t) => [t.code, t.label]));
  const label = (/** @type {string} */ code) => labels.get(code) || code;
  /** @type {FeedItem[]} */
  const items = [];
  for (const table of floor.tables) {
    if (table.pendingSession) {
      items.push({ key: `session:${table.pendingSession.id}`, kind: "session", tableCode: table.code,
        tableLabel: table.label, since: table.pendingSession.startedAt, session: table.pendingSession,
        tableHasActiveSession: Boolean(table.session) });
    }
    for (const request of table.requests) {
      items.push({ key: `request:${request.id}`, kind: request.kind, tableCode: table.code, tableLabel: table.label,
        since: request.createdAt, request });
    }
  }
  for (const join of floor.joins || []) {
    items.push({ key: `join:${join.id}`, kind: "join", tableCode: join.tableCode, tableLabel: label(join.tableCode),
      since: join.createdAt, join });
  }
  for (const order of floor.orders) {
    if (order.status === "pending") {
      items.push({ key: `order:${order.id}`, kind: "order", tableCode: order.tableCode, tableLabel: label(order.tableCode),
        since: order.createdAt, order });
    } else if (order.items.some((line) => line.status === "ready")) {
      // ready and not yet served: waiting since its first dish came out of the kitchen (the server's readyAt)
      const readySince = order.items.filter((line) => line.status === "ready").map((line) => line.readyAt).filter(Boolean).sort()[0];
      items.push({ key: `ready:${order.id}`, kind: "ready", tableCode: order.tableCode, tableLabel: label(order.tableCode),
        since: readySince || order.updatedAt || order.createdAt, order });
    }
  }
  return items.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.key.localeCompare(b.key)));
}

/**
 * The feed items that were not there before: what makes the POS chime.
 * @param {FeedItem[]} before @param {FeedItem[]} after @returns {FeedItem[]}
 */
export function arrivals(before, after) {
  const known = new Set(before.map((item) => item.key));
  return after.filter((item) => !known.has(item.key));
}
