// @ts-check
/**
 * .pos-page: the live feed of what needs a tap, longest-waiting first. Each card has the
 * table, how long it has waited and one action. Cards are keyed, so a push that adds one
 * card leaves the others (and a half-done "reject?" confirmation) alone.
 * Emits `approveSession`, `rejectSession`, `acceptOrder`, `serveOrder`, `acknowledgeRequest`,
 * `allowJoin`, `declineJoin` (a phone asking to join a table), each with {id, done}, and
 * `rejectOrder` {id, reason, done} for a pending order; "Void" opens the void dialog (void-dialog.js)
 * where the account may void (`void_orders`).
 */
import { h, emitFromButton, replace } from "./dom.js";
import { t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";
import { formatMinutes, formatWaited, minutesSince, urgency, urgentAfter } from "./elapsed.js";
import { openVoidDialog } from "./void-dialog.js";
import { tableName } from "../lib/table-name.js";

/** @typedef {import("./floor.js").FeedItem} FeedItem */

/** The card's table in the page's language. @param {FeedItem} item */
const nameOf = (item) => tableName(item.tableCode, item.tableLabel);

const KIND_KEYS = {
  session: "pos.kind.session", order: "pos.kind.order", ready: "pos.kind.ready", waiter: "pos.kind.waiter",
  bill: "pos.kind.bill", join: "pos.kind.join",
};

/** @param {HTMLElement} root */
export function mountPosPage(root) {
  const title = h("h1", { id: "pos-title", class: "pos-page__title" });
  const summary = h("p", { class: "pos-page__summary", "aria-live": "polite" });
  const glance = h("ul", { class: "pos-page__glance", "aria-label": t("pos.glance") });
  const list = h("ol", { class: "pos-page__feed", "aria-labelledby": "pos-title" });
  const empty = h("div", { class: "pos-page__empty", hidden: true });
  const alarm = h("p", { class: "visually-hidden", role: "alert", "aria-live": "assertive" });
  replace(root, [h("div", { class: "pos-page__head" }, [title, summary]), glance, list, empty, alarm]);
  /** @type {import("./elapsed.js").NudgeSettings | null} */
  let nudges = null;
  let canVoid = false;
  /** keys already announced as urgent */
  const announced = new Set();

  /** @type {Map<string, {element: HTMLElement, item: FeedItem, signature: string}>} */
  const cards = new Map();

  /** @param {FeedItem} item */
  function lines(item) {
    const order = item.order;
    if (!order) return null;
    return h("ul", { class: "feed-card__lines" }, order.items.filter((line) => line.status !== "cancelled").map((line) =>
      h("li", { class: "feed-card__line" }, [
        h("span", { class: "feed-card__qty", text: `${line.quantity}×` }),
        h("span", { class: "feed-card__item", text: line.name }),
        line.ageRestricted ? h("span", { class: "id-check", "data-testid": "id-check", text: t("staff.idCheck") }) : null,
        line.options?.length ? h("span", { class: "feed-card__options", "data-testid": "line-options",
          text: line.options.map((option) => option.name).join(", ") }) : null,
        line.notes ? h("span", { class: "feed-card__note", "data-testid": "line-note", text: line.notes }) : null,
      ])));
  }

  /** @param {FeedItem} item */
  function body(item) {
    if (item.kind === "session" && item.session) {
      const names = item.session.participants.map((p) => p.name).join(", ");
      return [
        h("p", { class: "feed-card__who", text: t("pos.who", { names }) }),
        item.tableHasActiveSession ? h("p", { class: "feed-card__warning", text: t("pos.replaces") }) : null,
      ];
    }
    if (item.kind === "join" && item.join) {
      return [
        h("p", { class: "feed-card__who feed-card__join-name", text: t("pos.joinText", { name: item.join.name }) }),
        h("p", { class: "feed-card__hint", text: t("pos.joinHint") }),
      ];
    }
    if ((item.kind === "order" || item.kind === "ready") && item.order) {
      const order = item.order;
      return [
        order.awaitingApproval && item.kind === "order"
          ? h("p", { class: "feed-card__warning feed-card__approval", text: t("pos.needsApproval") }) : null,
        order.orderedBy ? h("p", { class: "feed-card__who", text: t("pos.orderedBy", { name: order.orderedBy }) }) : null,
        order.addedByStaff ? h("p", { class: "feed-card__who", text: t("pos.addedByStaff") }) : null,
        lines(item),
        order.notes ? h("p", { class: "feed-card__order-note", "data-testid": "order-note" },
          [h("strong", { text: t("pos.orderNote") }), " ", order.notes]) : null,
        order.total !== undefined && order.currency
          ? h("p", { class: "feed-card__total", text: formatMoney(order.total, order.currency) }) : null,
      ];
    }
    return h("p", { class: "feed-card__who", text: t(item.kind === "bill" ? "pos.billText" : "pos.waiterText") });
  }

  /** @param {FeedItem} item */
  function actions(item) {
    /** @param {string} label @param {string} event @param {string} id @param {string} [variant] */
    const button = (label, event, id, variant = "") => {
      const b = h("button", { type: "button", class: `button feed-card__action ${variant}`.trim(), text: label });
      b.addEventListener("click", () => emitFromButton(b, event, { id }));
      return b;
    };
    switch (item.kind) {
      case "session": {
        const id = /** @type {import("./floor.js").Session} */ (item.session).id;
        const holder = h("div", { class: "feed-card__actions" });
        const approve = button(t("pos.approve"), "approveSession", id, "button--done");
        const reject = h("button", { type: "button", class: "button button--secondary feed-card__action", text: t("pos.reject") });
        reject.addEventListener("click", () => {
          const sure = button(t("pos.rejectConfirm"), "rejectSession", id);
          const keep = h("button", { type: "button", class: "button button--secondary feed-card__action", text: t("pos.keep") });
          keep.addEventListener("click", () => replace(holder, [approve, reject]));
          replace(holder, [sure, keep]);
          sure.focus();
        });
        replace(holder, [approve, reject]);
        return holder;
      }
      case "order": {
        const id = item.order?.id || "";
        const accept = button(t("pos.accept"), "acceptOrder", id, "button--done");
        const holder = h("div", { class: "feed-card__actions" });
        const voiding = canVoid ? voidButton(item) : null;
        if (item.order?.status !== "pending") return h("div", { class: "feed-card__actions" }, [accept, voiding]);
        const reject = h("button", { type: "button", class: "button button--secondary feed-card__action", text: t("pos.rejectOrder") });
        reject.addEventListener("click", () => {
          const reasonId = `reject-reason-${id}`;
          const reason = /** @type {HTMLInputElement} */ (h("input", { id: reasonId, class: "feed-card__reason", maxlength: "200", placeholder: t("pos.rejectReasonHint") }));
          const sure = h("button", { type: "button", class: "button feed-card__action", text: t("pos.rejectOrderConfirm") });
          sure.addEventListener("click", () => emitFromButton(/** @type {HTMLButtonElement} */ (sure), "rejectOrder", { id, reason: reason.value.trim() }));
          const keep = h("button", { type: "button", class: "button button--secondary feed-card__action", text: t("pos.keep") });
          keep.addEventListener("click", () => replace(holder, [accept, reject, voiding]));
          replace(holder, [h("label", { for: reasonId, class: "feed-card__reason-label", text: t("pos.rejectReason") }), reason, sure, keep]);
          reason.focus();
        });
        replace(holder, [accept, reject, voiding]);
        return holder;
      }
      case "join": {
        const id = item.join?.id || "";
        return h("div", { class: "feed-card__actions" }, [
          button(t("pos.allowJoin"), "allowJoin", id, "button--done"),
          button(t("pos.declineJoin"), "declineJoin", id, "button--secondary"),
        ]);
      }
      case "ready":
        return h("div", { class: "feed-card__actions" }, [item.order?.status === "ready"
          ? button(t("pos.served"), "serveOrder", item.order?.id || "", "button--done")
          : button(t("pos.servedReady"), "serveReadyLines", item.order?.id || "", "button--done"),
        canVoid ? voidButton(item) : null]);
      default:
        return h("div", { class: "feed-card__actions" }, [
          button(t(item.kind === "bill" ? "pos.ackBill" : "pos.ackWaiter"), "acknowledgeRequest", item.request?.id || "", "button--done"),
          item.kind === "bill" ? h("a", { class: "button button--secondary feed-card__action", href: `/staff/tables?table=${encodeURIComponent(item.tableCode)}`,
            "data-page": "tables", text: t("pos.showBill") }) : null,
        ]);
    }
  }

  /** @param {FeedItem} item */
  function voidButton(item) {
    return h("button", { type: "button", class: "button button--secondary feed-card__action feed-card__void", text: t("pos.void"),
      "aria-label": t("pos.voidOrder", { table: nameOf(item) }),
      onclick: () => openVoidDialog({ orderId: item.order?.id || "", what: nameOf(item) }) });
  }

  /** @param {FeedItem} item @param {boolean} fresh */
  function card(item, fresh) {
    return h("li", {
      class: `feed-card feed-card--${item.kind}${fresh ? " feed-card--new" : ""}`,
      "data-key": item.key, "data-kind": item.kind, "data-table": item.tableCode,
    }, [
      h("div", { class: "feed-card__head" }, [
        h("span", { class: "feed-card__table", text: nameOf(item) }),
        h("span", { class: `feed-card__kind feed-card__kind--${item.kind}`, text: t(KIND_KEYS[item.kind]) }),
        h("span", { class: "feed-card__urgent", hidden: true, text: t("pos.urgent") }),
        h("time", { class: "feed-card__waited", datetime: item.since }),
      ]),
      h("div", { class: "feed-card__body" }, body(item)),
      actions(item),
    ]);
  }

  /** Waiting times tick from the server's timestamps; calls, bills and ready dishes turn urgent
   * after the branch's thresholds (colour, a word, and one announcement for screen readers).
   * @param {number} now */
  function tick(now) {
    const urgentNow = [];
    for (const { element, item } of cards.values()) {
      const minutes = minutesSince(item.since, now);
      const limit = urgentAfter(item.kind, nudges);
      const time = /** @type {HTMLElement} */ (element.querySelector(".feed-card__waited"));
      const urgent = limit !== null && minutes >= limit;
      time.textContent = formatWaited(item.since, now);  // one clock for every card: calls and orders alike
      time.className = `feed-card__waited feed-card__waited--${urgent ? "late" : limit === null ? urgency(minutes) : "fresh"}`;
      time.setAttribute("aria-label", t("pos.waited", { time: formatMinutes(minutes) }));
      element.classList.toggle("feed-card--urgent", urgent);
      /** @type {HTMLElement} */ (element.querySelector(".feed-card__urgent")).hidden = !urgent;
      if (urgent && !announced.has(item.key)) {
        announced.add(item.key);
        urgentNow.push(t("pos.urgentAlert", { table: nameOf(item), kind: t(KIND_KEYS[item.kind]), time: formatMinutes(minutes) }));
      }
    }
    if (urgentNow.length) alarm.textContent = urgentNow.join(". ");
  }

  return {
    /**
     * @param {FeedItem[]} feed
     * @param {{now: number, fresh?: Set<string>, counts?: Record<string, number>,
     *   settings?: import("./elapsed.js").NudgeSettings | null, mayVoid?: boolean, mineFirst?: boolean}} options
     *   `fresh`: keys that just arrived (highlighted); `counts`: the floor at a glance (tables by state, orders cooking);
     *   `mineFirst`: the feed puts the waiter's own section first (sections.js)
     */
    render(feed, { now, fresh = new Set(), counts = {}, settings = null, mayVoid = false, mineFirst = false }) {
      nudges = settings;
      canVoid = mayVoid;
      title.textContent = t("pos.title");
      replace(glance, ["active", "pending", "bill_requested", "free", "cooking"].map((key) => h("li", {
        class: `pos-page__count pos-page__count--${key}`,
      }, [h("strong", { text: counts[key] ?? 0 }), " ", key === "cooking" ? t("pos.cooking") : t(`state.${key}`)])));
      const keep = new Set(feed.map((item) => item.key));
      for (const [key, entry] of cards) {
        if (!keep.has(key)) {
          entry.element.remove();
          cards.delete(key);
        }
      }
      feed.forEach((item, index) => {
        const signature = document.documentElement.lang + canVoid + JSON.stringify(item);
        let entry = cards.get(item.key);
        if (!entry || entry.signature !== signature) {
          const element = card(item, fresh.has(item.key));
          if (entry) entry.element.replaceWith(element);
          entry = { element, item, signature };
          cards.set(item.key, entry);
        }
        if (list.children[index] !== entry.element) list.insertBefore(entry.element, list.children[index] || null);
      });
      empty.hidden = feed.length > 0;
      replace(empty, [h("p", { class: "pos-page__empty-title", text: t("pos.emptyTitle") }), h("p", { text: t("pos.emptyBody") })]);
      summary.textContent = feed.length ? t(mineFirst ? "pos.summaryMine" : "pos.summary", { n: feed.length }) : "";
      tick(now);
    },
    tick,
  };
}
