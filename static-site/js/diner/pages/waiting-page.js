// @ts-check
/** .waiting: a calm wait for the staff's approval, or (a phone that asked to join a table in
 * use, with no token yet) for a yes from someone at the table. Moves on by itself (the
 * controller hears session.updated or join.updated) and says so kindly when the staff turn the
 * session down, or the table declines or does not answer in time (then back to the entry). */
import { t } from "../../lib/i18n.js";
import { tableName } from "../../lib/table-name.js";
import { emit, h } from "../dom.js";

/** @typedef {import("../state.js").View} View */

/** @param {HTMLElement} root */
export function mountWaitingPage(root) {
  const title = h("h1", { class: "waiting__title", tabindex: "-1" });
  const body = h("p", { class: "waiting__body" });
  const status = h("p", { class: "waiting__status", role: "status" });
  const pulse = h("div", { class: "waiting__pulse", "aria-hidden": "true" }, [h("span"), h("span"), h("span")]);
  const reason = h("p", { class: "notice waiting__reason", hidden: true });
  const again = h("button", { class: "button waiting__again", type: "button", hidden: true,
    onclick: () => emit(again, view?.state.join ? "leaveJoin" : "startOver") });
  // while the staff confirm, the menu can be browsed and a cart filled (sent once they do)
  const browse = h("a", { class: "button button--secondary waiting__browse", "data-link": true, hidden: true });
  const browseHint = h("p", { class: "field__hint waiting__browse-hint", hidden: true });
  /** @type {View | null} */
  let view = null;
  const section = h("section", { class: "waiting" }, [pulse, title, body, status, reason, again, browse, browseHint]);
  root.append(section);

  /** @param {View} next */
  function update(next) {
    view = next;
    const { state } = next;
    const pending = state.session?.status === "pending";
    browse.hidden = !pending;
    browseHint.hidden = !pending;
    browse.textContent = t("waiting.browse");
    browse.setAttribute("href", next.path("menu"));
    browseHint.textContent = t("waiting.browseHint");
    if (state.join && !state.session) return joining(state.join, state);
    const session = state.session;
    const rejected = session?.status === "completed" && session.endReason === "rejected";
    section.classList.toggle("waiting--rejected", rejected);
    pulse.hidden = rejected;
    again.hidden = !rejected;
    again.textContent = t("waiting.again");
    if (rejected) {
      title.textContent = t("waiting.rejectedTitle");
      body.textContent = t("waiting.rejectedBody");
      status.textContent = "";
      reason.hidden = !session.reason;
      reason.textContent = session.reason ? t("waiting.rejectedReason", { reason: session.reason }) : "";
    } else {
      const name = state.me?.name;
      title.textContent = name ? t("waiting.title", { name }) : t("waiting.titleAnonymous");
      body.textContent = t("waiting.body", { table: state.place ? tableName(state.place.table.code, state.place.table.label) : "" });
      status.textContent = t("waiting.status");
      reason.hidden = true;
    }
    document.title = title.textContent ?? "";
  }

  /** @param {NonNullable<View["state"]["join"]>} join @param {View["state"]} state */
  function joining(join, state) {
    const over = join.status === "declined" || join.status === "expired";
    const changed = section.dataset.join !== join.status;
    section.classList.toggle("waiting--rejected", over);
    section.dataset.join = join.status;
    pulse.hidden = over;
    again.hidden = !over;
    again.textContent = t("join.back");
    reason.hidden = true;
    if (over) {
      title.textContent = t(join.status === "declined" ? "join.declinedTitle" : "join.expiredTitle");
      body.textContent = t(join.status === "declined" ? "join.declinedBody" : "join.expiredBody");
      status.textContent = "";
      if (changed) title.focus(); // the answer is read out, and the way back is the next tab stop
    } else {
      title.textContent = t("join.waitingTitle");
      body.textContent = t("join.waitingBody", { table: state.place ? tableName(state.place.table.code, state.place.table.label) : "" });
      status.textContent = t("join.waitingStatus");
    }
    document.title = title.textContent ?? "";
  }

  return { update };
}
