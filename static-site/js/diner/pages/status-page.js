// @ts-check
/** .status-page: every order of the table's session as an .order-card, with the order's and
 * each dish's state in words, updated live. */
import { t } from "../../lib/i18n.js";
import { describeOrder, numberedOrders, splitByPerson } from "../orders.js";
import { h } from "../dom.js";
import { mountServiceButtons } from "../components/service-buttons.js";

/** @typedef {import("../state.js").View} View */
/** @typedef {import("../orders.js").Order} Order */
/** @typedef {import("../orders.js").LineStatus} LineStatus */

/** @param {LineStatus} status */
const lineWord = (status) => t(`line.${status}`);

/** Why an order waits, or why it was not accepted (the branch's order safety). @param {Order} order @param {View} view */
function safetyNote(order, { state, money }) {
  if (order.status === "cancelled" && order.rejectionReason) {
    return h("p", { class: "order-card__safety order-card__safety--rejected", role: "note", text: t("status.rejected", { reason: order.rejectionReason }) });
  }
  if (!order.awaitingApproval || order.status !== "pending") return null;
  const threshold = state.place?.branch.orderSafety?.approvalThreshold;
  const text = typeof threshold === "number" && order.total > threshold  // else held for its size (approvalPortions)
    ? t("status.awaitingOver", { amount: money(threshold) }) : t("status.awaiting");
  return h("p", { class: "order-card__safety", role: "note", text });
}

/**
 * What the page says of its live connection: "Connecting…" until it first opens (a page just
 * loaded has not lost anything), "Reconnecting…" once it has been open or has failed.
 * @param {import("../state.js").DinerState["live"]} live @param {boolean} wasOpen
 * @returns {"status.live" | "status.connecting" | "status.offline"}
 */
export function liveWords(live, wasOpen) {
  if (live === "open") return "status.live";
  return !wasOpen && (live === "off" || live === "connecting") ? "status.connecting" : "status.offline";
}

/**
 * The order's wait, while some of its dishes are still to be made: none beside an order whose
 * dishes are all ready or served, and "the rest" once some are (the estimate is the kitchen's
 * for what is left: it only shrinks as the kitchen works, chalicelib/domain/pacing.py).
 * @param {Order} order @returns {{show: boolean, rest: boolean}}
 */
export function waitShown(order) {
  const cooking = order.items.filter((line) => line.status === "pending" || line.status === "preparing");
  const done = order.items.filter((line) => line.status === "ready" || line.status === "served");
  return { show: ["pending", "accepted", "preparing"].includes(order.status) && Boolean(order.estimate) && cooking.length > 0,
    rest: done.length > 0 };
}

/** @param {Order} order @param {number} number @param {View} view */
function orderCard(order, number, view) {
  const { money, time, waitText } = view;
  const lines = order.items.map((line) => h("li", { class: `order-line order-line--${line.status}`, "data-line": line.id }, [
    h("span", { class: "order-line__quantity", text: `${line.quantity}×` }),
    h("span", { class: "order-line__name", text: line.name }),
    h("span", { class: `status-chip status-chip--${line.status}`, text: lineWord(line.status) }),
    line.options?.length ? h("span", { class: "order-line__note order-line__options", text: line.options.map((/** @type {{name: string}} */ o) => o.name).join(", ") }) : null,
    line.notes ? h("span", { class: "order-line__note", text: line.notes }) : null,
    line.void ? h("span", { class: "order-line__note order-line__void", role: "note",
      text: t("line.void", { reason: t(`line.void.${line.void.reason}`) }) }) : null,
  ]));
  return h("li", { class: `order-card order-card--${order.status}`, "data-order": order.id }, [
    h("div", { class: "order-card__head" }, [
      h("h2", { class: "order-card__title", text: t("status.order", { number }) }),
      h("span", { class: `status-chip status-chip--${order.status}`, text: t(`order.${order.status}`) }),
    ]),
    h("p", { class: "order-card__meta", text: order.orderedBy ? t("status.meta", { time: time(order.createdAt), name: order.orderedBy }) : time(order.createdAt) }),
    order.addedByStaff ? h("p", { class: "order-card__staff", text: t("status.addedByStaff") }) : null,
    safetyNote(order, view),
    h("p", { class: "order-card__summary", text: describeOrder(order, lineWord) }),
    waitShown(order).show
      ? h("p", { class: "order-card__wait", "data-wait": order.id, text: waitText(order.estimate, waitShown(order).rest) }) : null,
    h("ul", { class: "order-card__lines" }, lines),
    order.notes ? h("p", { class: "order-card__note", text: t("status.orderNote", { notes: order.notes }) }) : null,
    h("p", { class: "order-card__total", text: money(order.total) }),
  ]);
}

