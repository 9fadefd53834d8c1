// @ts-check
/** .product: one dish (a compact photo, description, price, tags, allergens), its option groups
 * (.option-group: radios for one choice, checkboxes up to a maximum), notes for the kitchen, and
 * the pinned .product__bar (quantity and "Add to cart · price"). A choice still missing is said
 * only once the diner tries to add (the first group in error then takes focus), never before. */
import { t } from "../../lib/i18n.js";
import { choiceRule, chosenOptions, MAX_QUANTITY, NOTES_MAX, optionProblems, unitPriceOf } from "../cart.js";
import { emit, h, icon } from "../dom.js";
import { quantityStepper } from "../components/quantity-stepper.js";

/** @typedef {import("../state.js").View} View */

/** A known tag or allergen in the diner's language; anything else as the menu wrote it. @param {string} prefix @param {string} value */
function word(prefix, value) {
  const key = `${prefix}.${value}`;
  const text = t(key);
  return text === key ? value : text;
}

/** @param {{minChoices: number, maxChoices: number}} group */
function ruleOf(group) {
  const [key, values] = choiceRule(group);
  return t(`product.${key}`, values);
}

/**
 * .option-group: one fieldset per group; picks flow up through onChange.
 * @param {import("../cart.js").OptionGroup} group @param {(ids: string[]) => void} onChange @param {(n: number) => string} money
 * @param {string[]} [picked]  the options ticked already (the same dish drawn again, e.g. in another language)
 */
function mountOptionGroup(group, onChange, money, picked = []) {
  const single = group.maxChoices === 1;
  const name = `option-${group.id}`;
  const inputs = group.options.map((option) => {
    const input = h("input", { type: single ? "radio" : "checkbox", name, value: option.id, id: `${name}-${option.id}` });
    input.checked = picked.includes(option.id);
    input.disabled = !single && !input.checked && picked.length >= group.maxChoices;
    const label = h("label", { class: "option-group__option", for: input.id }, [
      input, h("span", { class: "option-group__name", text: option.name }),
      option.priceDelta ? h("span", { class: "option-group__delta", text: t("product.optionDelta", { price: money(option.priceDelta) }) }) : null,
    ]);
    return { input, label };
  });
  const legend = h("legend", { class: "option-group__legend" }, [
    h("span", { class: "option-group__title", text: group.name }),
    h("span", { class: group.minChoices > 0 ? "option-group__badge option-group__badge--required" : "option-group__badge",
      text: group.minChoices > 0 ? t("product.required") : t("product.optional") }),
    h("span", { class: "option-group__rule", text: ruleOf(group) }),
  ]);
  const error = h("p", { class: "option-group__error", id: `${name}-error`, hidden: true });
  const element = h("fieldset", { class: "option-group", "data-group": group.id, tabindex: "-1" }, [legend, error, ...inputs.map((i) => i.label)]);
  element.addEventListener("change", () => {
    const picked = inputs.filter((i) => i.input.checked).map((i) => i.input.value);
    if (!single) for (const i of inputs) i.input.disabled = !i.input.checked && picked.length >= group.maxChoices;
    onChange(picked);
  });
  return {
    element,
    /** @param {string} message  the group's rule broken ("" when it is met) */
    setError(message) {
      error.textContent = message;
      error.hidden = !message;
      element.classList.toggle("option-group--error", Boolean(message));
      if (message) element.setAttribute("aria-describedby", error.id);
      else element.removeAttribute("aria-describedby");
    },
  };
}

/** @param {import("../cart.js").OptionGroup[] | undefined} groups */
function shapeOfGroups(groups) {
  return JSON.stringify(groups ?? []);
}

