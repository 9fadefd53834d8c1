// @ts-check
/**
 * What the diner's tab remembers, per table (sessionStorage, so it dies with the tab):
 * the token, the Idempotency-Key of an order being sent, a request to join the
 * table that waits for a yes, and a message for the next page ("your table was closed").
 * What the phone remembers beyond the tab (localStorage): its device key for the table, the
 * credential that lets the same phone back into its session without asking the table again, and
 * the cart (per branch and table, not per sign-in: a table closed by staff, or a sign-in that
 * expired, leaves it for the next sign-in; it is dropped after CART_TTL_MS).
 * No imports: boot.js reads the token before the rest of the app has downloaded.
 */
/** @typedef {import("./cart.js").Cart} Cart */
/** @typedef {{key: string, body: string}} PendingSubmission  body: the JSON sent with that key */

/** @param {string} key */
function read(key) {
  try {
    const raw = sessionStorage.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  } catch {
    return null;
  }
}

/** @param {string} key @param {unknown} value */
function write(key, value) {
  try {
    if (value === null || value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* private mode or full: the page still works, only a reload forgets */
  }
}

/** @param {string} key */
function readLocal(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** @param {string} key @param {string | null} value */
function writeLocal(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* private mode: the phone asks the table again next time */
  }
}

/** How long a cart waits on the phone for its diner (a meal, not the next visit). */
export const CART_TTL_MS = 6 * 3600 * 1000;

/** @typedef {{id: string, requestToken: string}} PendingJoin  a request to join, and the token that reads its answer */

/** @param {{slug: string, code: string}} table */
export function tableStorage({ slug, code }) {
  const prefix = `comanda.diner.${slug}/${code}.`;
  const device = `comanda.device.${slug}.${code}`;
  const cartKey = `comanda.cart.${slug}/${code}`;
  return {
    /** The phone's own credential at this table (from the last 201), or null. @returns {string | null} */
    deviceKey: () => readLocal(device),
    /** The name the phone signed up with here (offered again with the device key). @returns {string} */
    deviceName: () => readLocal(`${device}.name`) ?? "",
    /** @param {string | null} key @param {string} [name] */
    setDeviceKey: (key, name) => {
      writeLocal(device, key);
      writeLocal(`${device}.name`, key && name ? name : null);
    },
    /** @returns {PendingJoin | null} */
    pendingJoin: () => {
      const value = read(prefix + "join");
      return value && typeof value.id === "string" && typeof value.requestToken === "string" ? value : null;
    },
    /** @param {PendingJoin | null} join */
    setPendingJoin: (join) => write(prefix + "join", join),
    /** @returns {string | null} */
    token: () => {
      const value = read(prefix + "token");
      return typeof value === "string" ? value : null;
    },
    /** @param {string | null} token */
    setToken: (token) => write(prefix + "token", token),
    /** The cart as it was saved (null once CART_TTL_MS old): cart.js's reviveCart checks it. @returns {unknown} */
    savedCart: () => {
      try {
        const saved = JSON.parse(readLocal(cartKey) ?? "null");
        if (saved && typeof saved.savedAt === "number" && Date.now() - saved.savedAt < CART_TTL_MS) return saved.cart;
      } catch {
        /* unreadable: no cart */
      }
      return read(prefix + "cart"); // a tab from before the cart moved to the phone's storage
    },
    /** @param {Cart | null} cart */
    setCart: (cart) => {
      write(prefix + "cart", null);
      writeLocal(cartKey, cart && (cart.lines.length || cart.notes) ? JSON.stringify({ savedAt: Date.now(), cart }) : null);
    },
    /** @returns {PendingSubmission | null} */
    pendingOrder: () => {
      const value = read(prefix + "pendingOrder");
      return value && typeof value.key === "string" && typeof value.body === "string" ? value : null;
    },
    /** @param {PendingSubmission | null} pending */
    setPendingOrder: (pending) => write(prefix + "pendingOrder", pending),
    /** A message for the next page, read once. @returns {string | null} */
    takeNotice: () => {
      const value = read(prefix + "notice");
      write(prefix + "notice", null);
      return typeof value === "string" ? value : null;
    },
    /** @param {string | null} key  a dictionary key */
    setNotice: (key) => write(prefix + "notice", key),
    /** The SMS code a loyalty sign-up waits for (components/phone-code.js's PendingCode). @returns {any} */
    phoneCode: () => read(prefix + "phoneCode"),
    /** @param {unknown} pending */
    setPhoneCode: (pending) => write(prefix + "phoneCode", pending),
    /** Signs out of this table: token, pending order and pending phone code go; the cart stays for the next sign-in. */
    forget: () => {
      for (const name of ["token", "pendingOrder", "join", "phoneCode"]) write(prefix + name, null);
    },
  };
}

/**
 * The session moved to another table (guests changed seats): what the tab holds for the old
 * table's URLs goes with it, so the token, the cart and an order being sent survive the move.
 * @param {{slug: string, code: string}} from @param {{slug: string, code: string}} to
 */
export function carryTable(from, to) {
  const [before, after] = [tableStorage(from), tableStorage(to)];
  after.setToken(before.token());
  const cart = before.savedCart();
  if (cart) after.setCart(/** @type {import("./cart.js").Cart} */ (cart)); // stored by setCart: a cart as it was
  after.setPendingOrder(before.pendingOrder());
  before.forget();
  before.setCart(null);
}
