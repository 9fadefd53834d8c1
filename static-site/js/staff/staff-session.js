// @ts-check
/**
 * One staff sign-in for the staff pages (POS, Tables, Menu, QR) and the kitchen display: the
 * sign-in form, the stored token and its expiry, the branches it may act on and the one chosen,
 * and the staff socket (it reconnects by itself; a socket displaced by newer screens of the same
 * sign-in waits for "Use here", live-notice.js). Each screen hands in what it draws; this module
 * owns the flow, so the screens do not repeat it.
 */
import { createApi } from "../lib/api.js";
import { connectLive } from "../lib/socket.js";
import { chooseLanguage, t, translate } from "../lib/i18n.js";
import {
  deviceCredential, forgetSignIn, keepDeviceCredential, keepSignIn, rememberBranch, rememberedBranch, storedSignIn, watchExpiry,
} from "./auth-store.js";
import { holds, mayOpen } from "./rights.js";
import { unlock } from "./chime.js";
import { useTimeZone } from "./elapsed.js";
import { showLiveStatus } from "./live-notice.js";
import { mountLoginForm } from "./login-form.js";

/**
 * @typedef {import("./auth-store.js").SignIn} SignIn
 * @typedef {import("../lib/socket.js").LiveMessage} LiveMessage
 * @typedef {import("../lib/socket.js").LiveStatus} LiveStatus
 * @typedef {{id: string, languages: string[], timezone?: string}} SessionBranch
 */

/**
 * @typedef {object} StaffSessionOptions
 * @property {HTMLElement} loginRoot         the sign-in form's <main>
 * @property {HTMLElement} shell             the screen shown once signed in
 * @property {HTMLElement} liveBanner        where a dropped or displaced socket is said
 * @property {() => string} [loginTitle]     the document's title while the sign-in shows
 * @property {(signIn: SignIn) => boolean} [accepts]  false: not this screen's account (it goes elsewhere itself)
 */

/**
 * What the screen draws, handed in when it starts (its modules are all loaded by then).
 * @template {SessionBranch} B
 * @typedef {object} StaffScreen
 * @property {(entered: {branches: B[], branchId: string}) => void} onEnter  signed in, the shell shown: draw
 * @property {(message: string) => void} onBranchesFailed
 * @property {() => void} onSignedOut        forget what was shown for the sign-in
 * @property {(message: LiveMessage) => void} onMessage
 * @property {() => void} onOpen             after every (re)connect: re-read what is shown
 * @property {(status: LiveStatus) => void} onStatus
 */

/** The branch's language and time zone for the screen, and this device's choice remembered. @param {SessionBranch} branch */
export function useBranch(branch) {
  rememberBranch(branch.id);
  chooseLanguage(branch.languages);
  useTimeZone(branch.timezone);
}

export const SIGN_IN_REVOKED = "SIGN_IN_REVOKED";

/** True for the server's word that this sign-in was ended (the account deactivated or changed).
 * @param {any} message */
export function revokedBy(message) {
  return Boolean(message && message.type === "connection.closed" && message.data?.code === SIGN_IN_REVOKED);
}

/** @param {unknown} error */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * @template {SessionBranch} B
 * @param {StaffSessionOptions} options
 */
