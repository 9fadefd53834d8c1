// @ts-check
/** .live-banner: says so when the live connection dropped (after a moment, to avoid flicker). */
import { t } from "../../lib/i18n.js";
import { emit, h } from "../dom.js";

const GRACE_MS = 1500;

/** @param {HTMLElement} root */
export function mountLiveBanner(root) {
  const text = h("span");
  const retry = h("button", { class: "live-banner__retry", type: "button", onclick: () => emit(retry, "reconnectLive") });
  root.replaceChildren(text, retry);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return {
    /** @param {"connecting" | "open" | "closed" | "off"} status */
    update(status) {
      text.textContent = t("live.reconnecting");
      retry.textContent = t("live.retry");
      root.dataset.live = status;
      if (status === "open" || status === "off") {
        clearTimeout(timer);
        timer = undefined;
        root.hidden = true;
      } else if (root.hidden && timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          if (root.dataset.live !== "open" && root.dataset.live !== "off") root.hidden = false;
        }, GRACE_MS);
      }
    },
  };
}
