// @ts-check
/** .cart-bar: the cart's item count and total, always at the bottom of the menu. */
import { t } from "../../lib/i18n.js";
import { cartCount, cartSubtotal } from "../cart.js";
import { h, icon } from "../dom.js";

/** @typedef {import("../state.js").View} View */

/** @param {HTMLElement} root */
export function mountCartBar(root) {
  const count = h("span", { class: "cart-bar__count" });
  const total = h("span", { class: "cart-bar__total" });
  const action = h("span", { class: "cart-bar__action" });
  const link = h("a", { class: "cart-bar", "data-link": true, hidden: true },
    [icon("cart"), h("span", { class: "cart-bar__figures" }, [count, total]), action]);
  root.append(link);

  /** @param {View} view */
  function update({ state, money, path }) {
    const items = cartCount(state.cart);
    link.hidden = items === 0;
    link.href = path("cart");
    count.textContent = items === 1 ? t("cartBar.one") : t("cartBar.other", { count: items });
    total.textContent = money(cartSubtotal(state.cart));
    action.textContent = t("cartBar.view");
  }

  return { update };
}