export function createStaffSession(options) {
  const login = mountLoginForm(options.loginRoot);
  const current = {
    /** @type {SignIn | null} */ signIn: null,
    /** @type {{close(): void, reconnect(): void} | null} */ socket: null,
    /** @type {(() => void) | null} */ stopExpiryWatch: null,
    /** @type {StaffScreen<B> | null} */ screen: null,
  };
  const screen = () => /** @type {StaffScreen<B>} */ (current.screen);
  const api = createApi({
    getToken: () => current.signIn?.token ?? null,
    onUnauthorized: () => { if (current.signIn) signOut(t("login.expired")); },
  });

  /** @param {string} message */
  function showLogin(message) {
    options.shell.hidden = true;
    if (options.loginTitle) document.title = options.loginTitle();
    login.show({ message, tone: message ? "warn" : "error" });
  }

  /** @param {string} [message] */
  function signOut(message = "") {
    current.socket?.close();
    current.socket = null;
    current.stopExpiryWatch?.();
    current.stopExpiryWatch = null;
    forgetSignIn(current.signIn?.token);
    current.signIn = null;
    screen().onSignedOut();
    showLogin(message);
  }

  /** @param {SignIn} signIn */
  async function enter(signIn) {
    current.signIn = signIn;
    if (options.accepts && !options.accepts(signIn)) return;
    current.stopExpiryWatch = watchExpiry(signIn.claims, () => signOut(t("login.expired")));
    /** @type {B[]} */
    let branches;
    try {
      branches = (await api.get("/staff/branches")).branches;
    } catch (error) {
      if (current.signIn) screen().onBranchesFailed(messageOf(error));
      return;
    }
    const wanted = new URLSearchParams(location.search).get("branch");
    const branchId = wanted || rememberedBranch(branches.map((b) => b.id)) || branches[0]?.id || "";
    const branch = branches.find((b) => b.id === branchId);
    if (branch) useBranch(branch);
    translate();
    login.hide();
    options.shell.hidden = false;
    const { onEnter, onMessage, onOpen, onStatus } = screen();
    onEnter({ branches, branchId });
    const socket = connectLive({
      getToken: () => current.signIn?.token ?? null,
      onMessage: (message) => {
        // the account was deactivated, changed or its password reset: this sign-in is over
        if (revokedBy(message)) signOut(t("login.revoked"));
        else onMessage(message);
      },
      onOpen,
      onStatus: (status) => {
        showLiveStatus(options.liveBanner, status, () => socket.reconnect());
        onStatus(status);
      },
    });
    current.socket = socket;
  }

  options.loginRoot.addEventListener("signIn", async (event) => {
    const { email, password, done } = /** @type {CustomEvent} */ (event).detail;
    unlock(); // the sign-in tap is the gesture that lets the screen chime
    try {
      const reply = await api.post("/staff/login", { email, password, deviceToken: deviceCredential(email) });
      keepDeviceCredential(email, reply.deviceToken);
      const signIn = keepSignIn(reply.token, reply.staff, reply.permissions);
      if (!signIn) throw new Error(t("login.failed"));
      done();
      login.hide();
      await enter(signIn);
    } catch (error) {
      done(/** @type {any} */ (error).status === 401 ? t("login.wrong") : messageOf(error));
    }
  });
  // Drops the live connection as a network failure would (tests; a "reconnect now" for support).
  window.addEventListener("staff:dropLive", () => current.socket?.reconnect());

  return {
    api,
    /** Signs in with what this device kept, or shows the sign-in form. @param {StaffScreen<B>} drawn */
    async start(drawn) {
      current.screen = drawn;
      const { signIn, expired } = storedSignIn();
      if (signIn) await enter(signIn);
      else showLogin(expired ? t("login.expired") : "");
    },
    signOut,
    /**
     * "My password": the server checks the current one and answers a token for this screen (the
     * account's other sign-ins end); it is kept as this device's sign-in. Throws the server's ApiError.
     * @param {string} currentPassword @param {string} newPassword
     */
    async changePassword(currentPassword, newPassword) {
      const reply = await api.post("/staff/me/password", { currentPassword, newPassword });
      const before = current.signIn;
      const signIn = before && keepSignIn(reply.token, before.staff, before.permissions);
      if (!signIn) return;
      current.signIn = signIn;
      current.stopExpiryWatch?.();
      current.stopExpiryWatch = watchExpiry(signIn.claims, () => signOut(t("login.expired")));
    },
    /** @returns {SignIn | null} */
    signIn: () => current.signIn,
    /** @param {string} permission  one of the sign-in answer's (domain/staff.py's Permission) */
    holds: (permission) => holds(current.signIn, permission),
    /** @param {string} page */
    mayOpen: (page) => mayOpen(current.signIn, page),
  };
}
