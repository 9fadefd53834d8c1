// @ts-check
/**
 * .payment-summary: how a closed table paid, as the close dialog recorded it (each method and
 * amount, the tip, what was paid in all), shown with the session in the Tables page's history.
 */
import { h } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";

/**
 * @typedef {{billTotal: number, tip: number, paid: number, at: string,
 *   payments: {method: "cash" | "card" | "other", amount: number}[]}} Payment
 */

/**
 * @param {Payment | null | undefined} payment  the session's `payment` (null: none recorded)
 * @param {string} currency
 * @returns {HTMLElement}
 */
export function paymentSummary(payment, currency) {
  const title = h("h3", { class: "payment-summary__title", id: "payment-summary-title", text: t("payment.title") });
  if (!payment) {
    return h("section", { class: "payment-summary", "aria-labelledby": "payment-summary-title" },
      [title, h("p", { class: "payment-summary__none", text: t("payment.none") })]);
  }
  /** @param {string} label @param {number} amount @param {string} [extra] */
  const row = (label, amount, extra = "") => [
    h("dt", { class: `payment-summary__label${extra}`, text: label }),
    h("dd", { class: `payment-summary__amount${extra}`, text: formatMoney(amount, currency) }),
  ];
  return h("section", { class: "payment-summary", "aria-labelledby": "payment-summary-title", "data-testid": "payment-summary" }, [
    title,
    h("dl", { class: "payment-summary__list" }, [
      ...payment.payments.flatMap((tender) => row(t(`close.method.${tender.method}`), tender.amount)),
      ...row(t("close.tip"), payment.tip),
      ...row(t("payment.paid"), payment.paid, " payment-summary__total"),
    ]),
  ]);
}
