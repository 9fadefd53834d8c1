// @ts-check
/**
 * .void-dialog: taking an order or one line off the bill, with a reason from the server's fixed
 * list (and a note, which "other" needs: the server says so when it is missing). One modal
 * dialog for the POS and the Tables page. Emits `voidOrder` {orderId, lineId?, reason, note,
 * voided, done}: `voided()` closes it once the server agreed.
 */
import { h, emitFromButton, replace } from "./dom.js";
import { t } from "../lib/i18n.js";

export const VOID_REASONS = ["customer_changed_mind", "wrong_item_entered", "out_of_stock", "quality_complaint", "other"];

/** @type {HTMLDialogElement | null} */
let dialog = null;

/** @returns {HTMLDialogElement} */
function theDialog() {
  if (!dialog) {
    dialog = /** @type {HTMLDialogElement} */ (h("dialog", { class: "menu-dialog void-dialog", "aria-labelledby": "void-dialog-title" }));
    (document.getElementById("staff-main") || document.body).append(dialog); // the shell's <main>, not the sign-in's
  }
  return dialog;
}

/**
 * @param {{orderId: string, lineId?: string, what: string}} target  `what`: the dish or the order, as staff read it
 */
export function openVoidDialog({ orderId, lineId, what }) {
  const modal = theDialog();
  const reason = /** @type {HTMLSelectElement} */ (h("select", { id: "void-reason", name: "reason", required: true },
    VOID_REASONS.map((value) => h("option", { value, text: t(`void.reason.${value}`) }))));
  const note = /** @type {HTMLInputElement} */ (h("input", { id: "void-note", name: "note", maxlength: "200", autocomplete: "off" }));
  const confirm = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button void-dialog__confirm", text: t("void.confirm") }));
  const keep = h("button", { type: "button", class: "button button--secondary", text: t("void.keep"), onclick: () => modal.close() });
  const form = h("form", { class: "menu-dialog__form", method: "dialog", novalidate: true }, [
    h("h2", { id: "void-dialog-title", class: "menu-dialog__title", text: t(lineId ? "void.titleLine" : "void.titleOrder", { what }) }),
    h("p", { class: "menu-dialog__hint", text: t("void.hint") }),
    h("div", { class: "field" }, [h("label", { for: "void-reason", text: t("void.reason") }), reason]),
    h("div", { class: "field" }, [h("label", { for: "void-note", text: t("void.note") }), note]),
    h("div", { class: "menu-dialog__actions" }, [keep, confirm]),
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    emitFromButton(confirm, "voidOrder", { orderId, lineId, reason: reason.value, note: note.value.trim(), voided: () => modal.close() });
  });
  replace(modal, form);
  modal.showModal();
  reason.focus();
}
