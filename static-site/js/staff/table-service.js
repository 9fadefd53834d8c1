// @ts-check
/**
 * .table-service: what a waiter does for a table on the Tables page: seat a free table
 * (guests without a phone), order on the table's behalf, move the session to a free table.
 * Built once per table and session (typed values survive the page's live re-draws).
 * The two forms fold behind a bar of two toggles, so the bill below them stays in view; the one
 * open stays open across re-draws, and seating a table opens its order form.
 * Emits `openTable` {code}, `staffOrder` {sessionId, items, participantId, notes},
 * `moveSession` {id, from, to}, each with `done`.
 */
import { h, emitFromButton } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";
import { tableName } from "../lib/table-name.js";
import { choiceRule, MAX_QUANTITY, optionProblems } from "../diner/cart.js";

/**
 * @typedef {import("./floor.js").Table} Table
 * @typedef {import("../diner/cart.js").OptionGroup} OptionGroup
 * @typedef {{id: string, name: string, price: number, available: boolean, optionGroups?: OptionGroup[]}} MenuItem
 * @typedef {{table: Table, freeTables: Table[], menuItems: MenuItem[], currency: string, canOrder: boolean}} ServiceView
 */

/** The form open at each table ("order" or "move"), by table code. @type {Map<string, "order" | "move">} */
const opened = new Map();

/** @param {ServiceView} view */
export function serviceSignature({ table, freeTables, menuItems, canOrder }) {
  return JSON.stringify([table.code, table.session?.id, table.pendingSession?.id, table.session?.participants.map((p) => p.customerId),
    freeTables.map((f) => f.code), menuItems.map((i) => [i.id, i.available, i.price, i.optionGroups ?? []]), canOrder, document.documentElement.lang]);
}

/** @param {ServiceView} view @returns {HTMLElement | null} */
export function tableService({ table, freeTables, menuItems, currency, canOrder }) {
  if (!canOrder) return null;
  if (!table.session && !table.pendingSession) {
    const open = h("button", { type: "button", class: "button button--done", "data-action": "open-table", text: t("service.openTable") });
    open.addEventListener("click", () => {
      opened.set(table.code, "order"); // seated to order: the order form comes open
      emitFromButton(/** @type {HTMLButtonElement} */ (open), "openTable", { code: table.code });
    });
    return h("section", { class: "table-service" }, [h("p", { class: "table-service__hint", text: t("service.openHint") }), open]);
  }
  const session = table.session;
  if (!session) return null;
  const forms = { order: orderForm(session, menuItems, currency), move: moveForm(table, session, freeTables) };
  const names = /** @type {("order" | "move")[]} */ (["order", "move"]);
  const toggles = names.map((name) => {
    const toggle = h("button", { type: "button", class: "button button--secondary table-service__toggle", "data-form": name,
      "aria-controls": forms[name].id, text: t(name === "order" ? "service.orderTitle" : "service.moveToggle") });
    toggle.addEventListener("click", () => show(opened.get(table.code) === name ? null : name));
    return toggle;
  });
  /** @param {"order" | "move" | null | undefined} open */
  function show(open) {
    if (open) opened.set(table.code, open);
    else opened.delete(table.code);
    names.forEach((name, index) => {
      forms[name].hidden = open !== name;
      toggles[index].setAttribute("aria-expanded", String(open === name));
    });
  }
  show(opened.get(table.code));
  return h("section", { class: "table-service", "aria-label": t("service.title") }, [
    h("div", { class: "table-service__bar" }, toggles), forms.order, forms.move]);
}

/**
 * .option-pick: one fieldset per option group of the chosen dish (radios for one choice,
 * checkboxes up to the group's maximum), so a waiter can order a steak with its cooking point.
 * @param {OptionGroup} group @param {string} idPrefix @param {string} currency @param {Record<string, string[]>} picks
 */
function optionPicker(group, idPrefix, currency, picks) {
  const single = group.maxChoices === 1;
  const name = `${idPrefix}-${group.id}`;
  const inputs = group.options.map((option) => /** @type {HTMLInputElement} */ (h("input", {
    type: single ? "radio" : "checkbox", name, value: option.id, id: `${name}-${option.id}` })));
  const [rule, values] = choiceRule(group);
  const legend = h("legend", { text: `${group.name} · ${t(group.minChoices > 0 ? "service.required" : "service.optional")} · ${t(`service.${rule}`, values)}` });
  const labels = group.options.map((option, index) => h("label", { class: "option-pick__option", for: inputs[index].id }, [
    inputs[index], h("span", { text: option.priceDelta ? `${option.name} +${formatMoney(option.priceDelta, currency)}` : option.name }),
  ]));
  const element = h("fieldset", { class: "option-pick", "data-group": group.id }, [legend, ...labels]);
  element.addEventListener("change", () => {
    picks[group.id] = inputs.filter((input) => input.checked).map((input) => input.value);
    if (!single) for (const input of inputs) input.disabled = !input.checked && picks[group.id].length >= group.maxChoices;
  });
  return { element, focus: () => inputs[0]?.focus() };
}

