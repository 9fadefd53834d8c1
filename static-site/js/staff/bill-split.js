// @ts-check
/**
 * .bill-split: a session's bill split by person (what each ordered, a subtotal each), with
 * a Cancel on lines the kitchen has not finished and a Print button: the print stylesheet
 * prints one section per person. Emits `cancelLine` {orderId, lineId, done}.
 */
import { h } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";
import { openVoidDialog } from "./void-dialog.js";

/**
 * @typedef {{orderId: string, lineId: string, name: string, quantity: number, total: number, notes: string,
 *   status: string, addedByStaff?: boolean}} BillLine
 * @typedef {{name: string, lines: BillLine[], subtotal: number}} Person
 */

/**
 * @param {{people?: Person[], currency: string, session: {tableCode?: string}}} bill
 * @param {{tableLabel: string, canVoid: boolean}} options
 */
export function billSplit(bill, { tableLabel, canVoid }) {
  const people = bill.people || [];
  if (!people.length) return null;
  const money = (/** @type {number} */ minor) => formatMoney(minor, bill.currency);
  const print = h("button", { type: "button", class: "button button--secondary bill-split__print", text: t("split.print") });
  print.addEventListener("click", () => window.print());
  return h("section", { class: "bill-split", "aria-labelledby": "bill-split-title" }, [
    h("div", { class: "bill-split__head" }, [h("h3", { id: "bill-split-title", text: t("split.title") }), print]),
    ...people.map((person) => h("section", { class: "bill-split__person", "data-person": person.name || "table" }, [
      h("p", { class: "bill-split__table", text: tableLabel }),
      h("h4", { class: "bill-split__name", text: person.name || t("split.forTable") }),
      h("ul", { class: "bill-split__lines" }, person.lines.map((line) => h("li", { class: "bill-split__line", "data-line": line.lineId }, [
        h("span", { class: "bill-split__what", text: `${line.quantity}× ${line.name}` }),
        line.addedByStaff ? h("span", { class: "bill-split__staff", text: t("split.byStaff") }) : null,
        h("span", { class: "bill-split__amount", text: money(line.total) }),
        canVoid ? voidButton(line) : null,
      ]))),
      h("p", { class: "bill-split__subtotal" }, [h("span", { text: t("split.subtotal") }), h("strong", { text: money(person.subtotal) })]),
    ])),
  ]);
}

/** @param {BillLine} line */
function voidButton(line) {
  return h("button", { type: "button", class: "button button--secondary bill-split__cancel",
    "aria-label": t("split.voidLine", { name: line.name }), text: t("split.void"),
    onclick: () => openVoidDialog({ orderId: line.orderId, lineId: line.lineId, what: line.name }) });
}
