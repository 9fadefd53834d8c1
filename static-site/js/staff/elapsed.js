// @ts-check
/** How long something has waited, as staff read it at a glance ("4 min"). Pure. */
import { t } from "../lib/i18n.js";

/** @param {string} iso @param {number} now  epoch ms @returns {number} whole minutes, never negative */
export function minutesSince(iso, now) {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 0;
  return Math.max(0, Math.floor((now - then) / 60000));
}

/** @param {number} minutes */
export function formatMinutes(minutes) {
  if (minutes < 1) return t("time.justNow");
  if (minutes < 60) return t("time.minutes", { n: minutes });
  return t("time.hours", { h: Math.floor(minutes / 60), m: minutes % 60 });
}

/**
 * "fresh", "waiting" or "late": the colour of a waiting time.
 * @param {number} minutes @param {{waiting: number, late: number}} [limits]
 */
export function urgency(minutes, limits = { waiting: 5, late: 10 }) {
  if (minutes >= limits.late) return "late";
  if (minutes >= limits.waiting) return "waiting";
  return "fresh";
}

/**
 * @typedef {{waiterCallUrgentMinutes: number, billRequestUrgentMinutes: number, readyLineUrgentMinutes: number}} NudgeSettings
 */
export const DEFAULT_NUDGES = { waiterCallUrgentMinutes: 3, billRequestUrgentMinutes: 5, readyLineUrgentMinutes: 4 };

/**
 * Minutes after which a waiting call, bill request or ready dish is urgent at this branch
 * (its settings, or the defaults); null for what has no such threshold.
 * @param {string} kind @param {Partial<NudgeSettings> | null | undefined} settings
 */
export function urgentAfter(kind, settings) {
  const s = { ...DEFAULT_NUDGES, ...(settings ?? {}) };
  if (kind === "waiter") return s.waiterCallUrgentMinutes;
  if (kind === "bill") return s.billRequestUrgentMinutes;
  if (kind === "ready") return s.readyLineUrgentMinutes;
  return null;
}

/**
 * How long something has waited, to the second ("2:05"), from a server timestamp.
 * @param {string} iso @param {number} now
 */
export function formatWaited(iso, now) {
  const then = Date.parse(iso);
  const seconds = Number.isNaN(then) ? 0 : Math.max(0, Math.floor((now - then) / 1000));
  const m = Math.floor(seconds / 60);
  const ss = String(seconds % 60).padStart(2, "0");
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** The branch's time zone: its times and its days (the history's dates) are the branch's, wherever the screen is. */
let timeZone = /** @type {string | undefined} */ (undefined);

/** @param {string | undefined} zone  an IANA zone, e.g. "America/Lima" */
export function useTimeZone(zone) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    timeZone = zone;
  } catch {
    timeZone = undefined;
  }
}

/**
 * A time of day on the branch's 24-hour clock ("16:30") in its zone: the one format of every
 * staff screen (the kitchen's header clock, tickets and pauses alike), whatever the device's locale.
 * @param {string} iso
 */
export function clockTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : date.toLocaleTimeString(document.documentElement.lang || "en",
    { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
}

/** Today in the branch's calendar, as YYYY-MM-DD. @param {number} [now] */
export function branchToday(now = Date.now()) {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
