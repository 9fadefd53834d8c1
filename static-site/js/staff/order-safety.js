// @ts-check
/**
 * .order-safety: the branch's guards on ordering, on the Tables page: a spending cap per
 * table session, and the amount and the number of portions above which an order waits for
 * staff. Managers and owners edit them; others see them. Emits `saveOrderSafety`
 * {spendingCap, approvalThreshold, approvalPortions} (minor units or portions, or null for "no rule").
 */
import { h, emitFromButton } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";

/** The most portions one order may have (the server's bound, domain/orders.py): a higher rule would never apply. */
export const MAX_ORDER_PORTIONS = 50;

/**
 * @typedef {{branchId: string, currency: string, spendingCap: number | null, approvalThreshold: number | null,
 *   approvalPortions: number | null, canEdit: boolean}} SafetyView
 */

/** @param {SafetyView} view */
export function safetySignature(view) {
  return JSON.stringify([view, document.documentElement.lang]);
}

/** "120.50" -> 12050; "" -> null; anything else -> NaN. @param {string} text */
export function toMinor(text) {
  const clean = text.trim().replace(",", ".");
  if (!clean) return null;
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(clean)) return Number.NaN;
  return Math.round(Number(clean) * 100);
}

/** "24" -> 24; "" -> null; anything else (0, 51, "2.5", "many") -> NaN. @param {string} text */
export function toPortions(text) {
  const clean = text.trim();
  if (!clean) return null;
  const portions = /^\d{1,2}$/.test(clean) ? Number(clean) : Number.NaN;
  return portions >= 1 && portions <= MAX_ORDER_PORTIONS ? portions : Number.NaN;
}

/** @param {number | null} minor */
const toMajor = (minor) => (minor === null ? "" : (minor / 100).toFixed(2));

/** @param {SafetyView} view */
export function orderSafetyPanel(view) {
  const rule = (/** @type {number | null} */ minor) => (minor === null ? t("safety.none") : formatMoney(minor, view.currency));
  const summary = h("summary", { class: "order-safety__summary" }, [
    h("strong", { text: t("safety.title") }), " ",
    h("span", { text: t("safety.current", { cap: rule(view.spendingCap), threshold: rule(view.approvalThreshold),
      portions: view.approvalPortions === null ? t("safety.none") : String(view.approvalPortions) }) }),
  ]);
  if (!view.canEdit) return h("details", { class: "order-safety" }, [summary, h("p", { text: t("safety.managersOnly") })]);
  const field = (/** @type {string} */ name, /** @type {string} */ value, /** @type {string} */ label, /** @type {string} */ hint,
    inputmode = "decimal") => {
    const id = `safety-${name}`;
    const input = /** @type {HTMLInputElement} */ (h("input", { id, name, inputmode, value,
      "aria-describedby": `${id}-hint`, autocomplete: "off" }));
    return { input, block: h("div", { class: "field" }, [h("label", { for: id, text: label }), input,
      h("p", { class: "field__hint", id: `${id}-hint`, text: hint })]) };
  };
  const cap = field("spendingCap", toMajor(view.spendingCap), t("safety.cap", { currency: view.currency }), t("safety.capHint"));
  const threshold = field("approvalThreshold", toMajor(view.approvalThreshold), t("safety.threshold", { currency: view.currency }), t("safety.thresholdHint"));
  const portions = field("approvalPortions", view.approvalPortions === null ? "" : String(view.approvalPortions),
    t("safety.portions"), t("safety.portionsHint", { max: MAX_ORDER_PORTIONS }), "numeric");
  const error = h("p", { class: "notice notice--error", role: "alert", hidden: true });
  const save = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button", text: t("safety.save") }));
  const form = h("form", { class: "order-safety__form", novalidate: true }, [cap.block, threshold.block, portions.block, error, save]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const values = { spendingCap: toMinor(cap.input.value), approvalThreshold: toMinor(threshold.input.value),
      approvalPortions: toPortions(portions.input.value) };
    const bad = Object.entries(values).find(([, value]) => Number.isNaN(value));
    error.hidden = !bad;
    error.textContent = !bad ? "" : bad[0] === "approvalPortions" ? t("safety.invalidPortions", { max: MAX_ORDER_PORTIONS }) : t("safety.invalid");
    for (const [name, input] of [["spendingCap", cap.input], ["approvalThreshold", threshold.input], ["approvalPortions", portions.input]]) {
      /** @type {HTMLInputElement} */ (input).setAttribute("aria-invalid", String(Boolean(bad && bad[0] === name)));
    }
    if (!bad) emitFromButton(save, "saveOrderSafety", values);
  });
  return h("details", { class: "order-safety" }, [summary, form]);
}
