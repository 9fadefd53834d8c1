// @ts-check
/** .cart: the lines (name, chosen options, quantity, unit price, +/- and remove), order notes,
 * the subtotal and Place Order, which is disabled while the order is on its way. When a line
 * holds an allergen the diner avoids, the first tap shows a warning and Order anyway sends it. */
import { t } from "../../lib/i18n.js";
import { cartSubtotal, MAX_QUANTITY, NOTES_MAX } from "../cart.js";
import { emit, h, icon } from "../dom.js";
import { quantityStepper } from "../components/quantity-stepper.js";

/** @typedef {import("../state.js").View} View */
/** @typedef {import("../cart.js").CartLine} CartLine */

/** @param {CartLine} line @param {HTMLElement} root */
function mountCartLine(line, root) {
  const name = h("span", { class: "cart-line__name", text: line.name });
  const each = h("span", { class: "cart-line__each" });
  const note = line.notes ? h("span", { class: "cart-line__note", text: t("cart.note", { notes: line.notes }) }) : null;
  const options = line.options.length
    ? h("span", { class: "cart-line__options", text: t("cart.options", { list: line.options.map((o) => o.name).join(", ") }) }) : null;
  const warning = h("span", { class: "cart-line__warning", hidden: true, text: t("cart.lineUnavailable") });
  const stepper = quantityStepper({
    decreaseLabel: t("cart.decrease", { name: line.name }), increaseLabel: t("cart.increase", { name: line.name }),
    valueLabel: t("cart.quantityOf", { name: line.name }),
    onChange: (delta) => emit(root, "changeQuantity", { key: line.key, delta }),
  });
  const total = h("span", { class: "cart-line__total" });
  const remove = h("button", { class: "cart-line__remove", type: "button", "aria-label": t("cart.removeItem", { name: line.name }),
    onclick: () => emit(root, "removeLine", { key: line.key }) }, [icon("trash"), h("span", { text: t("cart.remove"), "aria-hidden": "true" })]);
  const element = h("li", { class: "cart-line", "data-key": line.key }, [
    h("div", { class: "cart-line__main" }, [name, options, each, note, warning]),
    h("div", { class: "cart-line__controls" }, [stepper.element, total, remove]),
  ]);
  return {
    element,
    remove,
    /** @param {CartLine} next @param {boolean} blocked @param {View} view */
    update(next, blocked, { money }) {
      each.textContent = t("cart.each", { price: money(next.unitPrice) });
      total.textContent = money(next.unitPrice * next.quantity);
      stepper.set(next.quantity, MAX_QUANTITY);
      warning.hidden = !blocked;
      element.classList.toggle("cart-line--unavailable", blocked);
    },
  };
}

