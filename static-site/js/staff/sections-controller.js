// @ts-check
/**
 * The sections of the floor on the Tables page: the filter, and a manager's changes (a table into a
 * section, a section's waiter for the shift, a new section, a removal), each one request whose answer
 * is applied to the floor at once; the other screens hear it from the stream (section.updated,
 * table.section.updated).
 */
import { t } from "../lib/i18n.js";
import { withSections } from "./sections.js";
import { messageOf } from "./staff-session.js";
import { api, byId, labelOf, path, state, toaster } from "./app.js";
import { drawAll } from "./screen.js";
import { commit } from "./floor-live.js";

/** The waiters a manager may give a section at this branch (GET .../waiters). */
export async function loadWaiters() {
  const branchId = state.branchId;
  state.sectionsView = { ...state.sectionsView, waitersOf: branchId };
  try {
    const reply = await api.get(`/staff/branches/${path(branchId)}/waiters`);
    if (branchId !== state.branchId) return;
    state.sectionsView = { ...state.sectionsView, waiters: reply.waiters };
  } catch {
    state.sectionsView = { ...state.sectionsView, waitersOf: "" }; // asked again on the next visit
  }
  drawAll();
}

/**
 * @param {string} eventName @param {(detail: any) => Promise<{sections: any[]} | null>} run
 *   the request; the branch's sections after it (null: apply nothing)
 */
function onSectionAction(eventName, run) {
  const root = byId("page-tables");
  root.addEventListener(eventName, async (event) => {
    const detail = /** @type {CustomEvent} */ (event).detail;
    try {
      const reply = await run(detail);
      if (reply) commit(withSections(state.floor, reply), { announce: false });
    } catch (error) {
      toaster.show(messageOf(error), { tone: "error" });
      drawAll();
    } finally {
      detail.done?.();
    }
  });
}

const sectionsPath = () => `/staff/branches/${path(state.branchId)}/sections`;

byId("page-tables").addEventListener("filterSections", (event) => {
  state.sectionsView = { ...state.sectionsView, filter: /** @type {CustomEvent} */ (event).detail.filter };
  drawAll();
});
onSectionAction("assignSection", async ({ code, sectionId }) => {
  await api.put(`/staff/branches/${path(state.branchId)}/tables/${path(code)}/section`, { sectionId });
  toaster.show(t("sections.assigned", { table: labelOf(code) }));
  return api.get(sectionsPath());
});
onSectionAction("saveSection", ({ id, staffId }) => api.patch(`${sectionsPath()}/${path(id)}`, { staffId }));
onSectionAction("addSection", ({ name, staffId }) => api.post(sectionsPath(), { name, staffId }));
onSectionAction("removeSection", ({ id }) => api.del(`${sectionsPath()}/${path(id)}`));