/** @param {import("./floor.js").Session} session @param {MenuItem[]} menuItems @param {string} currency */
function orderForm(session, menuItems, currency) {
  const id = (/** @type {string} */ name) => `service-${name}-${session.id}`;
  const offered = menuItems.filter((i) => i.available);
  const item = /** @type {HTMLSelectElement} */ (h("select", { id: id("item"), name: "menuItemId", required: true },
    offered.map((i) => h("option", { value: i.id, text: `${i.name} · ${formatMoney(i.price, currency)}` }))));
  const quantity = /** @type {HTMLInputElement} */ (h("input", { id: id("qty"), name: "quantity", type: "number", min: "1", max: String(MAX_QUANTITY), value: "1", inputmode: "numeric" }));
  const who = /** @type {HTMLSelectElement} */ (h("select", { id: id("who"), name: "participantId" }, [
    h("option", { value: "", text: t("service.forTable") }),
    ...session.participants.map((p) => h("option", { value: p.customerId || "", text: p.name })),
  ]));
  const notes = /** @type {HTMLInputElement} */ (h("input", { id: id("notes"), name: "notes", maxlength: "200", placeholder: t("service.notesHint") }));
  const choices = h("div", { class: "table-service__options" });
  const problem = h("p", { class: "table-service__problem", role: "alert" });
  const add = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button", text: t("service.add") }));
  /** @type {Record<string, string[]>} */
  let picks = {};
  /** @type {Map<string, () => void>} */
  let focusers = new Map();
  const chosen = () => offered.find((i) => i.id === item.value);
  const showChoices = () => {
    picks = {};
    problem.textContent = "";
    const pickers = (chosen()?.optionGroups ?? []).map((group) => [group.id, optionPicker(group, id("option"), currency, picks)]);
    focusers = new Map(pickers.map(([groupId, picker]) => [/** @type {string} */ (groupId), /** @type {any} */ (picker).focus]));
    choices.replaceChildren(...pickers.map(([, picker]) => /** @type {any} */ (picker).element));
  };
  item.addEventListener("change", showChoices);
  showChoices();
  const form = h("form", { class: "table-service__order", id: id("order"), "aria-label": t("service.orderTitle") }, [
    // the dish on a row of its own: its name and whole price show in the closed dropdown
    h("div", { class: "field table-service__item" }, [h("label", { for: id("item"), text: t("service.item") }), item]),
    choices,
    h("div", { class: "table-service__fields" }, [
      h("div", { class: "field table-service__qty" }, [h("label", { for: id("qty"), text: t("service.quantity") }), quantity]),
      h("div", { class: "field" }, [h("label", { for: id("who"), text: t("service.who") }), who]),
    ]),
    h("div", { class: "field" }, [h("label", { for: id("notes"), text: t("service.notes") }), notes]),
    problem,
    add,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const dish = chosen();
    if (!dish) return;
    const [first] = optionProblems(dish, picks);
    if (first) {
      problem.textContent = t("service.chooseFirst", { group: first.group.name });
      focusers.get(first.group.id)?.();
      return;
    }
    problem.textContent = "";
    const count = Math.max(1, Math.min(MAX_QUANTITY, Math.round(Number(quantity.value) || 1)));
    const options = (dish.optionGroups ?? []).flatMap((group) => (picks[group.id] ?? []).map((optionId) => ({ groupId: group.id, optionId })));
    emitFromButton(add, "staffOrder", {
      sessionId: session.id, items: [{ menuItemId: dish.id, quantity: count, notes: notes.value.trim(), ...(options.length ? { options } : {}) }],
      participantId: who.value || null, notes: "",
      reset: () => { quantity.value = "1"; notes.value = ""; showChoices(); },
    });
  });
  return form;
}

/** @param {Table} table @param {import("./floor.js").Session} session @param {Table[]} freeTables */
function moveForm(table, session, freeTables) {
  const selectId = `service-move-${session.id}`;
  const target = /** @type {HTMLSelectElement} */ (h("select", { id: selectId, name: "tableCode" },
    freeTables.map((f) => h("option", { value: f.code, text: tableName(f.code, f.label) }))));
  const move = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button button--secondary", text: t("service.move"),
    disabled: freeTables.length === 0 }));
  const form = h("form", { class: "table-service__move", id: `service-move-form-${session.id}`, "aria-label": t("service.moveTitle") }, [
    h("div", { class: "field" }, [h("label", { for: selectId, text: t("service.moveTo") }), target]),
    move,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (target.value) emitFromButton(move, "moveSession", { id: session.id, from: table.code, to: target.value });
  });
  return form;
}