/** @param {HTMLElement} root @param {View} initial */
export function mountCartPage(root, initial) {
  const title = h("h1", { tabindex: "-1", text: t("cart.title") });
  const empty = h("div", { class: "cart__empty", hidden: true }, [
    h("p", { text: t("cart.empty") }),
    h("a", { class: "button", href: initial.path("menu"), "data-link": true, text: t("cart.browse") }),
  ]);
  const lines = h("ul", { class: "cart__lines" });
  const notes = h("textarea", { id: "cart-notes", name: "orderNotes", rows: "2", maxlength: String(NOTES_MAX), placeholder: t("cart.notesPlaceholder") });
  notes.value = initial.state.cart.notes;
  notes.addEventListener("input", () => emit(notes, "setOrderNotes", { notes: notes.value }));
  const subtotal = h("strong", { class: "cart__subtotal-value" });
  const error = h("p", { class: "notice notice--error", role: "alert", hidden: true });
  const waiting = h("p", { class: "notice cart__waiting", id: "cart-waiting", role: "status", hidden: true });
  let confirming = false;
  const avoidList = h("ul", { class: "cart__avoid-lines" });
  const confirm = h("button", { class: "button cart__confirm", type: "button", text: t("cart.avoidConfirm"), onclick: () => emit(confirm, "placeOrder") });
  const avoid = h("div", { class: "notice notice--warning cart__avoid", role: "alert", hidden: true }, [
    h("p", { class: "cart__avoid-title", text: t("cart.avoidTitle") }), avoidList, h("p", { text: t("cart.avoidHint") }), confirm,
  ]);
  const place = h("button", { class: "button cart__place", type: "button", onclick: () => {
    if (lastView && lastView.allergenWarnings().length && !confirming) {
      confirming = true;
      update(lastView);
      confirm.focus();
      return;
    }
    emit(place, "placeOrder");
  } });
  const more = h("a", { class: "button button--secondary cart__more", href: initial.path("menu"), "data-link": true, text: t("cart.addMore") });
  const filled = h("div", { class: "cart__filled" }, [
    lines,
    h("div", { class: "field cart__notes" }, [h("label", { for: "cart-notes", text: t("cart.notes") }), notes]),
    h("p", { class: "cart__subtotal" }, [h("span", { text: t("cart.subtotal") }), subtotal]),
    error,
    waiting,
    avoid,
    h("div", { class: "cart__actions" }, [place, more]),
  ]);
  const section = h("section", { class: "cart" }, [title, empty, filled]);
  root.append(section);

  /** @type {Map<string, ReturnType<typeof mountCartLine>>} */
  const shown = new Map();

  /** @type {View | null} */
  let lastView = null;

  /** @param {View} view */
  function update(view) {
    lastView = view;
    const { state, money } = view;
    document.title = t("cart.title");
    const blocked = view.blockedLines();
    const keys = new Set(state.cart.lines.map((line) => line.key));
    for (const [key, line] of shown) {
      if (keys.has(key)) continue;
      const focusWasInside = line.element.contains(document.activeElement);
      const next = line.element.nextElementSibling ?? line.element.previousElementSibling;
      line.element.remove();
      shown.delete(key);
      if (focusWasInside) /** @type {HTMLElement} */ (next?.querySelector(".cart-line__remove") ?? title).focus();
    }
    for (const line of state.cart.lines) {
      let mounted = shown.get(line.key);
      if (!mounted) {
        mounted = mountCartLine(line, section);
        shown.set(line.key, mounted);
        lines.append(mounted.element);
      }
      mounted.update(line, blocked.has(line.key), view);
    }
    const isEmpty = state.cart.lines.length === 0;
    empty.hidden = !isEmpty;
    filled.hidden = isEmpty;
    subtotal.textContent = money(cartSubtotal(state.cart));
    const message = state.cartError ?? (blocked.size ? t("cart.blocked") : null);
    error.hidden = !message;
    error.textContent = message ?? "";
    const warnings = view.allergenWarnings();
    if (!warnings.length) confirming = false;
    avoid.hidden = !confirming;
    avoidList.replaceChildren(...warnings.map((w) => h("li", { text: t("cart.avoidLine", {
      name: w.name, list: w.allergens.map((a) => t(`allergen.${a}`)).join(", ") }) })));
    confirm.disabled = state.placing || blocked.size > 0;
    place.hidden = confirming && !state.placing;
    const pending = state.session?.status === "pending"; // the table is not open yet: the cart waits
    waiting.hidden = !pending;
    waiting.textContent = pending ? t("cart.waitingApproval") : "";
    place.disabled = state.placing || blocked.size > 0 || isEmpty || pending;
    if (pending) place.setAttribute("aria-describedby", "cart-waiting");
    else place.removeAttribute("aria-describedby");
    place.setAttribute("aria-busy", String(state.placing));
    place.textContent = state.placing ? t("cart.placing") : t("cart.place");
    if (document.activeElement !== notes && notes.value !== state.cart.notes) notes.value = state.cart.notes;
  }

  update(initial);
  return { update };
}
