// @ts-check
/**
 * What the POS and the Tables page ask of the floor (DOM events, sent up): each is one request,
 * whose answer is applied to the floor (floor.js) and drawn; a conflict re-reads the floor.
 */
import { newIdempotencyKey } from "../lib/api.js";
import { t } from "../lib/i18n.js";
import { applyJoin, applyOrder, applyRequest, applySession } from "./floor.js";
import { messageOf } from "./staff-session.js";
import { api, labelOf, path, state, toaster } from "./app.js";
import { drawAll } from "./screen.js";
import { commit, reloadFloor } from "./floor-live.js";
import { loadBill, selectTable } from "./tables-controller.js";
import { openCloseDialog } from "./close-dialog.js";

/** @typedef {import("./floor.js").Floor} Floor */

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

onAction("approveSession", async ({ id }) => {
  const session = await api.post(`/staff/sessions/${path(id)}/approve`);
  toaster.show(t("action.approved", { table: labelOf(session.tableCode) }));
  return (floor) => applySession(floor, session);
});
onAction("rejectSession", async ({ id }) => {
  const session = await api.post(`/staff/sessions/${path(id)}/reject`, {});
  return (floor) => applySession(floor, session);
});
onAction("closeTable", async ({ id }) => {
  // the close dialog shows the bill as the server has it now
  const bill = await api.get(`/staff/sessions/${path(id)}/bill`);
  openCloseDialog({ sessionId: id, tableLabel: labelOf(bill.session.tableCode), bill });
  return (floor) => floor;
});
onAction("closeSession", async ({ id, body, closed, refused }) => {
  let session;
  try {
    session = await api.post(`/staff/sessions/${path(id)}/close`, body ?? {});
  } catch (error) {
    refused?.(messageOf(error));
    throw error;
  }
  closed?.();
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
onAction("voidOrder", async ({ orderId, lineId, reason, note, voided }) => {
  const body = note ? { reason, note } : { reason };
  const order = await api.post(lineId ? `/staff/orders/${path(orderId)}/items/${path(lineId)}/void` : `/staff/orders/${path(orderId)}/void`, body);
  voided?.();
  toaster.show(t("action.voided", { table: labelOf(order.tableCode) }));
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
