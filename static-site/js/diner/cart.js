// @ts-check
/**
 * The cart's rules, pure: every function takes a cart and returns a new one (or a figure).
 * The controller alone calls them and saves the result (the phone's storage, per table), so a
 * reload, or signing in again after the table was closed, keeps it.
 */

export const MAX_QUANTITY = 20;        // portions on one line: the server's bound (domain/orders.py)
export const MAX_ORDER_PORTIONS = 50;  // portions in one order: past it the server answers 400 on "items"
export const NOTES_MAX = 200;

/**
 * @typedef {object} CartLine
 * @property {string} key        itemId + options + notes: the same dish with other options or notes is another line
 * @property {string} itemId
 * @property {string} name
 * @property {number} unitPrice  minor units, item price + option deltas, as last seen on the menu (the server prices the order)
 * @property {number} quantity
 * @property {string} notes
 * @property {ChosenOption[]} options
 *
 * @typedef {{groupId: string, optionId: string, name: string, priceDelta: number}} ChosenOption
 * @typedef {{id: string, name: string, priceDelta: number}} MenuOption
 * @typedef {{id: string, name: string, required: boolean, minChoices: number, maxChoices: number, options: MenuOption[]}} OptionGroup
 *
 * @typedef {object} Cart
 * @property {CartLine[]} lines
 * @property {string} notes      for the whole order
 *
 * @typedef {{id: string, name: string, price: number, available: boolean, optionGroups?: OptionGroup[], allergens?: string[]}} MenuItemLike
 */

/** @returns {Cart} */
export function emptyCart() {
  return { lines: [], notes: "" };
}

/** @param {number} quantity */
function clampQuantity(quantity) {
  return Math.max(1, Math.min(MAX_QUANTITY, Math.round(quantity) || 1));
}

/** @param {string} itemId @param {string} notes @param {{groupId: string, optionId: string}[]} [options] */
export function lineKey(itemId, notes, options = []) {
  const chosen = options.map((o) => `${o.groupId}:${o.optionId}`).sort().join(",");
  return chosen ? `${itemId}|${chosen}|${notes}` : `${itemId}|${notes}`;
}

// -- modifiers ------------------------------------------------------------------------------
/**
 * The diner's picks ({groupId: [optionId]}) as chosen options, in the menu's order; unknown ids are dropped.
 * @param {MenuItemLike} item @param {Record<string, string[]>} picks
 * @returns {ChosenOption[]}
 */
export function chosenOptions(item, picks) {
  return (item.optionGroups ?? []).flatMap((group) => group.options
    .filter((option) => (picks[group.id] ?? []).includes(option.id))
    .map((option) => ({ groupId: group.id, optionId: option.id, name: option.name, priceDelta: option.priceDelta })));
}

/**
 * The groups whose picks are not yet valid: too few in a required group, too many anywhere.
 * @param {MenuItemLike} item @param {Record<string, string[]>} picks
 * @returns {{group: OptionGroup, problem: "tooFew" | "tooMany"}[]}
 */
export function optionProblems(item, picks) {
  /** @type {{group: OptionGroup, problem: "tooFew" | "tooMany"}[]} */
  const problems = [];
  for (const group of item.optionGroups ?? []) {
    const count = group.options.filter((option) => (picks[group.id] ?? []).includes(option.id)).length;
    if (count < group.minChoices) problems.push({ group, problem: "tooFew" });
    else if (count > group.maxChoices) problems.push({ group, problem: "tooMany" });
  }
  return problems;
}

/**
 * How many options a group takes, as a dictionary key and its values ("chooseOne",
 * "chooseUpTo" {max}, "chooseAtLeast" {min}, "chooseBetween" {min, max}): each app words it.
 * @param {{minChoices: number, maxChoices: number}} group
 * @returns {[string, Record<string, number>]}
 */
export function choiceRule({ minChoices, maxChoices }) {
  if (maxChoices === 1) return minChoices === 1 ? ["chooseOne", {}] : ["chooseUpTo", { max: 1 }];
  if (minChoices === 0) return ["chooseUpTo", { max: maxChoices }];
  if (minChoices === maxChoices) return ["chooseAtLeast", { min: minChoices }];
  return ["chooseBetween", { min: minChoices, max: maxChoices }];
}

/** True when the item cannot be added without choosing first (a required group). @param {MenuItemLike} item */
export function needsChoices(item) {
  return (item.optionGroups ?? []).some((group) => group.minChoices > 0);
}

/** @param {ChosenOption[]} options */
function optionsTotal(options) {
  return options.reduce((sum, option) => sum + option.priceDelta, 0);
}

/** The unit price of the item with these options, as the menu now stands. @param {MenuItemLike} item @param {ChosenOption[]} options */
export function unitPriceOf(item, options) {
  return item.price + optionsTotal(options);
}

/**
 * @param {Cart} cart
 * @param {MenuItemLike} item
 * @param {number} [quantity]
 * @param {string} [notes]
 * @param {ChosenOption[]} [options]
 * @returns {Cart}
 */
export function addToCart(cart, item, quantity = 1, notes = "", options = []) {
  if (!item.available) return cart;
  const cleanNotes = notes.trim().slice(0, NOTES_MAX);
  const key = lineKey(item.id, cleanNotes, options);
  const existing = cart.lines.find((line) => line.key === key);
  const lines = existing
    ? cart.lines.map((line) => (line === existing ? { ...line, quantity: clampQuantity(line.quantity + quantity) } : line))
    : [...cart.lines, { key, itemId: item.id, name: item.name, unitPrice: unitPriceOf(item, options), quantity: clampQuantity(quantity),
      notes: cleanNotes, options: options.map((o) => ({ ...o })) }];
  return { ...cart, lines };
}

