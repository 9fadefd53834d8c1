// @ts-check
/**
 * .close-dialog: closing a table (the Tables page's side panel). It shows the bill, asks what to do
 * with dishes not served yet (keep them on the bill as served, or void them with a reason), and
 * records how the table paid: one or more payments (cash, card, other) and a tip. The server checks
 * the payments against the bill and names the field when they do not add up; the dialog stays open
 * with its answer. Emits `closeSession` {id, body, closed, done}: `closed()` once the table is free.
 */
import { h, emitFromButton, replace } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";
import { parsePrice, priceInput } from "./menu-forms.js";
import { VOID_REASONS } from "./void-dialog.js";

const METHODS = ["cash", "card", "other"];
const OPEN_LINE = new Set(["pending", "preparing", "ready"]);
const MAX_PAYMENTS = 8;

/** @type {HTMLDialogElement | null} */
let dialog = null;

/** @returns {HTMLDialogElement} */
function theDialog() {
  if (!dialog) {
    dialog = /** @type {HTMLDialogElement} */ (h("dialog", { class: "menu-dialog close-dialog", "aria-labelledby": "close-dialog-title" }));
    (document.getElementById("staff-main") || document.body).append(dialog); // the shell's <main>, not the sign-in's
  }
  return dialog;
}

/**
 * @param {{sessionId: string, tableLabel: string,
 *   bill: {currency: string, total: number, lines: {name: string, quantity: number, status: string, total: number}[]}}} args
 */
