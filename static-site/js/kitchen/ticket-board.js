// @ts-check
/**
 * .ticket-board: one ticket per open order, oldest first, with the time since it was
 * ordered and its notes in plain sight. Tapping a line moves it pending -> preparing ->
 * ready; a ready line has "Served" for the waiter. Tickets are keyed: a push redraws only
 * the ticket it changed.
 * A line bumped in the last minutes has "Undo" (the server says until when); a strip under the
 * board lists the tickets served lately, each with "Recall" (back on the board).
 * On a station's screen a ticket holds that station's lines only, with a note of what the other
 * stations still make ("+2 at Kitchen"), and "All ready" readies its own lines.
 * Emits `bumpLine` {orderId, lineId, status, done}, `serveLine` {orderId, lineId, done},
 * `finishOrder` {orderId, station, done} ("all ready"; station "" on expo), `undoLine` {orderId, lineId, done},
 * `recallOrder` {orderId, done}.
 */
import { h, emitFromButton, replace } from "../staff/dom.js";
import { t } from "../lib/i18n.js";
import { clockTime, formatMinutes, minutesSince, urgency } from "../staff/elapsed.js";
import { KITCHEN_LIMITS, hasLinesToCook, nextLineStatus, progressOf, stillRecallable, undoableLines } from "./tickets.js";
import { tableName } from "../lib/table-name.js";

/** @typedef {import("../staff/floor.js").Order} Order */
/** @typedef {Order & {tableLabel?: string, elsewhere?: {station: string, count: number}[]}} Ticket */

