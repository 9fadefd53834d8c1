// @ts-check
/**
 * .all-day-strip: the kitchen's all-day counts under the bar: every dish still to cook across the
 * open tickets, most first ("Lomo Saltado × 5"), as the server counts them
 * (GET /staff/branches/{id}/all-day-counts); hidden when nothing is left to cook.
 */
import { h, replace } from "../staff/dom.js";
import { t } from "../lib/i18n.js";

/** @typedef {{menuItemId: string, name: string, quantity: number}} AllDayCount */

/** @param {HTMLElement} root */
export function mountAllDayStrip(root) {
  const title = h("h2", { id: "all-day-title", class: "all-day-strip__title" });
  const list = h("ul", { class: "all-day-strip__counts" });
  root.setAttribute("aria-labelledby", "all-day-title");
  replace(root, [title, list]);

  return {
    /** @param {AllDayCount[]} counts */
    render(counts) {
      root.hidden = counts.length === 0;
      title.textContent = t("kitchen.allDay");
      replace(list, counts.map((count) => h("li", { class: "all-day-strip__count", "data-item": count.menuItemId }, [
        h("span", { class: "all-day-strip__name", text: count.name }),
        h("span", { class: "all-day-strip__quantity", text: `× ${count.quantity}` }),
      ])));
    },
  };
}
