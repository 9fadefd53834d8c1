// @ts-check
/**
 * The menu page's controller: the branch's menu, what the sign-in may change on it, and its
 * edits (the 86, the branch's prices, the chain's catalogue, hours, settings, photos).
 */
import { newIdempotencyKey } from "../lib/api.js";
import { t } from "../lib/i18n.js";
import { messageOf } from "./staff-session.js";
import { api, byId, currentBranch, menuPage, path, state, toaster } from "./app.js";
import { drawAll } from "./screen.js";

// -- the menu --------------------------------------------------------------------------------
export async function loadMenu() {
  const branchId = state.branchId;
  try {
    const menu = await api.get(`/staff/branches/${path(branchId)}/menu`);
    if (branchId !== state.branchId) return;
    state.menu = menu;
    state.menuError = "";
  } catch (error) {
    state.menuError = messageOf(error);
  }
  if (state.page === "menu" || state.page === "tables") drawAll();
}

/**
 * @param {string} eventName
 * @param {(detail: any) => Promise<unknown>} run
 */
function onMenuAction(eventName, run) {
  byId("page-menu").addEventListener(eventName, async (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail;
    try {
      await run(detail);
      detail.done();
    } catch (error) {
      detail.done(messageOf(error));
    }
  });
}

const menuBase = () => `/staff/branches/${path(state.branchId)}/menu`;
onMenuAction("setAvailability", async ({ itemId, available }) => {
  const item = await api.post(`${menuBase()}/items/${path(itemId)}/availability`, { available });
  menuPage.patchItem(item);
  toaster.show(t(available ? "action.back" : "action.86d", { name: item.name }));
});
onMenuAction("setBranchPrice", async ({ itemId, price, available }) => {
  const item = await api.post(`${menuBase()}/items/${path(itemId)}/availability`, { available, price });
  menuPage.patchItem(item);
  toaster.show(t("action.priced", { name: item.name }));
});
/** After a save: the page says so (the toaster is a live region) and brings the row into view.
 * @param {"item" | "category"} kind @param {string | null} id  null: a new one @param {{id?: string, name?: string} | null} saved */
function saved(kind, id, saved) {
  toaster.show(t(id ? "menu.saved" : "menu.added", { name: saved?.name ?? "" }));
  const shown = id || saved?.id;
  if (shown) menuPage.reveal(kind, shown);
}
onMenuAction("saveItem", async ({ itemId, fields }) => {
  const item = itemId ? await api.patch(`${menuBase()}/items/${path(itemId)}`, fields)
    : await api.post(`${menuBase()}/items`, fields, { idempotencyKey: newIdempotencyKey() });
  await loadMenu();
  saved("item", itemId, item);
});
onMenuAction("deleteItem", async ({ itemId }) => {
  await api.del(`${menuBase()}/items/${path(itemId)}`);
  await loadMenu();
});
onMenuAction("saveCategory", async ({ categoryId, fields }) => {
  const category = categoryId ? await api.patch(`${menuBase()}/categories/${path(categoryId)}`, fields)
    : await api.post(`${menuBase()}/categories`, fields, { idempotencyKey: newIdempotencyKey() });
  await loadMenu();
  saved("category", categoryId, category);
});
onMenuAction("saveSettings", async ({ fields }) => {
  const settings = await api.patch(`/staff/branches/${path(state.branchId)}/settings`, fields);
  const branch = currentBranch();
  if (branch) branch.settings = settings;
  toaster.show(t("settings.saved"));
  drawAll();
});
onMenuAction("saveHours", async ({ kind, id, windows }) => {
  await api.put(`${menuBase()}/${kind === "category" ? "categories" : "items"}/${path(id)}/schedule`, { windows });
  toaster.show(t("action.hoursSaved"));
  await loadMenu();
});
onMenuAction("deleteCategory", async ({ categoryId }) => {
  await api.del(`${menuBase()}/categories/${path(categoryId)}`);
  await loadMenu();
});
/**
 * The menu grid shows a small copy of each photo: drawn here, at `thumbWidth` pixels, and
 * stored beside the photo. When it fails the grid falls back to the full photo.
 * @param {File} file @param {{thumbUploadUrl: string, thumbWidth: number, headers: Record<string, string>}} upload
 */
async function uploadThumbnail(file, upload) {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, upload.thumbWidth / bitmap.width);
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const thumbnail = await new Promise((resolve) => canvas.toBlob(resolve, file.type, 0.8));
    if (thumbnail) await fetch(upload.thumbUploadUrl, { method: "PUT", headers: upload.headers, body: thumbnail });
  } catch (error) {
    console.warn("thumbnail not stored; the grid shows the full photo", error);
  }
}

onMenuAction("uploadPhoto", async ({ itemId, file }) => {
  const upload = await api.post(`${menuBase()}/items/${path(itemId)}/image-upload`, { contentType: file.type });
  if (file.size > upload.maxBytes) throw new Error(t("menu.photoTooBig", { mb: Math.round(upload.maxBytes / 1048576) }));
  let stored;
  try {
    stored = await fetch(upload.uploadUrl, { method: upload.method || "PUT", headers: upload.headers, body: file });
  } catch {
    throw new Error(t("menu.photoUnreachable"));
  }
  if (!stored.ok) throw new Error(t("menu.photoRefused", { status: stored.status }));
  await uploadThumbnail(file, upload);
  await api.patch(`${menuBase()}/items/${path(itemId)}`, { imageKey: upload.imageKey });
  await loadMenu();
  toaster.show(t("action.photo"));
});
