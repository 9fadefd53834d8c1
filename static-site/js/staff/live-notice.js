// @ts-check
/** .staff-live: the line under the header that says when the live connection is not there:
 * lost (it reconnects by itself), or displaced by another screen of the same sign-in (it
 * waits for a tap on "Use here", so two screens never take turns closing each other). */
import { h } from "./dom.js";
import { t } from "../lib/i18n.js";

/**
 * @param {HTMLElement} banner  the page's #live element
 * @param {string} status       the socket's status
 * @param {() => void} reconnect
 */
export function showLiveStatus(banner, status, reconnect) {
  banner.hidden = status !== "closed" && status !== "displaced";
  if (status === "displaced") {
    banner.replaceChildren(
      h("span", { text: t("live.displacedNotice") }), " ",
      h("button", { class: "button button--secondary staff-live__use-here", type: "button", text: t("live.useHere"),
                    onclick: reconnect }),
    );
  } else {
    banner.textContent = status === "closed" ? t("live.lost") : "";
  }
}
