// @ts-check
/** .menu-page: service buttons, .category-tabs that follow the scroll, and a 2-column grid
 * of .menu-card; unavailable dishes are greyed out and cannot be added, live. Cards mark the
 * allergens the diner avoids (a switch hides those dishes) and 18+ drinks. */
import { t } from "../../lib/i18n.js";
import { needsChoices } from "../cart.js";
import { emit, h, icon, photosIn } from "../dom.js";
import { mountServiceButtons } from "../components/service-buttons.js";
import { FIRST_ROW } from "../boot.js";

/** @typedef {import("../state.js").View} View */
/** @typedef {import("../state.js").MenuItem} MenuItem */
/** @typedef {import("../state.js").Menu} Menu */

const reducedMotion = () => matchMedia("(prefers-reduced-motion: reduce)").matches;

/**
 * @param {MenuItem} item @param {View} view
 * @param {"lead" | "row" | "later"} turn  when its photo is asked for: the first card's ("lead") at once
 *   (boot.js may have it already), the rest of the first row's once it is in, the others lazily after
 *   them (showPhotos)
 */
function mountMenuCard(item, view, turn) {
  const name = h("h3", { class: "menu-card__name", id: `item-${item.id}-name`, text: item.name });
  const description = h("p", { class: "menu-card__description", id: `item-${item.id}-description`, text: item.description });
  const lead = turn === "lead";
  const photo = item.thumbUrl
    ? h("img", { class: "menu-card__photo", src: lead ? item.thumbUrl : null, "data-src": lead ? null : item.thumbUrl,
      "data-turn": lead ? null : turn, alt: "", loading: turn === "later" ? "lazy" : "eager", decoding: "async", width: "320",
      height: "240", fetchpriority: turn === "later" ? null : "high" })
    : h("div", { class: "menu-card__photo menu-card__photo--none" });
  // the link holds the photo (alt "") and the name alone, so it is named by the dish as seen (a
  // screen reader's list of links reads names, not descriptions); its ::after covers the card above
  // the foot, so a tap on the description still opens the dish
  const link = h("a", { class: "menu-card__link", href: view.path("item", item.id), "data-link": true,
    "aria-describedby": description.id }, [photo, name]);
  const price = h("span", { class: "menu-card__price" });
  const badge = h("span", { class: "menu-card__badge", hidden: true });
  const adult = h("span", { class: "chip chip--adult menu-card__adult", hidden: true, text: t("menu.adult"), title: t("menu.adultLabel") });
  const avoid = h("p", { class: "menu-card__avoid", hidden: true });
  const add = h("button", { class: "menu-card__add", type: "button" }, [icon("plus")]);
  const card = h("article", { class: "menu-card", "data-item": item.id }, [link, description, avoid, h("div", { class: "menu-card__foot" }, [price, adult, badge, add])]);
  add.addEventListener("click", () => emit(add, "addToCart", { itemId: item.id, quantity: 1, notes: "" }));

  let drawn = "";
  /** @param {MenuItem} next @param {View} view */
  function update(next, { money, avoidAllergens, state, whyNot }) {
    // A redraw of every card (each push, the catch-up read when the socket opens) writes only
    // the cards whose figures changed: unchanged ones cost no style or layout work.
    const avoidedNow = next.allergens.filter((a) => avoidAllergens().includes(a));
    const figures = JSON.stringify([t("menu.add", { name: "" }), next.name, next.description, money(next.price), next.available,
      next.available ? "" : whyNot(next), next.timing?.reason, needsChoices(next), next.ageRestricted, avoidedNow, state.hideAvoided]);
    if (figures === drawn) return;
    drawn = figures;
    name.textContent = next.name;
    description.textContent = next.description;
    price.textContent = money(next.price);
    card.classList.toggle("menu-card--unavailable", !next.available);
    badge.hidden = next.available;
    badge.textContent = next.available ? "" : whyNot(next);
    card.classList.toggle("menu-card--later", !next.available && next.timing?.reason !== "unavailable");
    add.disabled = !next.available;
    add.setAttribute("aria-label", needsChoices(next) ? t("menu.choose", { name: next.name }) : t("menu.add", { name: next.name }));
    adult.hidden = !next.ageRestricted;
    const avoided = next.allergens.filter((a) => avoidAllergens().includes(a));
    avoid.hidden = avoided.length === 0;
    avoid.textContent = t("menu.avoid", { list: avoided.map((a) => t(`allergen.${a}`)).join(", ") });
    card.classList.toggle("menu-card--avoid", avoided.length > 0);
    card.hidden = state.hideAvoided && avoided.length > 0;
  }
  update(item, view);
  return { element: card, update };
}

