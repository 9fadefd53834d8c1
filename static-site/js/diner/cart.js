// @ts-check
/**
 * The cart's rules, pure: every function takes a cart and returns a new one (or a figure).
 * The controller alone calls them and saves the result (sessionStorage), so a reload keeps it.
 */

export const MAX_QUANTITY = 50;
export const NOTES_MAX = 200;

/**
 * @typedef {object} CartLine
 * @property {string} key        itemId + notes: the same dish with other notes is another line
 * @property {string} itemId
 * @property {string} name
 * @property {number} unitPrice  minor units, as last seen on the menu (the server prices the order)
 * @property {number} quantity
 * @property {string} notes
 *
 * @typedef {object} Cart
 * @property {CartLine[]} lines
 * @property {string} notes      for the whole order
 *
 * @typedef {{id: string, name: string, price: number, available: boolean}} MenuItemLike
 */

/** @returns {Cart} */
export function emptyCart() {
  return { lines: [], notes: "" };
}

/** @param {number} quantity */
function clampQuantity(quantity) {
  return Math.max(1, Math.min(MAX_QUANTITY, Math.round(quantity) || 1));
}

/** @param {string} itemId @param {string} notes */
export function lineKey(itemId, notes) {
  return `${itemId}|${notes}`;
}

/**
 * @param {Cart} cart
 * @param {MenuItemLike} item
 * @param {number} [quantity]
 * @param {string} [notes]
 * @returns {Cart}
 */
export function addToCart(cart, item, quantity = 1, notes = "") {
  if (!item.available) return cart;
  const cleanNotes = notes.trim().slice(0, NOTES_MAX);
  const key = lineKey(item.id, cleanNotes);
  const existing = cart.lines.find((line) => line.key === key);
  const lines = existing
    ? cart.lines.map((line) => (line === existing ? { ...line, quantity: clampQuantity(line.quantity + quantity) } : line))
    : [...cart.lines, { key, itemId: item.id, name: item.name, unitPrice: item.price, quantity: clampQuantity(quantity), notes: cleanNotes }];
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
    if (!item || (item.price === line.unitPrice && item.name === line.name)) return line;
    changed = true;
    return { ...line, unitPrice: item.price, name: item.name };
  });
  return changed ? { ...cart, lines } : cart;
}

/**
 * The lines that cannot be ordered now (unavailable or gone from the menu).
 * @param {Cart} cart @param {Map<string, MenuItemLike>} items
 * @returns {Set<string>} line keys
 */
export function unavailableLines(cart, items) {
  return new Set(cart.lines.filter((line) => !items.get(line.itemId)?.available).map((line) => line.key));
}

/**
 * The body of POST /api/session/orders.
 * @param {Cart} cart
 * @returns {{items: {menuItemId: string, quantity: number, notes?: string}[], notes?: string}}
 */
export function orderBody(cart) {
  const body = {
    items: cart.lines.map((line) => (line.notes ? { menuItemId: line.itemId, quantity: line.quantity, notes: line.notes }
      : { menuItemId: line.itemId, quantity: line.quantity })),
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
    valid.push({ key: lineKey(line.itemId, notes), itemId: line.itemId, name: line.name, unitPrice: line.unitPrice,
      quantity: clampQuantity(Number(line.quantity)), notes });
  }
  return { lines: valid, notes: typeof source.notes === "string" ? source.notes.slice(0, NOTES_MAX) : "" };
}