export function openCloseDialog({ sessionId, tableLabel, bill }) {
  const modal = theDialog();
  const money = (/** @type {number} */ minor) => formatMoney(minor, bill.currency);
  const open = bill.lines.filter((line) => OPEN_LINE.has(line.status));
  const error = h("p", { class: "menu-dialog__error close-dialog__error", role: "alert" });

  /** what to do with the dishes not served yet */
  const keep = /** @type {HTMLInputElement} */ (h("input", { type: "radio", name: "open-items", id: "close-open-serve", value: "serve", checked: true }));
  const drop = /** @type {HTMLInputElement} */ (h("input", { type: "radio", name: "open-items", id: "close-open-void", value: "void" }));
  const reason = /** @type {HTMLSelectElement} */ (h("select", { id: "close-void-reason" },
    VOID_REASONS.map((value) => h("option", { value, text: t(`void.reason.${value}`) }))));
  const note = /** @type {HTMLInputElement} */ (h("input", { id: "close-void-note", maxlength: "200", autocomplete: "off" }));
  const voidFields = h("div", { class: "close-dialog__void", hidden: true }, [
    h("div", { class: "field" }, [h("label", { for: "close-void-reason", text: t("void.reason") }), reason]),
    h("div", { class: "field" }, [h("label", { for: "close-void-note", text: t("void.note") }), note]),
  ]);
  for (const radio of [keep, drop]) radio.addEventListener("change", () => { voidFields.hidden = !drop.checked; follow(); });
  const openBlock = open.length ? h("fieldset", { class: "close-dialog__open" }, [
    h("legend", { text: t("close.openTitle", { count: open.length }) }),
    h("ul", { class: "close-dialog__open-lines" }, open.map((line) => h("li", { text: `${line.quantity}× ${line.name} · ${t(`line.${line.status}`)}` }))),
    h("div", { class: "close-dialog__choice" }, [keep, h("label", { for: "close-open-serve", text: t("close.keepServed") })]),
    h("div", { class: "close-dialog__choice" }, [drop, h("label", { for: "close-open-void", text: t("close.voidOpen") })]),
    voidFields,
  ]) : null;

  /** the payments: a row each (method, amount), the first one for the whole bill */
  const rows = h("ol", { class: "close-dialog__payments" });
  let rowCount = 0;
  /** @param {string} method @param {number} amount */
  function addRow(method, amount) {
    rowCount += 1;
    const id = `close-pay-${rowCount}`;
    const methodSelect = h("select", { id: `${id}-method`, class: "close-dialog__method" },
      METHODS.map((value) => h("option", { value, text: t(`close.method.${value}`), selected: value === method })));
    const amountInput = h("input", { id: `${id}-amount`, class: "close-dialog__amount", inputmode: "decimal", autocomplete: "off",
      value: priceInput(amount, bill.currency) });
    const row = h("li", { class: "close-dialog__payment" }, [
      h("label", { for: `${id}-method`, text: t("close.method", { n: rows.children.length + 1 }) }), methodSelect,
      h("label", { for: `${id}-amount`, text: t("close.amount", { n: rows.children.length + 1 }) }), amountInput,
    ]);
    amountInput.addEventListener("input", () => showBalance());
    rows.append(row);
    add.hidden = rows.children.length >= MAX_PAYMENTS;
    showBalance();
  }
  // a further payment starts with what is still to pay: splitting a bill is typing one amount
  const add = h("button", { type: "button", class: "button button--secondary close-dialog__add", text: t("close.addPayment"),
    onclick: () => { addRow("cash", Math.max(0, due() - paid())); /** @type {HTMLInputElement | null} */ (rows.lastElementChild?.querySelector("input") ?? null)?.select(); } });
  const tip = /** @type {HTMLInputElement} */ (h("input", { id: "close-tip", inputmode: "decimal", autocomplete: "off", value: priceInput(0, bill.currency) }));
  const total = h("strong", { "data-testid": "close-total", text: money(bill.total) });
  const balance = h("p", { class: "close-dialog__balance", role: "status", "data-testid": "close-balance" });

  /** what the table owes now: the bill, less the open dishes if they are voided, plus the tip */
  const openTotal = open.reduce((sum, line) => sum + (line.total ?? 0), 0);
  const billNow = () => bill.total - (drop.checked ? openTotal : 0);
  const tipNow = () => (tip.value.trim() ? parsePrice(tip.value, bill.currency) ?? 0 : 0);
  const due = () => billNow() + tipNow();
  const amounts = () => [...rows.querySelectorAll("input")].map((input) => /** @type {HTMLInputElement} */ (input));
  const paid = () => amounts().reduce((sum, input) => sum + (parsePrice(input.value || "0", bill.currency) ?? 0), 0);
  let lastDue = bill.total;
  function showBalance() {
    const left = due() - paid();
    balance.dataset.state = left === 0 ? "even" : left > 0 ? "short" : "over";
    balance.textContent = left === 0 ? t("close.paidInFull", { amount: money(due()) })
      : left > 0 ? t("close.stillToPay", { amount: money(left) }) : t("close.overBy", { amount: money(-left) });
  }
  /** the bill or the tip changed: one payment that covered the old amount follows it */
  function follow() {
    total.textContent = money(billNow());
    const inputs = amounts();
    if (inputs.length === 1 && parsePrice(inputs[0].value || "0", bill.currency) === lastDue) inputs[0].value = priceInput(due(), bill.currency);
    lastDue = due();
    showBalance();
  }
  tip.addEventListener("input", follow);

  const confirm = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button close-dialog__confirm", text: t("close.confirm") }));
  const cancel = h("button", { type: "button", class: "button button--secondary", text: t("close.keepOpen"), onclick: () => modal.close() });
  const form = h("form", { class: "menu-dialog__form", method: "dialog", novalidate: true }, [
    h("h2", { id: "close-dialog-title", class: "menu-dialog__title", text: t("close.title", { table: tableLabel }) }),
    h("p", { class: "close-dialog__total" }, [h("span", { text: t("bill.subtotal") }), " ",
      total]),
    openBlock,
    h("fieldset", { class: "close-dialog__paid" }, [h("legend", { text: t("close.paidTitle") }), rows, add,
      h("div", { class: "field" }, [h("label", { for: "close-tip", text: t("close.tip") }), tip]), balance]),
    error,
    h("div", { class: "menu-dialog__actions" }, [cancel, confirm]),
  ]);
  addRow("card", bill.total);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    error.textContent = "";
    /** @type {{method: string, amount: number}[]} */
    const payments = [];
    for (const row of rows.children) {
      const method = /** @type {HTMLSelectElement} */ (row.querySelector("select")).value;
      const input = /** @type {HTMLInputElement} */ (row.querySelector("input"));
      if (!input.value.trim()) continue;
      const amount = parsePrice(input.value, bill.currency);
      if (amount === null) {
        error.textContent = t("close.badAmount");
        input.focus();
        return;
      }
      if (amount > 0) payments.push({ method, amount });
    }
    const tipped = tip.value.trim() ? parsePrice(tip.value, bill.currency) : 0;
    if (tipped === null) {
      error.textContent = t("close.badAmount");
      tip.focus();
      return;
    }
    /** @type {Record<string, unknown>} */
    const body = { payments, tip: tipped };
    if (open.length) {
      body.openItems = drop.checked ? "void" : "serve";
      if (drop.checked) {
        body.voidReason = reason.value;
        if (note.value.trim()) body.voidNote = note.value.trim();
      }
    }
    emitFromButton(confirm, "closeSession", { id: sessionId, body, closed: () => modal.close(),
      refused: (/** @type {string} */ message) => { error.textContent = message; } });
  });
  replace(modal, form);
  modal.showModal();
  /** @type {HTMLElement} */ (form.querySelector("input:checked, select"))?.focus();
}
