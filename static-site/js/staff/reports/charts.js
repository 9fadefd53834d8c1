// @ts-check
/**
 * The reports page's pictures, drawn as inline SVG (no chart library): daily bars with the
 * previous period as ghost bars beside them, horizontal bars, p50/p90 pairs, weekly bars; and
 * the heat map as an HTML table whose cells carry their number as text as well as a shade (a
 * table a screen reader reads, colour never the only signal). Each SVG is role="img" with a
 * title and a description, and every figure it shows is in the data table under it too.
 */
import { h } from "../../lib/dom.js";
import { shade } from "./report-data.js";

const SVG = "http://www.w3.org/2000/svg";

/**
 * @param {string} tag @param {Record<string, string | number>} [attrs] @param {(Node | string)[]} [children]
 * @returns {SVGElement}
 */
function s(tag, attrs = {}, children = []) {
  const element = /** @type {SVGElement} */ (document.createElementNS(SVG, tag));
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

let serial = 0;

/** An SVG picture with its accessible name and description. @param {number} width @param {number} height @param {string} title @param {string} desc @param {SVGElement[]} parts */
function picture(width, height, title, desc, parts) {
  serial += 1;
  const id = `chart-${serial}`;
  return s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": `${id}-t`, "aria-describedby": `${id}-d`,
    class: "report-chart__svg", preserveAspectRatio: "xMidYMid meet" }, [
    s("title", { id: `${id}-t` }, [title]), s("desc", { id: `${id}-d` }, [desc]), ...parts]);
}

/** A round step above `max` for the axis (1, 2, 2.5, 5 × 10^n). @param {number} max */
function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= max) || 10;
  return step * power;
}

/**
 * Sales per day, the previous period's same-position day as a ghost bar beside each.
 * @param {{day: string, value: number, previousDay: string, previous: number | null}[]} series
 * @param {{title: string, desc: string, money: (n: number) => string, axisMoney: (n: number) => string,
 *   dayLabel: (day: string) => string, currentLabel: string, previousLabel: string}} words
 */
export function dayBars(series, words) {
  const width = 760;
  const height = 260;
  const left = 72;
  const bottom = 28;
  const top = 12;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const withPrevious = series.some((d) => d.previous !== null);
  const max = niceMax(Math.max(0, ...series.map((d) => Math.max(d.value, d.previous ?? 0))));
  const slot = plotW / Math.max(1, series.length);
  const barW = Math.max(2, Math.min(28, slot * (withPrevious ? 0.4 : 0.7)));
  const y = (/** @type {number} */ v) => top + plotH - (v / max) * plotH;
  /** @type {SVGElement[]} */
  const parts = [];
  for (let i = 0; i <= 4; i += 1) {
    const value = (max / 4) * i;
    parts.push(s("line", { x1: left, x2: width - 8, y1: y(value), y2: y(value), class: "report-chart__grid" }));
    parts.push(s("text", { x: left - 6, y: y(value) + 4, "text-anchor": "end", class: "report-chart__axis" }, [words.axisMoney(value)]));
  }
  const labelEvery = Math.ceil(series.length / 14);
  series.forEach((d, i) => {
    const x = left + i * slot + (slot - barW * (withPrevious ? 2 : 1)) / 2;
    if (withPrevious && d.previous !== null) {
      parts.push(s("rect", { x, y: y(d.previous), width: barW, height: Math.max(0, top + plotH - y(d.previous)),
        class: "report-chart__ghost", "data-day": d.previousDay }, [s("title", {}, [`${words.previousLabel} ${d.previousDay}: ${words.money(d.previous)}`])]));
    }
    const cx = withPrevious ? x + barW : x;
    parts.push(s("rect", { x: cx, y: y(d.value), width: barW, height: Math.max(0, top + plotH - y(d.value)),
      class: "report-chart__bar", "data-day": d.day, "data-value": d.value }, [s("title", {}, [`${d.day}: ${words.money(d.value)}`])]));
    if (i % labelEvery === 0) {
      parts.push(s("text", { x: left + i * slot + slot / 2, y: height - 8, "text-anchor": "middle", class: "report-chart__axis" },
        [words.dayLabel(d.day)]));
    }
  });
  parts.push(s("line", { x1: left, x2: width - 8, y1: top + plotH, y2: top + plotH, class: "report-chart__baseline" }));
  const legend = h("p", { class: "report-chart__legend" }, [
    h("span", { class: "report-chart__key report-chart__key--bar", "aria-hidden": "true" }), ` ${words.currentLabel} `,
    withPrevious ? h("span", { class: "report-chart__key report-chart__key--ghost", "aria-hidden": "true" }) : null,
    withPrevious ? ` ${words.previousLabel}` : null,
  ]);
  return h("figure", { class: "report-chart", "data-chart": "daily" }, [
    h("figcaption", { class: "report-chart__title", text: words.title }), picture(width, height, words.title, words.desc, parts), legend]);
}

