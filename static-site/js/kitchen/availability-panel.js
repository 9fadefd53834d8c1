// @ts-check
/**
 * .availability-panel: the kitchen's "86 list": every item of the branch's menu with one
 * big toggle (available / 86'd here), and per category a pause of 5, 10 or 15 minutes when
 * the kitchen needs to catch up (diners see "back at 20:15"; it ends by itself).
 * Emits `setAvailability` {itemId, available, done(error?)} and `pauseCategory`
 * {categoryId, minutes (0 resumes), done(error?)}.
 */
import { h, emit, replace } from "../staff/dom.js";
import { t } from "../lib/i18n.js";

/** @typedef {import("../staff/menu-page.js").StaffMenu} StaffMenu */
/** @typedef {import("../staff/menu-page.js").MenuItem} MenuItem */

/** @param {HTMLDialogElement} root */
export function mountAvailabilityPanel(root, formatTime = (/** @type {string} */ iso) => iso) {
  /** @type {StaffMenu | null} */
  let menu = null;
  let error = "";

  /** An item's state: 86'd, paused with its category (diners cannot order it now), or available.
   * @param {MenuItem} item @param {boolean} paused */
  function toggle(item, paused) {
    const shown = !item.available ? "off" : paused ? "paused" : "on";
    const button = h("button", {
      type: "button", class: `availability-panel__item availability-panel__item--${shown}`,
      "aria-pressed": String(!item.available), "data-item": item.id,
    }, [h("span", { class: "availability-panel__name", text: item.name }),
      h("span", { class: "availability-panel__state",
        text: { off: t("menu.unavailable"), paused: t("kitchen.itemPaused"), on: t("menu.available") }[shown] })]);
    button.addEventListener("click", () => {
      button.disabled = true;
      emit(root, "setAvailability", {
        itemId: item.id, available: !item.available,
        /** @param {string} [problem] */
        done: (problem) => { button.disabled = false; if (problem) { error = problem; draw(); } },
      });
    });
    return h("li", {}, button);
  }

  /** @param {{pausedUntil?: string | null}} category */
  const isPaused = (category) => Boolean(category.pausedUntil && Date.parse(category.pausedUntil) > Date.now());

  /** @param {{id: string, name: string, pausedUntil?: string | null}} category */
  function pauseRow(category) {
    const paused = isPaused(category);
    /** @param {number} minutes @param {string} label */
    const button = (minutes, label) => {
      const tap = h("button", { type: "button", class: `availability-panel__pause${minutes ? "" : " availability-panel__pause--resume"}`,
        "data-pause": `${category.id}:${minutes}`, text: label,
        "aria-label": minutes ? t("kitchen.pauseFor", { name: category.name, minutes }) : t("kitchen.resume", { name: category.name }) });
      tap.addEventListener("click", () => {
        tap.disabled = true;
        emit(root, "pauseCategory", {
          categoryId: category.id, minutes,
          /** @param {string} [problem] */
          done: (problem) => { tap.disabled = false; if (problem) { error = problem; draw(); } },
        });
      });
      return tap;
    };
    return h("div", { class: `availability-panel__pauses${paused ? " availability-panel__pauses--on" : ""}`, role: "group",
      "aria-label": t("kitchen.pauseGroup", { name: category.name }) }, paused
      ? [h("span", { class: "availability-panel__paused", role: "status", text: t("kitchen.pausedUntil", { time: formatTime(category.pausedUntil ?? "") }) }),
        button(0, t("kitchen.resumeShort"))]
      : [h("span", { class: "availability-panel__pause-label", text: t("kitchen.pause") }),
        ...[5, 10, 15].map((minutes) => button(minutes, t("kitchen.minutes", { minutes })))]);
  }

  function draw() {
    const close = h("button", { type: "button", class: "button button--secondary availability-panel__close", text: t("kitchen.close"),
      onclick: () => root.close() });
    replace(root, [
      h("div", { class: "availability-panel__head" }, [h("h2", { id: "availability-title", text: t("kitchen.availability") }), close]),
      h("p", { class: "availability-panel__hint", text: t("kitchen.availabilityHint") }),
      error ? h("p", { class: "notice notice--error", role: "alert", text: error }) : null,
      menu ? h("div", { class: "availability-panel__categories" }, menu.categories.map((category) => h("section", {}, [
        h("h3", { text: category.name }),
        pauseRow(/** @type {any} */ (category)),
        h("ul", { class: "availability-panel__items" }, category.items.map((item) => toggle(item, isPaused(/** @type {any} */ (category))))),
      ]))) : h("p", { text: t("app.loading") }),
    ]);
  }

  return {
    /** @param {StaffMenu | null} next @param {string} [problem] */
    render(next, problem = "") {
      menu = next;
      error = problem;
      if (root.open) draw();
    },
    open() {
      draw();
      root.showModal();
    },
    /** @param {Partial<MenuItem> & {id: string}} change */
    patchItem(change) {
      if (!menu) return;
      for (const category of menu.categories) {
        const index = category.items.findIndex((item) => item.id === change.id);
        if (index >= 0) category.items[index] = { ...category.items[index], ...change };
      }
      if (root.open) draw();
    },
    /** @param {{id: string, pausedUntil?: string | null}} change a category's pause changed */
    patchCategory(change) {
      if (!menu) return;
      menu.categories = menu.categories.map((c) => (c.id === change.id ? { ...c, pausedUntil: change.pausedUntil ?? null } : c));
      if (root.open) draw();
    },
    /** @returns {number} items 86'd now */
    unavailableCount() {
      return menu ? menu.categories.reduce((n, c) => n + c.items.filter((i) => !i.available).length, 0) : 0;
    },
  };
}