/**
 * @param {Cart} cart @param {string} key @param {number} delta  +1 or -1; never below 1 (remove is its own action)
 * @returns {Cart}
 */
export function changeQuantity(cart, key, delta) {
  return { ...cart, lines: cart.lines.map((line) => (line.key === key ? { ...line, quantity: clampQuantity(line.quantity + delta) } : line)) };
}

/** @param {Cart} cart @param {string} key @returns {Cart} */
export function removeLine(cart, key) {
  return { ...cart, lines: cart.lines.filter((line) => line.key !== key) };
}

/** @param {Cart} cart @param {string} notes @returns {Cart} */
export function setOrderNotes(cart, notes) {
  return { ...cart, notes: notes.slice(0, NOTES_MAX) };
}

/** @param {Cart} cart */
export function cartCount(cart) {
  return cart.lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** @param {Cart} cart */
export function cartSubtotal(cart) {
  return cart.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
}

/**
 * Names and prices follow the menu as it now stands (a price change shows at once).
 * @param {Cart} cart @param {Map<string, MenuItemLike>} items
 * @returns {Cart}
 */
export function repriceCart(cart, items) {
  let changed = false;
  const lines = cart.lines.map((line) => {
    const item = items.get(line.itemId);
    if (!item) return line;
    const options = line.options.map((chosen) => {
      const option = item.optionGroups?.find((g) => g.id === chosen.groupId)?.options.find((o) => o.id === chosen.optionId);
      return option && (option.priceDelta !== chosen.priceDelta || option.name !== chosen.name)
        ? { ...chosen, name: option.name, priceDelta: option.priceDelta } : chosen;
    });
    const unitPrice = unitPriceOf(item, options);
    if (unitPrice === line.unitPrice && item.name === line.name && options.every((o, i) => o === line.options[i])) return line;
    changed = true;
    return { ...line, unitPrice, name: item.name, options };
  });
  return changed ? { ...cart, lines } : cart;
}

/**
 * A cart kept on the phone may hold dishes the menu no longer has: those lines go (a dish still on
 * the menu but unavailable stays, marked, as unavailableLines says).
 * @param {Cart} cart @param {Map<string, MenuItemLike>} items
 * @returns {Cart}
 */
export function dropGone(cart, items) {
  const lines = cart.lines.filter((line) => items.has(line.itemId));
  return lines.length === cart.lines.length ? cart : { ...cart, lines };
}

/**
 * The lines that cannot be ordered now (unavailable or gone from the menu, or their options no longer fit the item).
 * @param {Cart} cart @param {Map<string, MenuItemLike>} items
 * @returns {Set<string>} line keys
 */
export function unavailableLines(cart, items) {
  return new Set(cart.lines.filter((line) => {
    const item = items.get(line.itemId);
    if (!item?.available) return true;
    /** @type {Record<string, string[]>} */
    const picks = {};
    for (const o of line.options) (picks[o.groupId] ??= []).push(o.optionId);
    return chosenOptions(item, picks).length !== line.options.length || optionProblems(item, picks).length > 0;
  }).map((line) => line.key));
}

/**
 * The lines with an allergen the diner avoids, and which of them: the cart warns before ordering.
 * @param {Cart} cart @param {Map<string, MenuItemLike>} items @param {string[]} avoid
 * @returns {{key: string, name: string, allergens: string[]}[]}
 */
export function allergenWarnings(cart, items, avoid) {
  if (!avoid.length) return [];
  return cart.lines.flatMap((line) => {
    const found = (items.get(line.itemId)?.allergens ?? []).filter((a) => avoid.includes(a));
    return found.length ? [{ key: line.key, name: line.name, allergens: found }] : [];
  });
}

/**
 * The body of POST /api/session/orders.
 * @param {Cart} cart
 * @returns {{items: {menuItemId: string, quantity: number, notes?: string, options?: {groupId: string, optionId: string}[]}[], notes?: string}}
 */
export function orderBody(cart) {
  const body = {
    items: cart.lines.map((line) => ({
      menuItemId: line.itemId, quantity: line.quantity,
      ...(line.notes ? { notes: line.notes } : {}),
      ...(line.options.length ? { options: line.options.map((o) => ({ groupId: o.groupId, optionId: o.optionId })) } : {}),
    })),
  };
  const notes = cart.notes.trim();
  return notes ? { ...body, notes } : body;
}

/**
 * A cart read back from storage: anything malformed is dropped rather than trusted.
 * @param {unknown} raw
 * @returns {Cart}
 */
export function reviveCart(raw) {
  if (!raw || typeof raw !== "object") return emptyCart();
  const source = /** @type {{lines?: unknown, notes?: unknown}} */ (raw);
  const lines = Array.isArray(source.lines) ? source.lines : [];
  /** @type {CartLine[]} */
  const valid = [];
  for (const line of lines) {
    if (!line || typeof line.itemId !== "string" || typeof line.name !== "string" || !Number.isInteger(line.unitPrice)) continue;
    const notes = typeof line.notes === "string" ? line.notes.slice(0, NOTES_MAX) : "";
    const options = (Array.isArray(line.options) ? line.options : []).filter((/** @type {any} */ o) => o && typeof o.groupId === "string"
      && typeof o.optionId === "string" && typeof o.name === "string" && Number.isInteger(o.priceDelta))
      .map((/** @type {any} */ o) => ({ groupId: o.groupId, optionId: o.optionId, name: o.name, priceDelta: o.priceDelta }));
    valid.push({ key: lineKey(line.itemId, notes, options), itemId: line.itemId, name: line.name, unitPrice: line.unitPrice,
      quantity: clampQuantity(Number(line.quantity)), notes, options });
  }
  return { lines: valid, notes: typeof source.notes === "string" ? source.notes.slice(0, NOTES_MAX) : "" };
}