/**
 * Horizontal bars, largest first, each labelled with its name and its value.
 * @param {{label: string, value: number}[]} rows
 * @param {{title: string, format: (n: number) => string, chart: string}} words
 */
export function hBars(rows, words) {
  const width = 760;
  const rowH = 26;
  const labelW = 220;
  const valueW = 110;
  const height = Math.max(1, rows.length) * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const plotW = width - labelW - valueW - 8;
  /** @type {SVGElement[]} */
  const parts = rows.map((row, i) => {
    const y = 4 + i * rowH;
    const w = Math.max(row.value > 0 ? 2 : 0, (row.value / max) * plotW);
    const label = row.label.length > 30 ? `${row.label.slice(0, 29)}…` : row.label;
    return s("g", { "data-label": row.label, "data-value": row.value }, [
      s("text", { x: labelW - 8, y: y + rowH / 2 + 4, "text-anchor": "end", class: "report-chart__label" }, [label]),
      s("rect", { x: labelW, y: y + 4, width: w, height: rowH - 8, class: "report-chart__bar" }),
      s("text", { x: labelW + w + 6, y: y + rowH / 2 + 4, class: "report-chart__value" }, [words.format(row.value)]),
    ]);
  });
  const desc = rows.map((r) => `${r.label}: ${words.format(r.value)}`).join("; ");
  return h("figure", { class: "report-chart", "data-chart": words.chart }, [
    h("figcaption", { class: "report-chart__title", text: words.title }), picture(width, height, words.title, desc, parts)]);
}

/**
 * p50 and p90 per row (seconds): a solid bar to the median and a lighter one on to the p90.
 * @param {{label: string, p50: number, p90: number}[]} rows
 * @param {{title: string, format: (n: number) => string, p50: string, p90: string, chart: string}} words
 */
export function percentileBars(rows, words) {
  const width = 760;
  const rowH = 30;
  const labelW = 240;
  const valueW = 140;
  const height = Math.max(1, rows.length) * rowH + 8;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.p50, r.p90)));
  const plotW = width - labelW - valueW - 8;
  /** @type {SVGElement[]} */
  const parts = rows.map((row, i) => {
    const y = 4 + i * rowH;
    const w90 = (Math.max(row.p90, row.p50) / max) * plotW;
    const w50 = (row.p50 / max) * plotW;
    const label = row.label.length > 32 ? `${row.label.slice(0, 31)}…` : row.label;
    return s("g", { "data-label": row.label }, [
      s("text", { x: labelW - 8, y: y + rowH / 2 + 4, "text-anchor": "end", class: "report-chart__label" }, [label]),
      s("rect", { x: labelW, y: y + 5, width: w90, height: rowH - 10, class: "report-chart__ghost" }),
      s("rect", { x: labelW, y: y + 5, width: w50, height: rowH - 10, class: "report-chart__bar" }),
      s("text", { x: labelW + w90 + 6, y: y + rowH / 2 + 4, class: "report-chart__value" },
        [`${words.format(row.p50)} / ${words.format(row.p90)}`]),
    ]);
  });
  const desc = rows.map((r) => `${r.label}: ${words.p50} ${words.format(r.p50)}, ${words.p90} ${words.format(r.p90)}`).join("; ");
  const legend = h("p", { class: "report-chart__legend" }, [
    h("span", { class: "report-chart__key report-chart__key--bar", "aria-hidden": "true" }), ` ${words.p50} `,
    h("span", { class: "report-chart__key report-chart__key--ghost", "aria-hidden": "true" }), ` ${words.p90}`]);
  return h("figure", { class: "report-chart", "data-chart": words.chart }, [
    h("figcaption", { class: "report-chart__title", text: words.title }), picture(width, height, words.title, desc, parts), legend]);
}