/** The table's bill split by person, a subtotal each: only when two or more diners ordered
 * (a table of one has nothing to split; staff's lines "for the table" are nobody's). @param {View} view */
function splitBlock({ state, money }) {
  const shares = state.session ? splitByPerson(state.session) : [];
  if (shares.filter((share) => share.key).length < 2) return [];
  return [
    h("h2", { class: "split__title", id: "split-title", text: t("status.split") }),
    h("ul", { class: "split__people", "aria-labelledby": "split-title" }, shares.map((share) => h("li", {
      class: `split__person${share.key && share.key === state.me?.customerId ? " split__person--me" : ""}`, "data-person": share.name || "table",
    }, [
      h("div", { class: "split__head" }, [
        h("h3", { class: "split__name", text: share.name || t("status.forTable") }),
        h("strong", { class: "split__subtotal", text: money(share.subtotal) }),
      ]),
      h("ul", { class: "split__lines" }, share.lines.map(({ order, line }) => h("li", { class: "split__line" }, [
        h("span", { text: `${line.quantity}× ${line.name}` }),
        order.addedByStaff ? h("span", { class: "split__staff", text: t("status.byStaffShort") }) : null,
        h("span", { class: "split__amount", text: money(line.total) }),
      ]))),
    ]))),
  ];
}

/** @param {HTMLElement} root */
export function mountStatusPage(root) {
  const title = h("h1", { tabindex: "-1" });
  const live = h("p", { class: "status-page__live" });
  const empty = h("p", { class: "status-page__empty", hidden: true });
  const orders = h("ol", { class: "status-page__orders" });
  const totalValue = h("strong");
  const totalLabel = h("span");
  const total = h("p", { class: "status-page__total" }, [totalLabel, totalValue]);
  const split = h("section", { class: "split", hidden: true });
  const serviceSlot = h("div", { class: "status-page__service" });
  const service = mountServiceButtons(serviceSlot);
  root.append(h("section", { class: "status-page" }, [h("div", { class: "status-page__head" }, [title, live]), empty, orders, total, split, serviceSlot]));
  let painted = "";
  let wasOpen = false;
  /** @type {View | null} */
  let last = null;
  // the estimate counts down by itself: its minutes are refreshed every 20 s without a repaint
  const ticker = setInterval(() => {
    if (!last || !root.isConnected) return;
    const byId = new Map((last.state.session?.orders ?? []).map((o) => [o.id, o]));
    for (const wait of /** @type {NodeListOf<HTMLElement>} */ (orders.querySelectorAll("[data-wait]"))) {
      const order = byId.get(wait.dataset.wait ?? "");
      if (order) wait.textContent = last.waitText(/** @type {any} */ (order).estimate, waitShown(order).rest);
    }
  }, 20_000);

  /** @param {View} view */
  function update(view) {
    last = view;
    const { state, money } = view;
    document.title = t("status.title");
    title.textContent = t("status.title");
    wasOpen ||= state.live === "open";
    live.textContent = t(liveWords(state.live, wasOpen));
    live.dataset.live = state.live;
    service.update(view);
    const session = state.session;
    if (!session) return;
    const numbered = numberedOrders(session);
    empty.hidden = numbered.length > 0;
    empty.textContent = t("status.empty");
    total.hidden = numbered.length === 0;
    totalLabel.textContent = t("status.total");
    totalValue.textContent = money(session.subtotal);
    const fingerprint = JSON.stringify([state.me?.customerId, numbered.map(({ order }) => [order.id, order.version, order.status, order.items.map((l) => l.status)])]);
    if (fingerprint === painted) return;
    painted = fingerprint;
    orders.replaceChildren(...numbered.map(({ order, number }) => orderCard(order, number, view)));
    const people = splitBlock(view);
    split.hidden = people.length === 0;
    split.replaceChildren(...people);
  }

  return { update, unmount() { clearInterval(ticker); } };
}
