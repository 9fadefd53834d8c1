// @ts-check
/**
 * A time of day typed in 24-hour form ("18:30"), for the menu's hours. Not `<input type=time>`:
 * Chromium draws that in the device's locale, so an en-US tablet in Lima asked for "06:30 PM"
 * (docs/decisions.md, "Hours typed in 24-hour time").
 */
import { h } from "./dom.js";

/**
 * "18:30", "7:05", "0705", "19.30", "19h30" -> "HH:MM"; null for anything that is not a time of day.
 * @param {string} text
 * @returns {string | null}
 */
export function parseClock(text) {
  const match = /^\s*([01]?\d|2[0-3])\s*[:.h]?\s*([0-5]\d)\s*$/i.exec(text);
  return match ? `${match[1].padStart(2, "0")}:${match[2]}` : null;
}

/**
 * @param {{id: string, name: string, value: string, describedBy?: string}} field
 * @returns {HTMLInputElement}
 */
export function clockInput({ id, name, value, describedBy }) {
  return /** @type {HTMLInputElement} */ (h("input", {
    id, name, value, type: "text", inputmode: "numeric", autocomplete: "off", maxlength: "5", size: "5",
    class: "clock-input", required: true, "aria-describedby": describedBy || null,
  }));
}
