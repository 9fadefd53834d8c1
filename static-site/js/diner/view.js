// @ts-check
/**
 * What every page and component is drawn from (`view()`: the state and the helpers that format
 * it), and the language the pages speak.
 */
import { addLanguage, currentLanguage, hasLanguage, setLanguage, t } from "../lib/i18n.js";
import { formatMoney } from "../lib/money.js";
import { allergenWarnings, unavailableLines } from "./cart.js";
import { pathFor } from "./router.js";
import { DINER_LANGUAGES, loadDinerTexts } from "./boot.js";
import { clockTime, waitLeft, waitWording, whenLocal } from "./timing.js";
import { app } from "./state.js";

/** @typedef {import("./state.js").View} View @typedef {import("./state.js").MenuItem} MenuItem */

export const DINER_CODES = Object.keys(DINER_LANGUAGES);

/** Shows the pages in a language once its texts are in (downloaded the first time). @param {string} code */
export async function speak(code) {
  if (!hasLanguage(code)) addLanguage(code, await loadDinerTexts(code));
  app.wantedLanguage = code;
  setLanguage(code);
}

/** @returns {View} */
export function view() {
  const state = app.state;
  return {
    state,
    money: (minor) => formatMoney(minor, state.menu?.currency || state.place?.branch.currency || "PEN"),
    time: formatTime,
    whyNot,
    waitText,
    path: (name, itemId) => pathFor(state.route, name, itemId),
    itemById: (id) => app.menuItems.get(id) ?? null,
    blockedLines: () => (state.menu ? unavailableLines(state.cart, app.menuItems) : new Set()),
    avoidAllergens,
    allergenWarnings: () => allergenWarnings(state.cart, app.menuItems, avoidAllergens()),
    otherLanguage,
  };
}

/** The phone sits at the table: its session waits for approval or is open. */
export function seated() {
  const status = app.state.session?.status;
  return Boolean(app.storage?.token()) && (status === "pending" || status === "active");
}

/** @returns {string[]} */
function avoidAllergens() {
  const profile = app.state.profile;
  return Array.isArray(profile?.avoidAllergens) ? profile.avoidAllergens : [];
}

/** @param {string} iso */
function formatTime(iso) {
  if (!iso) return "";
  return clockTime(iso, currentLanguage(), app.state.place?.branch.timezone);
}

/** @param {MenuItem} item */
function whyNot(item) {
  const timing = item.timing;
  if (!timing?.reason || timing.reason === "unavailable") return t("menu.unavailable");
  if (timing.reason === "notThisWeek" || !timing.at) return t("menu.notNow");
  const zone = app.state.place?.branch.timezone ?? app.state.menu?.branch?.timezone;
  const when = whenLocal(timing.at, Date.now(), currentLanguage(), zone);
  if (timing.reason === "paused") return t("menu.backAt", { time: when.time });
  if (when.day === "today") return t("menu.availableFrom", { time: when.time });
  if (when.day === "tomorrow") return t("menu.availableTomorrow", { time: when.time });
  return t("menu.availableOn", { day: when.weekday, time: when.time });
}

const WAIT_KEYS = {
  anyMinute: ["status.anyMinute", "status.anyMinuteRest"],
  within: ["status.within", "status.withinRest"],
  range: ["status.wait", "status.waitRest"],
};

/** @param {any} estimate @param {boolean} [rest]  some dishes of the order are ready: the wait is the others' */
function waitText(estimate, rest = false) {
  const left = waitLeft(estimate, Date.now());
  if (!left) return "";
  const [key, restKey] = WAIT_KEYS[waitWording(left)];
  return t(rest ? restKey : key, { low: left.low, high: left.high });
}

function otherLanguage() {
  const offered = (app.state.place?.branch.languages ?? ["es", "en"]).filter((code) => code in DINER_LANGUAGES);
  const next = offered[(offered.indexOf(currentLanguage()) + 1) % offered.length];
  if (!next || next === currentLanguage() || offered.length < 2) return null;
  return { code: next, name: DINER_LANGUAGES[next], switchLabel: t("app.switchTo") };
}
