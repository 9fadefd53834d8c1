// @ts-check
/** .status-page: every order of the table's session as an .order-card, with the order's and
 * each dish's state in words, updated live. */
import { t } from "../../lib/i18n.js";
import { describeOrder, numberedOrders } from "../orders.js";
import { h } from "../dom.js";
import { mountServiceButtons } from "../components/service-buttons.js";

/** @typedef {import("../main.js").View} View */
/** @typedef {import("../orders.js").Order} Order */
/** @typedef {import("../orders.js").LineStatus} LineStatus */

/** @param {LineStatus} status */
const lineWord = (status) => t(`line.${status}`);

/** @param {Order} order @param {number} number @param {View} view */
function orderCard(order, number, { money, time, waitText }) {
  const lines = order.items.map((line) => h("li", { class: `order-line order-line--${line.status}`, "data-line": line.id }, [
    h("span", { class: "order-line__quantity", text: `${line.quantity}×` }),
    h("span", { class: "order-line__name", text: line.name }),
    h("span", { class: `status-chip status-chip--${line.status}`, text: lineWord(line.status) }),
    line.options?.length ? h("span", { class: "order-line__note order-line__options", text: line.options.map((/** @type {{name: string}} */ o) => o.name).join(", ") }) : null,
    line.notes ? h("span", { class: "order-line__note", text: line.notes }) : null,
  ]));
  return h("li", { class: `order-card order-card--${order.status}`, "data-order": order.id }, [
    h("div", { class: "order-card__head" }, [
      h("h2", { class: "order-card__title", text: t("status.order", { number }) }),
      h("span", { class: `status-chip status-chip--${order.status}`, text: t(`order.${order.status}`) }),
    ]),
    h("p", { class: "order-card__meta", text: order.orderedBy ? t("status.meta", { time: time(order.createdAt), name: order.orderedBy }) : time(order.createdAt) }),
    h("p", { class: "order-card__summary", text: describeOrder(order, lineWord) }),
    ["pending", "accepted", "preparing"].includes(order.status) && order.estimate
      ? h("p", { class: "order-card__wait", "data-wait": order.id, text: waitText(order.estimate) }) : null,
    h("ul", { class: "order-card__lines" }, lines),
    order.notes ? h("p", { class: "order-card__note", text: t("status.orderNote", { notes: order.notes }) }) : null,
    h("p", { class: "order-card__total", text: money(order.total) }),
  ]);
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
  const serviceSlot = h("div", { class: "status-page__service" });
  const service = mountServiceButtons(serviceSlot);
  root.append(h("section", { class: "status-page" }, [h("div", { class: "status-page__head" }, [title, live]), empty, orders, total, serviceSlot]));
  let painted = "";
  /** @type {View | null} */
  let last = null;
  // the estimate counts down by itself: its minutes are refreshed every 20 s without a repaint
  const ticker = setInterval(() => {
    if (!last || !root.isConnected) return;
    const byId = new Map((last.state.session?.orders ?? []).map((o) => [o.id, o]));
    for (const wait of /** @type {NodeListOf<HTMLElement>} */ (orders.querySelectorAll("[data-wait]"))) {
      const order = byId.get(wait.dataset.wait ?? "");
      if (order) wait.textContent = last.waitText(/** @type {any} */ (order).estimate);
    }
  }, 20_000);

  /** @param {View} view */
  function update(view) {
    last = view;
    const { state, money } = view;
    document.title = t("status.title");
    title.textContent = t("status.title");
    live.textContent = t(state.live === "open" ? "status.live" : "status.offline");
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
    const fingerprint = JSON.stringify(numbered.map(({ order }) => [order.id, order.version, order.status, order.items.map((l) => l.status)]));
    if (fingerprint === painted) return;
    painted = fingerprint;
    orders.replaceChildren(...numbered.map(({ order, number }) => orderCard(order, number, view)));
  }

  return { update, unmount() { clearInterval(ticker); } };
}