/**
 * The photos are asked for in turns, each once the ones before have arrived (or failed): the first
 * card's, the rest of the first row's, then the others (lazily). On a slow network they would
 * otherwise share the bandwidth with the one the diner sees first (the page's LCP). The others'
 * sources are set a slice at a time, in document order: the twenty of the demo menu at once were a
 * 90 ms task on a 4x slower CPU (each lazy image's loader and request).
 * @param {HTMLElement} root @param {Promise<unknown>} built  every card is on the page
 */
async function showPhotos(root, built) {
  for (const turn of ["row", "later"]) {
    await photosIn(root.querySelectorAll("img.menu-card__photo[src]"));
    if (turn === "later") await built;
    const waiting = [.../** @type {NodeListOf<HTMLImageElement>} */ (root.querySelectorAll(`img.menu-card__photo[data-turn="${turn}"]`))];
    while (waiting.length) {
      for (const img of waiting.splice(0, SLICE)) {
        img.src = img.dataset.src ?? "";
        img.removeAttribute("data-src");
        img.removeAttribute("data-turn");
      }
      if (waiting.length) await nextFrame();
    }
  }
}

/**
 * A tablist (role="tab", aria-selected on the one in view): arrow keys, Home and End move along it.
 * @param {{id: string, name: string}[]} categories @param {(id: string) => void} onPick
 */
function mountCategoryTabs(categories, onPick) {
  /** @type {Map<string, HTMLButtonElement>} */
  const tabs = new Map();
  const track = h("div", { class: "category-tabs__track", role: "tablist", "aria-label": t("menu.categories") });
  for (const category of categories) {
    const tab = h("button", { class: "category-tabs__tab", type: "button", role: "tab", text: category.name, "aria-controls": `category-${category.id}`,
      "aria-selected": "false", tabindex: "-1", onclick: () => onPick(category.id) });
    tabs.set(category.id, tab);
    track.append(tab);
  }
  track.addEventListener("keydown", (event) => {
    const list = [...tabs.values()];
    const at = list.indexOf(/** @type {HTMLButtonElement} */ (event.target));
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: list.length - 1 }[event.key];
    if (at < 0 || to === undefined) return;
    event.preventDefault();
    const next = list[(to + list.length) % list.length];
    next.focus();
    next.click();
  });
  const element = h("nav", { class: "category-tabs", "aria-label": t("menu.categories") }, [track]);
  let activeId = "";
  return {
    element,
    /**
     * @param {string} id
     * @param {boolean} [follow]  scroll the strip to the tab (not when the menu is first drawn: the
     *   first tab is at the strip's start, and measuring it would lay out the page a second time)
     */
    setActive(id, follow = true) {
      if (id === activeId) return;
      activeId = id;
      for (const [tabId, tab] of tabs) {
        tab.setAttribute("aria-selected", String(tabId === id));
        tab.tabIndex = tabId === id ? 0 : -1;
      }
      const tab = tabs.get(id);
      if (tab && follow) track.scrollTo({ left: tab.offsetLeft - track.clientWidth / 2 + tab.offsetWidth / 2, behavior: reducedMotion() ? "auto" : "smooth" });
    },
  };
}

