// @ts-check
/** When a dish may be ordered, from the menu's data alone: staff's availability, the kitchen's
 * pause (`pausedUntil`) and the branch's service windows (`servedFrom`..`servedUntil`, the
 * current or next span). Pure: the controller calls `timed()` on every item and schedules a
 * repaint at `nextFlip()`, so the page flips by itself when a window opens or a pause ends;
 * the server stays the authority when the order is placed. */

/**
 * @typedef {{available: boolean, staffAvailable?: boolean, served?: string, servedFrom?: string | null,
 *   servedUntil?: string | null, pausedUntil?: string | null}} TimedFields
 * @typedef {{reason: "unavailable" | "paused" | "later" | "notThisWeek" | null, at: string | null}} Timing
 */

/** @param {string | null | undefined} iso */
const ms = (iso) => (iso ? Date.parse(iso) : NaN);

/**
 * The item as it stands at `now`: `available` means "can be ordered now"; `timing` says why
 * not and until when. `staffAvailable` keeps the server's own flag (the 86).
 * @template {TimedFields} T @param {T} item @param {number} now
 * @returns {T & {staffAvailable: boolean, timing: Timing}}
 */
export function timed(item, now) {
  const staffAvailable = item.staffAvailable ?? item.available;
  /** @type {Timing} */
  let timing = { reason: null, at: null };
  if (!staffAvailable) timing = { reason: "unavailable", at: null };
  else if (item.served === "not_this_week") timing = { reason: "notThisWeek", at: null };
  else if (item.pausedUntil && ms(item.pausedUntil) > now) timing = { reason: "paused", at: item.pausedUntil };
  else if (item.served === "windows" && item.servedFrom && ms(item.servedFrom) > now) timing = { reason: "later", at: item.servedFrom };
  else if (item.served === "windows" && item.servedUntil && ms(item.servedUntil) <= now) timing = { reason: "notThisWeek", at: null };
  return { ...item, staffAvailable, available: timing.reason === null, timing };
}

/**
 * The next instant after `now` at which some item's state changes (a pause ends, a window
 * opens or closes), or null.
 * @param {TimedFields[]} items @param {number} now
 */
export function nextFlip(items, now) {
  let next = Infinity;
  for (const item of items) {
    for (const at of [item.pausedUntil, item.servedFrom, item.servedUntil]) {
      const moment = ms(at);
      if (moment > now && moment < next) next = moment;
    }
  }
  return next === Infinity ? null : next;
}

/**
 * Intl's date formatters, built once per language, zone and fields (building one is a lookup in
 * the browser's locale data: five per unavailable dish on every redraw of the menu made its
 * first render a long task on a slow phone). A zone Intl does not know is left out (undefined).
 * @type {Map<string, Intl.DateTimeFormat>}
 */
const dateFormats = new Map();
/** @type {Map<string, string | undefined>} */
const knownZones = new Map();

/** @param {string} language @param {string | undefined} timeZone @returns {string | undefined} */
function usableZone(language, timeZone) {
  const key = `${language}|${timeZone}`;
  if (!knownZones.has(key)) {
    let zone;
    try { new Intl.DateTimeFormat(language, { timeZone }); zone = timeZone; } catch { zone = undefined; }
    knownZones.set(key, zone);
  }
  return knownZones.get(key);
}

/** @param {string} language @param {Intl.DateTimeFormatOptions} options */
function dateFormat(language, options) {
  const key = `${language}|${JSON.stringify(options)}`;
  let found = dateFormats.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(language, options);
    dateFormats.set(key, found);
  }
  return found;
}

/**
 * "07:00", "tomorrow 07:00" or "Monday 07:00" for a moment, in the branch's time zone.
 * @param {string} iso @param {number} now @param {string} language @param {string | undefined} timeZone
 * @returns {{day: "today" | "tomorrow" | "later", time: string, weekday: string}}
 */
export function whenLocal(iso, now, language, timeZone) {
  const zone = usableZone(language, timeZone);
  const dayOf = (/** @type {number} */ moment) => dateFormat("en-CA", { timeZone: zone }).format(new Date(moment));
  const time = dateFormat(language, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: zone }).format(new Date(ms(iso)));
  const weekday = dateFormat(language, { weekday: "long", timeZone: zone }).format(new Date(ms(iso)));
  const days = Math.round((Date.parse(dayOf(ms(iso))) - Date.parse(dayOf(now))) / 86_400_000);
  return { day: days <= 0 ? "today" : days === 1 ? "tomorrow" : "later", time, weekday };
}

/**
 * "19:05": a moment's clock time in the branch's time zone (the phone's when Intl does not know
 * that zone), as the language writes it.
 * @param {string} iso @param {string} language @param {string | undefined} timeZone
 */
export function clockTime(iso, language, timeZone) {
  return dateFormat(language, { hour: "2-digit", minute: "2-digit", timeZone: usableZone(language, timeZone) }).format(new Date(iso));
}

/**
 * The wait the diner is shown for an order still being made: minutes left until the range the
 * kitchen gave ("15–25"), counting down; null when there is no estimate.
 * @param {{minMinutes: number, maxMinutes: number, readyFrom: string, readyTo: string} | null | undefined} estimate
 * @param {number} now
 * @returns {{low: number, high: number} | null}
 */
export function waitLeft(estimate, now) {
  if (!estimate) return null;
  const low = Math.max(0, Math.ceil((ms(estimate.readyFrom) - now) / 60_000));
  const high = Math.max(0, Math.ceil((ms(estimate.readyTo) - now) / 60_000));
  return { low, high };
}

/**
 * How a wait is said: "any minute now" once its range is over; "within 10 min" once the range's
 * start has passed ("0–10 min" reads as a glitch); otherwise the range, "15–25 min".
 * @param {{low: number, high: number}} left  waitLeft's
 * @returns {"anyMinute" | "within" | "range"}
 */
export function waitWording(left) {
  if (left.high === 0) return "anyMinute";
  return left.low === 0 ? "within" : "range";
}