/** The groups' rules without their words: the same in every language. @param {import("../cart.js").OptionGroup[] | undefined} groups */
function rulesOfGroups(groups) {
  return JSON.stringify((groups ?? []).map((g) => [g.id, g.minChoices, g.maxChoices, g.options.map((o) => [o.id, o.priceDelta])]));
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
  const avoidNotice = h("p", { class: "notice notice--warning product__avoid", hidden: true });
  const adult = h("p", { class: "chip chip--adult product__adult", hidden: true, text: t("product.adult") });
  const groupsSlot = h("div", { class: "product__options" });
  const choiceMessage = h("p", { class: "product__choice-message", id: "product-choice-message", role: "status" });
  /** @type {Record<string, string[]>} */
  let picks = {};
  let groupsShape = "";
  let groupsRules = "";
  /** @type {Map<string, ReturnType<typeof mountOptionGroup>>} */
  let groupViews = new Map();
  let tried = false;  // the diner tapped Add: from then on a broken rule is said
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
  const add = h("button", { class: "button product__add", type: "submit", "aria-describedby": "product-choice-message" });
  const bar = h("div", { class: "product__bar" }, [
    choiceMessage,
    h("div", { class: "product__bar-row" }, [h("div", { class: "product__quantity" }, [stepper.element]), add]),
  ]);
  const form = h("form", { class: "product__form" }, [
    groupsSlot,
    h("div", { class: "field" }, [h("label", { for: "product-notes", text: t("product.notes") }), notes]),
    bar,
  ]);
  const details = h("div", { class: "product__body" }, [title, price, adult, description, tags, allergens, avoidNotice, unavailable, form]);
  const missing = h("p", { class: "notice", hidden: true, text: t("product.notFound") });
  root.append(h("article", { class: "product" }, [back, missing, photoSlot, details]));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const item = view.itemById(itemId);
    if (!item) return;
    const problems = optionProblems(item, picks);
    if (problems.length) {
      tried = true;
      paint(view);
      groupViews.get(problems[0].group.id)?.element.focus();
      return;
    }
    emit(form, "addToCart", { itemId, quantity, notes: notes.value, options: chosenOptions(item, picks), fromProduct: true });
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
    description.textContent = item.description;
    tags.replaceChildren(...item.tags.map((tag) => h("li", { class: "chip", text: word("tag", tag) })));
    allergens.hidden = item.allergens.length === 0;
    allergens.textContent = t("product.contains", { list: item.allergens.map((a) => word("allergen", a)).join(", ") });
    const avoided = item.allergens.filter((a) => view.avoidAllergens().includes(a));
    avoidNotice.hidden = avoided.length === 0;
    avoidNotice.textContent = t("product.avoid", { list: avoided.map((a) => word("allergen", a)).join(", ") });
    adult.hidden = !item.ageRestricted;
    if (shapeOfGroups(item.optionGroups) !== groupsShape) {
      groupsShape = shapeOfGroups(item.optionGroups);
      if (rulesOfGroups(item.optionGroups) !== groupsRules) {
        // other choices to make: start again (new words for the same choices keep what was ticked)
        groupsRules = rulesOfGroups(item.optionGroups);
        picks = {};
        tried = false;
      }
      groupViews = new Map((item.optionGroups ?? []).map((group) => [group.id, mountOptionGroup(group, (ids) => {
        picks = { ...picks, [group.id]: ids };
        paint(view);
      }, view.money, picks[group.id])]));
      groupsSlot.replaceChildren(...[...groupViews.values()].map((g) => g.element));
    }
    const problems = tried ? optionProblems(item, picks) : [];
    /** @param {{group: import("../cart.js").OptionGroup, problem: "tooFew" | "tooMany"}} p */
    const say = (p) => (p.problem === "tooFew"
      ? t("product.needsChoice", { group: p.group.name }) : t("product.tooMany", { group: p.group.name, max: p.group.maxChoices }));
    for (const [id, group] of groupViews) {
      const problem = problems.find((p) => p.group.id === id);
      group.setError(problem ? say(problem) : "");
    }
    const first = problems[0];
    choiceMessage.textContent = first ? say(first) : "";
    choiceMessage.hidden = !first;
    unavailable.hidden = item.available;
    unavailable.textContent = item.timing?.reason && item.timing.reason !== "unavailable" ? view.whyNot(item) : t("product.unavailable");
    stepper.set(quantity, MAX_QUANTITY);
    form.hidden = !item.available;
    const unit = unitPriceOf(item, chosenOptions(item, picks));
    price.textContent = view.money(unit);
    add.textContent = t("product.add", { price: view.money(unit * quantity) });
    root.querySelector(".product")?.classList.toggle("product--unavailable", !item.available);
  }

  paint(initial);
  return { update: paint };
}