/**
 * The cards drawn in the page's first task (the first screenful: three rows); the others follow
 * a row (SLICE cards) at a time, each slice a task of its own drawn in a frame of its own, so that
 * a tap is never kept waiting long (the whole menu in one task took 190-750 ms on a slow phone:
 * Lighthouse's total blocking time; slices run back to back, scheduler.yield()'s way, left one
 * frame to lay out and paint them all, 100-150 ms; slices of six cards were 100-160 ms each).
 */
const FIRST_CARDS = 6;
const SLICE = 2;
/** A hidden tab draws no frames: a slice waits for one at most this long. */
const FRAME_WAIT_MS = 100;
/** A new task once the browser has drawn the cards so far (or after FRAME_WAIT_MS). @returns {Promise<void>} */
function nextFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, FRAME_WAIT_MS);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      setTimeout(resolve, 0); // after this frame's style, layout and paint
    });
  });
}

/** @param {Menu} menu */
function shapeOf(menu) {
  return menu.categories.map((c) => `${c.id}:${c.items.map((i) => i.id).join(",")}`).join("|");
}

/** @param {HTMLElement} root @param {View} initial */
export function mountMenuPage(root, initial) {
  const title = h("h1", { class: "visually-hidden", tabindex: "-1" });
  // said above the menu while the staff have not confirmed the table yet (placed when first needed)
  const waitingNotice = h("p", { class: "notice menu-page__waiting", role: "status", hidden: true });
  const serviceSlot = h("div", { class: "menu-page__service" });
  const service = mountServiceButtons(serviceSlot);
  const body = h("div", { class: "menu-page__body" }, [h("p", { class: "page-loading", text: t("menu.loading") })]);
  const hideToggle = h("input", { type: "checkbox", id: "menu-hide-avoided", name: "hideAvoided" });
  hideToggle.addEventListener("change", () => emit(hideToggle, "toggleHideAvoided", { hide: hideToggle.checked }));
  const filter = h("label", { class: "menu-page__filter", for: "menu-hide-avoided", hidden: true }, [hideToggle, h("span", { text: t("menu.hideAvoided") })]);
  // Call waiter / Request bill and the category tabs stay pinned at the top while the menu scrolls
  const pinned = h("div", { class: "menu-page__pinned" }, [serviceSlot]);
  const page = h("div", { class: "menu-page" }, [title, pinned, filter, body]);
  root.append(page);

  /** @type {Map<string, ReturnType<typeof mountMenuCard>>} */
  let cards = new Map();
  /** @type {HTMLElement[]} */
  let sections = [];
  /** @type {ReturnType<typeof mountCategoryTabs> | null} */
  let tabs = null;
  let shape = "";
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let pickTimer;
  let picking = false;
  /** While a picked category scrolls into view, the tabs hold still; then they follow again. */
  function endPick() {
    clearTimeout(pickTimer);
    if (!picking) return;
    picking = false;
    followScroll();
  }

  /** The view the cards still to come are drawn from (the latest update's). */
  let latest = initial;
  /** @type {Map<string, MenuItem>} */
  let itemsNow = new Map();
  let building = 0;

  function build(/** @type {Menu} */ menu) {
    const run = ++building;
    cards = new Map();
    tabs = mountCategoryTabs(menu.categories, (id) => {
      const section = document.getElementById(`category-${id}`);
      if (!section) return;
      tabs?.setActive(id);
      picking = true;
      clearTimeout(pickTimer);
      pickTimer = setTimeout(endPick, 1000);
      pinnedLine();
      section.scrollIntoView({ behavior: reducedMotion() ? "auto" : "smooth", block: "start" });
      section.focus({ preventScroll: true });
    });
    /** @type {[HTMLElement, MenuItem][]} */
    const queue = [];
    sections = menu.categories.map((category) => {
      const grid = h("div", { class: "menu-grid" });
      for (const item of category.items) queue.push([grid, item]);
      return h("section", { class: "menu-page__category", id: `category-${category.id}`, tabindex: "-1", "aria-labelledby": `category-${category.id}-title` },
        [h("h2", { class: "menu-page__category-title", id: `category-${category.id}-title`, text: category.name }), grid]);
    });
    /** @param {number} count */
    const draw = (count) => {
      for (const [grid, item] of queue.splice(0, count)) {
        const card = mountMenuCard(itemsNow.get(item.id) ?? item, latest, cards.size === 0 ? "lead" : cards.size < FIRST_ROW ? "row" : "later");
        cards.set(item.id, card);
        grid.append(card.element);
      }
    };
    // Back from a dish, the whole menu at once: the scroll returns to where the diner was.
    draw(history.state?.scrollY ? queue.length : FIRST_CARDS);
    pinned.querySelector(".category-tabs")?.remove();
    pinned.append(tabs.element);
    body.replaceChildren(...sections);
    const built = (async () => {
      while (queue.length) {
        await nextFrame();
        if (run !== building) return;
        draw(SLICE);
      }
    })();
    showPhotos(body, built);
    if (menu.categories[0]) tabs.setActive(menu.categories[0].id, false);
  }

  let pinnedHeight = 0;
  /**
   * The pinned bar's height, kept in --menu-pinned: a picked section's top lands 4 px below it
   * (its scroll-margin-top) and the tabs follow the section at the line 8 px below it, so the
   * tab picked is still the one selected when the scroll ends. Read when the diner
   * scrolls or picks, never while the menu is drawn. @returns {number}
   */
  function pinnedLine() {
    const height = pinned.offsetHeight;
    if (height !== pinnedHeight) {
      pinnedHeight = height;
      page.style.setProperty("--menu-pinned", `${height}px`);
    }
    return height;
  }

  function followScroll() {
    if (!tabs || !sections.length || picking) return;
    // the section at the line 8 px below the pinned bar, or, where the line falls in the margin
    // between two, the one below it (the one above has scrolled away under the bar)
    const offset = pinnedLine() + 8;
    let current = sections.find((section) => section.getBoundingClientRect().bottom > offset) ?? sections[sections.length - 1];
    if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) current = sections[sections.length - 1];
    tabs.setActive(current.id.slice("category-".length));
  }
  let frame = 0;
  const onScroll = () => {
    if (!frame) frame = requestAnimationFrame(() => { frame = 0; followScroll(); });
  };
  window.addEventListener("scroll", onScroll, { passive: true });
  window.addEventListener("scrollend", endPick);
  window.addEventListener("touchstart", endPick, { passive: true });
  window.addEventListener("wheel", endPick, { passive: true });

  /** @param {View} view */
  function update(view) {
    document.title = `${t("menu.title")} · ${view.state.place?.branch.name ?? ""}`;
    title.textContent = t("menu.title");
    service.update(view);
    const pending = view.state.session?.status === "pending"; // browsing while the staff confirm the table
    if (pending && !waitingNotice.isConnected) title.after(waitingNotice);
    waitingNotice.hidden = !pending;
    waitingNotice.textContent = pending ? t("menu.waitingNotice") : "";
    serviceSlot.hidden = pending;
    filter.hidden = view.avoidAllergens().length === 0;
    hideToggle.checked = view.state.hideAvoided;
    const menu = view.state.menu;
    if (!menu) return;
    latest = view;
    itemsNow = new Map(menu.categories.flatMap((category) => category.items.map((item) => [item.id, item])));
    const nextShape = shapeOf(menu);
    if (nextShape !== shape) {
      shape = nextShape;
      build(menu);
    }
    for (const category of menu.categories) for (const item of category.items) cards.get(item.id)?.update(item, view);
  }

  update(initial);
  return {
    update,
    unmount() {
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("scrollend", endPick);
      window.removeEventListener("touchstart", endPick);
      window.removeEventListener("wheel", endPick);
      clearTimeout(pickTimer);
      cancelAnimationFrame(frame);
      building++; // the cards still to come are not drawn
    },
  };
}