/** @param {HTMLElement} root */
export function mountTicketBoard(root) {
  const title = h("h1", { id: "board-title", class: "visually-hidden" });
  const list = h("ol", { class: "ticket-board__tickets" });
  const empty = h("div", { class: "ticket-board__empty", hidden: true });
  const recallList = h("ol", { class: "recall-strip__list" });
  const recallTitle = h("h2", { id: "recall-title", class: "recall-strip__title" });
  const recall = h("section", { class: "recall-strip", "aria-labelledby": "recall-title", hidden: true }, [recallTitle, recallList]);
  replace(root, [title, list, empty, recall]);
  /** @type {Set<string>} lines drawn with "Undo" */
  let undoable = new Set();
  /** @type {Map<string, {element: HTMLElement, order: Order, signature: string}>} */
  const tickets = new Map();
  let station = "";
  /** @type {Record<string, string>} station id -> its name */
  let stationNames = {};

  /** @param {Order} order @param {import("../staff/floor.js").OrderLine} line */
  function lineRow(order, line) {
    const next = nextLineStatus(line);
    const content = [
      h("span", { class: "ticket-line__qty", text: `${line.quantity}×` }),
      h("span", { class: "ticket-line__name", text: line.name }),
      h("span", { class: "ticket-line__status", text: t(`line.${line.status}`) }),
      line.ageRestricted ? h("span", { class: "id-check", "data-testid": "id-check", text: t("staff.idCheck") }) : null,
      line.options?.length ? h("ul", { class: "ticket-line__options", "data-testid": "line-options" },
        line.options.map((option) => h("li", { text: `${option.groupName}: ${option.name}` }))) : null,
      line.notes ? h("span", { class: "ticket-line__note", "data-testid": "line-note", text: line.notes }) : null,
    ];
    /** @type {HTMLElement} */
    let main;
    if (next) {
      // named by what it shows (qty, dish, state), then what a tap does: no aria-label that hides the visible text
      const bump = h("button", { type: "button", class: "ticket-line__bump" },
        [...content, h("span", { class: "visually-hidden", text: t("kitchen.bumpHint", { status: t(`line.${next}`) }) })]);
      bump.addEventListener("click", () => emitFromButton(bump, "bumpLine", { orderId: order.id, lineId: line.id, status: next }));
      main = bump;
    } else {
      main = h("div", { class: "ticket-line__bump ticket-line__bump--still" }, content);
    }
    const undo = undoable.has(line.id) ? h("button", { type: "button", class: "button ticket-line__undo", "data-testid": "undo" },
      [t("kitchen.undo"), h("span", { class: "visually-hidden", text: ` ${line.name} (${t(`line.${line.undoTo || "pending"}`)})` })]) : null;
    undo?.addEventListener("click", () => emitFromButton(/** @type {HTMLButtonElement} */ (undo), "undoLine", { orderId: order.id, lineId: line.id }));
    const serve = line.status === "ready" ? h("button", { type: "button", class: "button ticket-line__serve", text: t("kitchen.serve"),
      "aria-label": t("kitchen.serveLabel", { name: line.name }) }) : null;
    serve?.addEventListener("click", () => emitFromButton(/** @type {HTMLButtonElement} */ (serve), "serveLine", { orderId: order.id, lineId: line.id }));
    return h("li", { class: `ticket-line ticket-line--${line.status}`, "data-line": line.id, "data-status": line.status }, [main, undo, serve]);
  }

  /** @param {Ticket} order */
  function ticket(order) {
    const progress = progressOf(order);
    const finish = hasLinesToCook(order) ? h("button", { type: "button", class: "button button--secondary ticket__finish", text: t("kitchen.allReady") }) : null;
    finish?.addEventListener("click", () => emitFromButton(/** @type {HTMLButtonElement} */ (finish), "finishOrder", { orderId: order.id, station }));
    const elsewhere = order.elsewhere?.length ? h("p", { class: "ticket__elsewhere", "data-testid": "elsewhere" },
      order.elsewhere.map((other) => t("kitchen.elsewhere", { n: other.count, station: stationNames[other.station] || other.station })).join(" · ")) : null;
    return h("li", { class: "ticket", "data-order": order.id, "data-table": order.tableCode }, [
      h("div", { class: "ticket__head" }, [
        h("span", { class: "ticket__table", text: tableName(order.tableCode, order.tableLabel) }),
        h("time", { class: "ticket__age", datetime: order.createdAt }),
      ]),
      h("p", { class: "ticket__meta" }, [
        h("span", { text: `#${order.id.slice(-4)}` }), " · ", h("span", { text: clockTime(order.createdAt) }),
        order.orderedBy ? [" · ", h("span", { text: order.orderedBy })] : null,
        order.status === "pending" ? h("span", { class: "ticket__new", text: t("kitchen.new") }) : null,
      ].flat()),
      order.notes ? h("p", { class: "ticket__note", "data-testid": "order-note" }, [h("strong", { text: t("kitchen.orderNote") }), " ", order.notes]) : null,
      h("ol", { class: "ticket__lines" }, order.items.map((line) => lineRow(order, line))),
      elsewhere,
      h("div", { class: "ticket__foot" }, [
        h("span", { class: "ticket__progress", text: t("kitchen.progress", { ready: progress.ready, total: progress.total }) }),
        finish,
      ]),
    ]);
  }

  /** @param {Order[]} served */
  function drawRecall(served) {
    recall.hidden = served.length === 0;
    recallTitle.textContent = t("kitchen.recentlyServed");
    replace(recallList, served.map((order) => {
      const name = tableName(order.tableCode, order.tableLabel);
      const button = h("button", { type: "button", class: "button recall-strip__recall", "data-order": order.id },
        [t("kitchen.recall"), h("span", { class: "visually-hidden", text: ` ${name} #${order.id.slice(-4)}` })]);
      button.addEventListener("click", () => emitFromButton(button, "recallOrder", { orderId: order.id }));
      return h("li", { class: "recall-strip__ticket", "data-order": order.id }, [
        h("span", { class: "recall-strip__table", text: name }),
        h("span", { class: "recall-strip__meta", text: `#${order.id.slice(-4)} · ${order.items.map((l) => `${l.quantity}× ${l.name}`).join(", ")}` }),
        button,
      ]);
    }));
  }

  /** @param {number} now */
  function tick(now) {
    for (const { element, order } of tickets.values()) {
      const minutes = minutesSince(order.createdAt, now);
      const age = /** @type {HTMLElement} */ (element.querySelector(".ticket__age"));
      age.textContent = formatMinutes(minutes);
      element.dataset.urgency = urgency(minutes, KITCHEN_LIMITS);
    }
  }

  return {
    /**
     * @param {Ticket[]} orders  the tickets, in board order @param {number} now
     * @param {Order[]} [served]  tickets served lately, newest first (each may be recalled)
     * @param {{station: string, names: Record<string, string>}} [shown]  the station this screen shows ("" expo)
     */
    render(orders, now, served = [], shown = { station: "", names: {} }) {
      station = shown.station;
      stationNames = shown.names;
      title.textContent = station ? `${t("kitchen.title")} · ${stationNames[station] || station}` : t("kitchen.title");
      undoable = new Set(orders.flatMap((order) => undoableLines(order, now)));
      drawRecall(stillRecallable(served, now));
      const keep = new Set(orders.map((order) => order.id));
      for (const [id, entry] of tickets) {
        if (!keep.has(id)) {
          entry.element.remove();
          tickets.delete(id);
        }
      }
      orders.forEach((order, index) => {
        const signature = document.documentElement.lang + station + JSON.stringify(order) + JSON.stringify(stationNames)
          + undoableLines(order, now).join();
        let entry = tickets.get(order.id);
        if (!entry || entry.signature !== signature) {
          const element = ticket(order);
          if (entry) entry.element.replaceWith(element);
          else element.classList.add("ticket--arrived");
          entry = { element, order, signature };
          tickets.set(order.id, entry);
        }
        if (list.children[index] !== entry.element) list.insertBefore(entry.element, list.children[index] || null);
      });
      empty.hidden = orders.length > 0;
      replace(empty, [h("p", { class: "ticket-board__empty-title", text: t("kitchen.emptyTitle") }), h("p", { text: t("kitchen.emptyBody") })]);
      tick(now);
    },
    tick,
  };
}
