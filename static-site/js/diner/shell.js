// @ts-check
/**
 * The diner page's frame around the page shown: the header, the cart bar, the live banner, the
 * toaster and the join prompt (the last three loaded when first needed), the API client, and
 * `update()`, which redraws them all and the page from the state.
 */
import { createApi } from "../lib/api.js";
import { t } from "../lib/i18n.js";
import { mountAppHeader } from "./components/app-header.js";
import { mountCartBar } from "./components/cart-bar.js";
import { app } from "./state.js";
import { seated, view } from "./view.js";
import { signOut, syncPhoneCode } from "./session.js";

/** @typedef {import("./state.js").DinerState} DinerState @typedef {import("./state.js").JoinAsk} JoinAsk */

export const main = /** @type {HTMLElement} */ (document.getElementById("main"));
const header = mountAppHeader(/** @type {HTMLElement} */ (document.getElementById("app-header")));
export const toaster = lazyToaster(/** @type {HTMLElement} */ (document.getElementById("toaster")));
export const banner = lazyLiveBanner(/** @type {HTMLElement} */ (document.getElementById("live-banner")));
const cartBarSlot = /** @type {HTMLElement} */ (document.getElementById("cart-bar"));
const cartBar = mountCartBar(cartBarSlot);
const joinPrompt = lazyJoinPrompt(main);

export const api = createApi({
  getToken: () => app.storage?.token() ?? null,
  onUnauthorized: () => signOut("notice.expired"),
});

/**
 * Resolves once the first page is drawn and its lead photo (the LCP) is in, or after 3 s: what
 * comes after the first view (the socket's code, the live banner's, the toaster's) does not
 * share the bandwidth with it.
 */
export const firstView = new Promise((resolve) => {
  app.firstViewShown = resolve;
  setTimeout(resolve, 3000);
});

export function update() {
  const { state } = app;
  const current = view();
  syncPhoneCode();
  header.update(current);
  cartBarSlot.hidden = state.route.page !== "menu"; // the product page pins its own bar (quantity, Add to cart)
  cartBar.update(current);
  banner.update(state.live);
  joinPrompt.update(seated() ? state.joinAsks : []);
  app.page?.update(current);
}

/**
 * The toaster's code comes right after the first page is drawn (no first view shows a toast,
 * but it must be there to say "No connection" when the network goes). Calls keep their order.
 * @param {HTMLElement} root
 */
function lazyToaster(root) {
  /** @type {Promise<ReturnType<typeof import("../lib/toaster.js").mountToaster>> | null} */
  let mounted = null;
  const load = () => (mounted ??= import("../lib/toaster.js").then((m) => m.mountToaster(root)));
  let forNextPage = false;
  const clear = () => void mounted?.then((toasts) => toasts.clear(), () => {});
  return {
    load,
    /**
     * @param {string} text
     * @param {{tone?: "ok" | "error", next?: boolean}} [options]  next: it announces the page about to
     *   be shown ("Lomo Saltado added" on the way back to the menu), so that page keeps it
     */
    show: (text, options) => {
      forNextPage = Boolean(options?.next);
      void load().then((toasts) => toasts.show(text, options), () => {});
    },
    clear,
    /** The diner goes to another page: what was said on this one goes (it would cover the next one's controls). */
    leavePage: () => {
      if (forNextPage) forNextPage = false;
      else clear();
    },
  };
}

/**
 * The "Ana wants to join your table" cards: their code comes when the first request does.
 * @param {HTMLElement} before
 */
function lazyJoinPrompt(before) {
  /** @type {Promise<ReturnType<typeof import("./components/join-prompt.js").mountJoinPrompt>> | null} */
  let mounted = null;
  return {
    /** @param {JoinAsk[]} asks */
    update(asks) {
      if (!mounted && !asks.length) return;
      mounted ??= import("./components/join-prompt.js").then((m) => m.mountJoinPrompt(before));
      mounted.then((prompt) => prompt.update(seated() ? app.state.joinAsks : []), () => {
        mounted = null;
      });
    },
  };
}

/** A live connection that is not open after this long is said so (a blink is not worth a word). */
const LIVE_GRACE_MS = 1500;

/**
 * The live banner: its code comes with the socket's, after the first page is drawn (it must be
 * there before the network goes); it shows once the connection has been down for LIVE_GRACE_MS.
 * @param {HTMLElement} root
 */
function lazyLiveBanner(root) {
  /** @type {Promise<ReturnType<typeof import("./components/live-banner.js").mountLiveBanner>> | null} */
  let mounted = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @param {DinerState["live"]} status */
  const fine = (status) => status === "open" || status === "off";
  const load = () => (mounted ??= import("./components/live-banner.js").then((m) => m.mountLiveBanner(root), (error) => {
    mounted = null; // not kept failed: the next drop tries again
    throw error;
  }));
  const show = () => load().then((live) => live.update(app.state.live), () => {
    // offline before the banner's code came: say it in plain words; the next change mounts it
    root.textContent = t("live.reconnecting");
    root.dataset.live = app.state.live;
    root.hidden = fine(app.state.live);
  });
  return {
    load,
    /** @param {DinerState["live"]} status */
    update(status) {
      if (fine(status) || !root.hidden) {
        clearTimeout(timer);
        timer = undefined;
        if (mounted || !root.hidden) show();
      } else if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          if (!fine(app.state.live)) show();
        }, LIVE_GRACE_MS);
      }
    },
  };
}
