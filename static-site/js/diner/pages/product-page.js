// @ts-check
/** .product: one dish in full (photo, description, price, tags, allergens), a quantity,
 * notes for the kitchen, and Add to cart. */
import { t } from "../../lib/i18n.js";
import { MAX_QUANTITY, NOTES_MAX } from "../cart.js";
import { emit, h, icon } from "../dom.js";
import { quantityStepper } from "../components/quantity-stepper.js";

/** @typedef {import("../main.js").View} View */

/** A known tag or allergen in the diner's language; anything else as the menu wrote it. @param {string} prefix @param {string} value */
function word(prefix, value) {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

/** @param {HTMLElement} root @param {View} initial */
export function mountProductPage(root, initial) {
  const itemId = initial.state.route.itemId ?? "";
  const back = h("a", { class: "product__back", href: initial.path("menu"), "data-link": true }, [icon("back"), h("span", { text: t("product.back") })]);
  back.addEventListener("click", (event) => {
    if (history.state?.from === "menu") {
      event.preventDefault();
      history.back();
    }
  });
  const photoSlot = h("div", { class: "product__photo-slot" });
  const title = h("h1", { class: "product__name", tabindex: "-1" });
  const price = h("p", { class: "product__price" });
  const description = h("p", { class: "product__description" });
  const tags = h("ul", { class: "product__tags" });
  const allergens = h("p", { class: "product__allergens" });
  const unavailable = h("p", { class: "notice product__unavailable", role: "status", hidden: true });
  let quantity = 1;
  const stepper = quantityStepper({
    decreaseLabel: t("product.decrease"), increaseLabel: t("product.increase"), valueLabel: t("product.quantity"),
    onChange: (delta) => {
      quantity = Math.max(1, Math.min(MAX_QUANTITY, quantity + delta));
      paint(view);
    },
  });
  const notes = h("textarea", { id: "product-notes", name: "notes", rows: "2", maxlength: String(NOTES_MAX), placeholder: t("product.notesPlaceholder") });
  const add = h("button", { class: "button product__add", type: "submit" });
  const form = h("form", { class: "product__form" }, [
    h("div", { class: "field product__quantity" }, [h("span", { class: "field__label", text: t("product.quantity"), "aria-hidden": "true" }), stepper.element]),
    h("div", { class: "field" }, [h("label", { for: "product-notes", text: t("product.notes") }), notes]),
    add,
  ]);
  const details = h("div", { class: "product__body" }, [title, price, description, tags, allergens, unavailable, form]);
  const missing = h("p", { class: "notice", hidden: true, text: t("product.notFound") });
  root.append(h("article", { class: "product" }, [back, missing, photoSlot, details]));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    emit(form, "addToCart", { itemId, quantity, notes: notes.value, fromProduct: true });
  });

  /** @type {View} */
  let view = initial;
  let shownPhoto = "";

  /** @param {View} next */
  function paint(next) {
    view = next;
    const item = view.itemById(itemId);
    missing.hidden = Boolean(item) || !view.state.menu;
    details.hidden = !item;
    photoSlot.hidden = !item;
    if (!item) return;
    document.title = `${item.name} · ${view.state.place?.branch.name ?? ""}`;
    if (item.imageUrl && item.imageUrl !== shownPhoto) {
      shownPhoto = item.imageUrl;
      photoSlot.replaceChildren(h("img", { class: "product__photo", src: item.imageUrl, alt: item.name, width: "800", height: "600", decoding: "async", fetchpriority: "high" }));
    }
    title.textContent = item.name;
    price.textContent = view.money(item.price);
    description.textContent = item.description;
    tags.replaceChildren(...item.tags.map((tag) => h("li", { class: "chip", text: word("tag", tag) })));
    allergens.hidden = item.allergens.length === 0;
    allergens.textContent = t("product.contains", { list: item.allergens.map((a) => word("allergen", a)).join(", ") });
    unavailable.hidden = item.available;
    unavailable.textContent = t("product.unavailable");
    stepper.set(quantity, MAX_QUANTITY);
    form.hidden = !item.available;
    add.textContent = t("product.add", { price: view.money(item.price * quantity) });
    root.querySelector(".product")?.classList.toggle("product--unavailable", !item.available);
  }

  paint(initial);
  return { update: paint };
}
