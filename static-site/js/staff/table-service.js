// @ts-check
/**
 * .table-service: what a waiter does for a table on the Tables page: seat a free table
 * (guests without a phone), order on the table's behalf, move the session to a free table.
 * Built once per table and session (typed values survive the page's live re-draws).
 * Emits `openTable` {code}, `staffOrder` {sessionId, items, participantId, notes},
 * `moveSession` {id, from, to}, each with `done`.
 */
import { h, emitFromButton } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";

/**
 * @typedef {import("./floor.js").Table} Table
 * @typedef {{id: string, name: string, price: number, available: boolean}} MenuItem
 * @typedef {{table: Table, freeTables: Table[], menuItems: MenuItem[], currency: string, canOrder: boolean}} ServiceView
 */

/** @param {ServiceView} view */
export function serviceSignature({ table, freeTables, menuItems, canOrder }) {
  return JSON.stringify([table.code, table.session?.id, table.pendingSession?.id, table.session?.participants.map((p) => p.customerId),
    freeTables.map((f) => f.code), menuItems.map((i) => [i.id, i.available, i.price]), canOrder, document.documentElement.lang]);
}

/** @param {ServiceView} view @returns {HTMLElement | null} */
export function tableService({ table, freeTables, menuItems, currency, canOrder }) {
  if (!canOrder) return null;
  if (!table.session && !table.pendingSession) {
    const open = h("button", { type: "button", class: "button button--done", "data-action": "open-table", text: t("service.openTable") });
    open.addEventListener("click", () => emitFromButton(/** @type {HTMLButtonElement} */ (open), "openTable", { code: table.code }));
    return h("section", { class: "table-service" }, [h("p", { class: "table-service__hint", text: t("service.openHint") }), open]);
  }
  const session = table.session;
  if (!session) return null;
  return h("section", { class: "table-service" }, [orderForm(session, menuItems, currency), moveForm(table, session, freeTables)]);
}

/** @param {import("./floor.js").Session} session @param {MenuItem[]} menuItems @param {string} currency */
function orderForm(session, menuItems, currency) {
  const id = (/** @type {string} */ name) => `service-${name}-${session.id}`;
  const item = /** @type {HTMLSelectElement} */ (h("select", { id: id("item"), name: "menuItemId", required: true },
    menuItems.filter((i) => i.available).map((i) => h("option", { value: i.id, text: `${i.name} · ${formatMoney(i.price, currency)}` }))));
  const quantity = /** @type {HTMLInputElement} */ (h("input", { id: id("qty"), name: "quantity", type: "number", min: "1", max: "50", value: "1", inputmode: "numeric" }));
  const who = /** @type {HTMLSelectElement} */ (h("select", { id: id("who"), name: "participantId" }, [
    h("option", { value: "", text: t("service.forTable") }),
    ...session.participants.map((p) => h("option", { value: p.customerId || "", text: p.name })),
  ]));
  const notes = /** @type {HTMLInputElement} */ (h("input", { id: id("notes"), name: "notes", maxlength: "200", placeholder: t("service.notesHint") }));
  const add = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button", text: t("service.add") }));
  const form = h("form", { class: "table-service__order", "aria-label": t("service.orderTitle") }, [
    h("h3", { text: t("service.orderTitle") }),
    h("div", { class: "table-service__fields" }, [
      h("div", { class: "field table-service__item" }, [h("label", { for: id("item"), text: t("service.item") }), item]),
      h("div", { class: "field table-service__qty" }, [h("label", { for: id("qty"), text: t("service.quantity") }), quantity]),
      h("div", { class: "field" }, [h("label", { for: id("who"), text: t("service.who") }), who]),
      h("div", { class: "field" }, [h("label", { for: id("notes"), text: t("service.notes") }), notes]),
    ]),
    add,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const count = Math.max(1, Math.min(50, Math.round(Number(quantity.value) || 1)));
    emitFromButton(add, "staffOrder", {
      sessionId: session.id, items: [{ menuItemId: item.value, quantity: count, notes: notes.value.trim() }],
      participantId: who.value || null, notes: "",
      reset: () => { quantity.value = "1"; notes.value = ""; },
    });
  });
  return form;
}

/** @param {Table} table @param {import("./floor.js").Session} session @param {Table[]} freeTables */
function moveForm(table, session, freeTables) {
  const selectId = `service-move-${session.id}`;
  const target = /** @type {HTMLSelectElement} */ (h("select", { id: selectId, name: "tableCode" },
    freeTables.map((f) => h("option", { value: f.code, text: f.label }))));
  const move = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button button--secondary", text: t("service.move"),
    disabled: freeTables.length === 0 }));
  const form = h("form", { class: "table-service__move", "aria-label": t("service.moveTitle") }, [
    h("div", { class: "field" }, [h("label", { for: selectId, text: t("service.moveTo") }), target]),
    move,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (target.value) emitFromButton(move, "moveSession", { id: session.id, from: table.code, to: target.value });
  });
  return form;
}
