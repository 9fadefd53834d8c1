// @ts-check
/** .quantity-stepper: [-] 2 [+] with 44 px targets; the number is announced when it changes. */
import { h, icon } from "../dom.js";

/**
 * @param {{decreaseLabel: string, increaseLabel: string, valueLabel: string, onChange: (delta: number) => void}} options
 */
export function quantityStepper({ decreaseLabel, increaseLabel, valueLabel, onChange }) {
  const minus = h("button", { class: "quantity-stepper__button", type: "button", "aria-label": decreaseLabel, onclick: () => onChange(-1) }, [icon("minus")]);
  const plus = h("button", { class: "quantity-stepper__button", type: "button", "aria-label": increaseLabel, onclick: () => onChange(1) }, [icon("plus")]);
  const value = h("output", { class: "quantity-stepper__value", "aria-label": valueLabel, "aria-live": "polite" });
  const element = h("div", { class: "quantity-stepper" }, [minus, value, plus]);
  return {
    element,
    /** @param {number} quantity @param {number} max */
    set(quantity, max) {
      value.textContent = String(quantity);
      minus.disabled = quantity <= 1;
      plus.disabled = quantity >= max;
    },
  };
}
