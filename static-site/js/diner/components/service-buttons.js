// @ts-check
/** .service-buttons: Call Waiter and Request Bill; each reads "Waiter Called" / "Bill Requested"
 * while the request is open (until staff acknowledge), also after a reload. */
import { t } from "../../lib/i18n.js";
import { openRequests } from "../orders.js";
import { emit, h, icon } from "../dom.js";

/** @typedef {import("../state.js").View} View */

/** @param {HTMLElement} root */
export function mountServiceButtons(root) {
  const waiterText = h("span");
  const billText = h("span");
  const waiter = h("button", { class: "button button--secondary service-buttons__button", type: "button", "data-kind": "waiter" },
    [icon("bell"), icon("check"), waiterText]);
  const bill = h("button", { class: "button button--secondary service-buttons__button", type: "button", "data-kind": "bill" },
    [icon("bill"), icon("check"), billText]);
  const group = h("div", { class: "service-buttons", role: "group" }, [waiter, bill]);
  root.append(group);

  for (const button of [waiter, bill]) {
    button.addEventListener("click", () => {
      if (button.getAttribute("aria-disabled") === "true") return;
      emit(button, button === waiter ? "callWaiter" : "requestBill");
    });
  }

  /** @param {View} view */
  function update({ state }) {
    group.setAttribute("aria-label", t("service.label"));
    const open = openRequests(state.session);
    paint(waiter, waiterText, open.waiter, state.requesting.waiter, "service.waiterCalled", "service.callWaiter");
    paint(bill, billText, open.bill, state.requesting.bill, "service.billRequested", "service.requestBill");
  }

  /** @param {HTMLButtonElement} button @param {HTMLElement} text @param {boolean} open @param {boolean} sending @param {string} doneKey @param {string} idleKey */
  function paint(button, text, open, sending, doneKey, idleKey) {
    text.textContent = t(open ? doneKey : idleKey);
    button.classList.toggle("service-buttons__button--done", open);
    button.children[0].toggleAttribute("hidden", open);
    button.children[1].toggleAttribute("hidden", !open);
    button.setAttribute("aria-disabled", String(open || sending));
  }

  return { update };
}
