// @ts-check
/**
 * .qr-page: every table's QR code with its label, as it will print (A4, six to a page, see
 * staff.css @media print). Emits `downloadCode` {code, format: "svg" | "png"} and `downloadSheet`.
 * The images arrive from the controller as data: URLs (the API wants the staff token, which
 * an <img src> cannot send).
 */
import { h, emit, replace } from "./dom.js";
import { t } from "../lib/i18n.js";
import { tableName } from "../lib/table-name.js";

/** @typedef {{code: string, label: string}} QrTable */

/** @param {HTMLElement} root */
export function mountQrPage(root) {
  const title = h("h1", { id: "qr-title", class: "qr-page__title" });
  const intro = h("p", { class: "qr-page__intro" });
  const tools = h("div", { class: "qr-page__tools" });
  const grid = h("ul", { class: "qr-page__grid" });
  replace(root, [h("div", { class: "qr-page__head" }, [h("div", {}, [title, intro]), tools]), grid]);
  /** @type {Map<string, HTMLImageElement>} */
  const images = new Map();

  return {
    /** @param {{name: string, slug: string}} branch @param {QrTable[]} tables */
    render(branch, tables) {
      title.textContent = t("qr.title");
      intro.textContent = t("qr.intro", { n: tables.length });
      replace(tools, [
        h("button", { type: "button", class: "button", text: t("qr.print"), onclick: () => window.print() }),
        h("button", { type: "button", class: "button button--secondary", text: t("qr.sheet"), onclick: () => emit(root, "downloadSheet") }),
      ]);
      images.clear();
      replace(grid, tables.map((table) => {
        const image = h("img", { class: "qr-card__code", alt: t("qr.alt", { label: tableName(table.code, table.label) }), width: "220", height: "220" });
        images.set(table.code, image);
        return h("li", { class: "qr-card", "data-table": table.code }, [
          image,
          h("p", { class: "qr-card__label", text: tableName(table.code, table.label) }),
          h("p", { class: "qr-card__branch", text: branch.name }),
          h("p", { class: "qr-card__path", text: `/${branch.slug}/${table.code}` }),
          h("div", { class: "qr-card__downloads" }, ["svg", "png"].map((format) => h("button", {
            type: "button", class: "button button--quiet", text: format.toUpperCase(),
            "aria-label": t("qr.download", { label: tableName(table.code, table.label), format: format.toUpperCase() }),
            onclick: () => emit(root, "downloadCode", { code: table.code, format }),
          }))),
        ]);
      }));
    },
    /** @param {string} code @param {string} dataUrl */
    setImage(code, dataUrl) {
      const image = images.get(code);
      if (image) image.src = dataUrl;
    },
  };
}
