// @ts-check
/**
 * The QR page's controller: each table's code drawn (four at a time), and the downloads.
 */
import { messageOf } from "./staff-session.js";
import { blobToDataUrl, saveBlob } from "./files.js";
import { api, byId, currentBranch, path, qrPage, state, toaster } from "./app.js";

// -- QR codes ----------------------------------------------------------------------------------
/** @param {import("./app.js").Branch} branch */
export function drawQr(branch) {
  const tables = state.floor.tables.map((table) => ({ code: table.code, label: table.label }));
  const key = `${branch.id}|${tables.map((table) => table.code).join(",")}|${document.documentElement.lang}`;
  if (!tables.length || key === state.qrDrawnFor) return;
  state.qrDrawnFor = key;
  qrPage.render(branch, tables);
  const queue = [...tables];
  const worker = async () => {
    for (let table = queue.shift(); table; table = queue.shift()) {
      try {
        const svg = await api.blob(`/staff/branches/${path(branch.id)}/tables/${path(table.code)}/qr.svg`, "image/svg+xml");
        qrPage.setImage(table.code, await blobToDataUrl(svg));
      } catch (error) {
        toaster.show(messageOf(error), { tone: "error" });
      }
    }
  };
  Promise.all([worker(), worker(), worker(), worker()]);
}

byId("page-qr").addEventListener("downloadCode", async (event) => {
  const { code, format } = /** @type {CustomEvent} */ (event).detail;
  const branch = currentBranch();
  if (!branch) return;
  try {
    const blob = await api.blob(`/staff/branches/${path(branch.id)}/tables/${path(code)}/qr.${format}`,
      format === "png" ? "image/png" : "image/svg+xml");
    saveBlob(blob, `${branch.slug}-${code}.${format}`);
  } catch (error) {
    toaster.show(messageOf(error), { tone: "error" });
  }
});
byId("page-qr").addEventListener("downloadSheet", async () => {
  const branch = currentBranch();
  if (!branch) return;
  try {
    const blob = await api.blob(`/staff/branches/${path(branch.id)}/qr-sheet?lang=${document.documentElement.lang}`, "text/html");
    saveBlob(blob, `qr-${branch.slug}.html`);
  } catch (error) {
    toaster.show(messageOf(error), { tone: "error" });
  }
});