/**
 * Weekly bars (new members), the running total as a note under it.
 * @param {{week: string, value: number, total: number | null}[]} rows
 * @param {{title: string, total: string | null}} words
 */
export function weekBars(rows, words) {
  const width = 760;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const top = 18;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...rows.map((r) => r.value)));
  const slot = (width - left - 8) / Math.max(1, rows.length);
  const barW = Math.max(4, Math.min(40, slot * 0.6));
  const y = (/** @type {number} */ v) => top + plotH - (v / max) * plotH;
  /** @type {SVGElement[]} */
  const parts = [];
  for (let i = 0; i <= 4; i += 1) {
    const value = (max / 4) * i;
    parts.push(s("line", { x1: left, x2: width - 8, y1: y(value), y2: y(value), class: "report-chart__grid" }));
    parts.push(s("text", { x: left - 6, y: y(value) + 4, "text-anchor": "end", class: "report-chart__axis" }, [String(Math.round(value * 10) / 10)]));
  }
  const labelEvery = Math.ceil(rows.length / 12);
  rows.forEach((row, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    parts.push(s("rect", { x, y: y(row.value), width: barW, height: Math.max(0, top + plotH - y(row.value)), class: "report-chart__bar",
      "data-week": row.week, "data-value": row.value }, [s("title", {}, [`${row.week}: ${row.value}`])]));
    parts.push(s("text", { x: x + barW / 2, y: y(row.value) - 4, "text-anchor": "middle", class: "report-chart__value" }, [String(row.value)]));
    if (i % labelEvery === 0) {
      parts.push(s("text", { x: x + barW / 2, y: height - 8, "text-anchor": "middle", class: "report-chart__axis" }, [row.week.slice(5)]));
    }
  });
  const desc = rows.map((r) => `${r.week}: ${r.value}`).join("; ");
  return h("figure", { class: "report-chart", "data-chart": "weekly" }, [
    h("figcaption", { class: "report-chart__title", text: words.title }), picture(width, height, words.title, desc, parts),
    words.total ? h("p", { class: "report-chart__legend", text: words.total }) : null]);
}

/**
 * The heat map: weekdays down, hours across, each cell its figure as text on a shade of five
 * steps (the darker three with white text), a real table with headers.
 * @param {{hours: number[], cells: number[][], max: number, column: string}} grid
 * @param {{title: string, hint: string, hour: string, weekday: (n: number) => string, format: (n: number) => string}} words
 */
export function heatMap(grid, words) {
  const head = h("tr", {}, [h("th", { scope: "col", text: words.hour }),
    ...grid.hours.map((hour) => h("th", { scope: "col", text: String(hour).padStart(2, "0") }))]);
  const body = grid.cells.map((row, i) => h("tr", {}, [
    h("th", { scope: "row", text: words.weekday(i + 1) }),
    ...grid.hours.map((hour) => {
      const value = row[hour];
      return h("td", { class: `report-heat__cell report-heat__cell--${shade(value, grid.max)}`, "data-weekday": i + 1, "data-hour": hour,
        "data-value": value, text: value ? words.format(value) : "·" });
    }),
  ]));
  return h("figure", { class: "report-chart report-heat", "data-chart": "heatmap", "data-column": grid.column }, [
    h("figcaption", { class: "report-chart__title", text: words.title }),
    h("p", { class: "report-chart__legend", text: words.hint }),
    h("div", { class: "report-heat__scroll", tabindex: "0", role: "region", "aria-label": words.title },
      h("table", { class: "report-heat__table" }, [h("caption", { class: "visually-hidden", text: words.title }),
        h("thead", {}, head), h("tbody", {}, body)])),
  ]);
}
