// @ts-check
/**
 * The staff sign-in, kept for the shift.
 *
 * localStorage, not sessionStorage: a shift spans reloads, tabs and a tablet's sleep (the
 * POS in one tab, the kitchen display in another), and the token's own expiry (the
 * shift's length, 12 h by default) ends it. The pages carry a CSP without inline script
 * and set every API value as text, which is what keeps the token from other scripts.
 * Signing out, a 401 or the expiry time clears it at once.
 */

const TOKEN_KEY = "comanda.staff.token";
const STAFF_KEY = "comanda.staff.member";
const PERMISSIONS_KEY = "comanda.staff.permissions";
const BRANCH_KEY = "comanda.staff.branch";
const DEVICE_KEY = "comanda.staff.devices";
const DEVICES_KEPT = 5;

/**
 * @typedef {{sub: string, role: "owner" | "manager" | "waiter" | "kitchen", branches: string[], exp: number}} StaffClaims
 * @typedef {{id: string, name: string, email?: string, role: string, branches: string[]}} StaffMember
 * @typedef {{token: string, claims: StaffClaims, staff: StaffMember, permissions: string[]}} SignIn
 *   permissions: the sign-in answer's (domain/staff.py's Permission values): what the pages show
 */

/** The claims of a JWT (not verified here: the server does that). @param {string} token @returns {StaffClaims | null} */
export function readClaims(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(payload + "=".repeat((4 - (payload.length % 4)) % 4)));
    if (claims.typ !== "staff" || typeof claims.exp !== "number") return null;
    return claims;
  } catch {
    return null;
  }
}

/** @param {StaffClaims} claims @param {number} [now] */
export function isExpired(claims, now = Date.now()) {
  return claims.exp * 1000 <= now;
}

/** @returns {{signIn: SignIn | null, expired: boolean}} */
export function storedSignIn() {
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) return { signIn: null, expired: false };
  const claims = readClaims(token);
  const permissions = readJson(PERMISSIONS_KEY);
  if (!claims || isExpired(claims) || !isPermissionList(permissions)) {
    // a sign-in kept before the answer carried `permissions` is not guessed from the role: sign in again
    forgetSignIn();
    return { signIn: null, expired: Boolean(claims) };
  }
  const staff = readJson(STAFF_KEY);
  return {
    signIn: { token, claims, permissions, staff: staff || { id: claims.sub, name: "", role: claims.role, branches: claims.branches } },
    expired: false,
  };
}

/** @param {string} key @returns {any} */
function readJson(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

/** @param {unknown} value @returns {value is string[]} */
function isPermissionList(value) {
  return Array.isArray(value) && value.every((permission) => typeof permission === "string");
}

/** @param {string} token @param {StaffMember} staff @param {unknown} permissions @returns {SignIn | null} */
export function keepSignIn(token, staff, permissions) {
  const claims = readClaims(token);
  if (!claims || !isPermissionList(permissions)) return null;
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(STAFF_KEY, JSON.stringify(staff));
  localStorage.setItem(PERMISSIONS_KEY, JSON.stringify(permissions));
  return { token, claims, staff, permissions };
}

/**
 * @param {string | null} [onlyToken]  forget only if this is still the token kept: a screen holding an older
 *   token (its person changed their password on another screen of this device) leaves the newer sign-in alone
 */
export function forgetSignIn(onlyToken) {
  if (onlyToken && localStorage.getItem(TOKEN_KEY) !== onlyToken) return;
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(STAFF_KEY);
  localStorage.removeItem(PERMISSIONS_KEY);
}

/**
 * This device's "known device" credential for an account: the server hands one out on every
 * sign-in, and a device that sends it back is never throttled by other people's wrong
 * passwords for that account (only by its own). It outlives signing out (it says nothing but
 * "this device signed in here before"); a few accounts are kept, the last used first.
 * @param {string} email
 * @returns {string | undefined}
 */
export function deviceCredential(email) {
  const found = readDevices().find(([known]) => known === email.trim().toLowerCase());
  return found ? found[1] : undefined;
}

/** @param {string} email @param {unknown} credential */
export function keepDeviceCredential(email, credential) {
  if (typeof credential !== "string" || !credential) return;
  const key = email.trim().toLowerCase();
  const kept = [[key, credential], ...readDevices().filter(([known]) => known !== key)].slice(0, DEVICES_KEPT);
  localStorage.setItem(DEVICE_KEY, JSON.stringify(kept));
}

/** @returns {[string, string][]} */
function readDevices() {
  try {
    const stored = JSON.parse(localStorage.getItem(DEVICE_KEY) || "[]");
    return Array.isArray(stored)
      ? stored.filter((pair) => Array.isArray(pair) && typeof pair[0] === "string" && typeof pair[1] === "string")
      : [];
  } catch {
    return [];
  }
}

/** Calls `onExpired` when the token's time is up (a tablet left on overnight). @param {StaffClaims} claims @param {() => void} onExpired */
export function watchExpiry(claims, onExpired) {
  const left = claims.exp * 1000 - Date.now();
  // setTimeout's limit is ~24.8 days; a shift token is hours.
  const timer = setTimeout(onExpired, Math.max(0, Math.min(left, 2 ** 31 - 1)));
  return () => clearTimeout(timer);
}

/** The branch last chosen on this device, if the token may still act on it. @param {string[]} allowed */
export function rememberedBranch(allowed) {
  const stored = localStorage.getItem(BRANCH_KEY);
  return stored && allowed.includes(stored) ? stored : null;
}

/** @param {string} branchId */
export function rememberBranch(branchId) {
  localStorage.setItem(BRANCH_KEY, branchId);
}
