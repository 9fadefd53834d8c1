// @ts-check
/**
 * .join-prompt: on the phones already at the table, "Ana wants to join your table" with Allow
 * and Decline, one card per waiting request, pinned under the header (never over the cart bar).
 * A new request is read out (an assertive live region) without taking the focus from what the
 * diner is doing; a decided or withdrawn card goes, and a focus that was on it moves to the
 * next card's Allow, or back to the page's heading. Its code is fetched only when a request
 * arrives (shell.js). Emits `allowJoin` and `declineJoin` {id}.
 */
import { t } from "../../lib/i18n.js";
import { emit, h } from "../dom.js";

/** @typedef {{id: string, name: string, createdAt?: string, busy?: boolean}} JoinAsk */

/** @param {HTMLElement} before  the prompt goes right before this element (the page's main) */
export function mountJoinPrompt(before) {
  const announcer = h("p", { class: "visually-hidden", role: "alert" });
  const list = h("ul", { class: "join-prompt__list" });
  const root = h("section", { class: "join-prompt", hidden: true }, [list, announcer]);
  before.before(root);
  /** @type {Map<string, {element: HTMLElement, allow: HTMLButtonElement, decline: HTMLButtonElement}>} */
  const cards = new Map();
  let language = "";

  /** @param {JoinAsk} ask */
  function card(ask) {
    const textId = `join-ask-${ask.id}`;
    const allow = /** @type {HTMLButtonElement} */ (h("button", { type: "button", class: "button join-prompt__allow",
      "aria-describedby": textId, onclick: () => emit(allow, "allowJoin", { id: ask.id }) }));
    const decline = /** @type {HTMLButtonElement} */ (h("button", { type: "button", class: "button button--secondary join-prompt__decline",
      "aria-describedby": textId, onclick: () => emit(decline, "declineJoin", { id: ask.id }) }));
    allow.textContent = t("join.allow");
    decline.textContent = t("join.decline");
    const element = h("li", { class: "join-prompt__card", "data-join": ask.id }, [
      h("p", { class: "join-prompt__text", id: textId }, [t("join.prompt", { name: ask.name })]),
      h("p", { class: "join-prompt__hint" }, [t("join.promptHint")]),
      h("div", { class: "join-prompt__actions" }, [allow, decline]),
    ]);
    return { element, allow, decline };
  }

  return {
    /** @param {JoinAsk[]} asks  the waiting requests (empty: hidden) */
    update(asks) {
      const lang = document.documentElement.lang;
      if (lang !== language) { // texts in another language: draw every card again
        language = lang;
        for (const entry of cards.values()) entry.element.remove();
        cards.clear();
      }
      root.setAttribute("aria-label", t("join.region"));
      const keep = new Set(asks.map((ask) => ask.id));
      let focusLost = false;
      for (const [id, entry] of cards) {
        if (keep.has(id)) continue;
        focusLost ||= entry.element.contains(document.activeElement);
        entry.element.remove();
        cards.delete(id);
      }
      const arrived = [];
      for (const ask of asks) {
        let entry = cards.get(ask.id);
        if (!entry) {
          entry = card(ask);
          cards.set(ask.id, entry);
          list.append(entry.element);
          arrived.push(ask.name);
        }
        entry.allow.disabled = entry.decline.disabled = Boolean(ask.busy);
      }
      root.hidden = cards.size === 0;
      if (arrived.length) announcer.textContent = arrived.map((name) => t("join.prompt", { name })).join(". ");
      if (focusLost) {
        const next = cards.values().next().value;
        if (next) next.allow.focus();
        else /** @type {HTMLElement | null} */ (document.querySelector("#main h1"))?.focus({ preventScroll: true });
      }
    },
  };
}
