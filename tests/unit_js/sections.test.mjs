// node --test tests/unit_js: sections of the floor (issue 16): whose table it is, what comes first, what sounds.
import { test } from "node:test";
import assert from "node:assert/strict";

import { applyMessage, floorFromSnapshot } from "../../static-site/js/staff/floor.js";
import { initials, isMine, mineFirst, sectionList, shownBy, soundsFor, withSections } from "../../static-site/js/staff/sections.js";

const salon = { id: "sec_salon", name: "Salón", staffId: "ana", staffName: "Ana Salas" };
const terrace = { id: "sec_terrace", name: "Terraza", staffId: "luis", staffName: "Luis Torres" };
const tableReply = (code, section = null) => ({ code, label: `Table ${code.slice(1)}`, session: null, pendingSession: null, requests: [], section });

function demoFloor() {
  const floor = floorFromSnapshot({ tables: [tableReply("T1", salon), tableReply("T5", salon), tableReply("T21", terrace), tableReply("T40")] },
    { orders: [] });
  return { ...floor, sections: sectionList({ sections: [{ ...terrace, tableCodes: ["T21"] }, { ...salon, tableCodes: ["T1", "T5"] }] }) };
}

test("the tables keep the section the server named, and the sections come by name", () => {
  const floor = demoFloor();
  assert.deepEqual(floor.tables.map((t) => t.section?.staffName ?? null), ["Ana Salas", "Ana Salas", "Luis Torres", null]);
  assert.deepEqual(floor.sections.map((s) => s.name), ["Salón", "Terraza"]);
  assert.equal("tableCodes" in floor.sections[0], false);
});

test("a call sounds for the waiter of its section, not for another waiter, always for whoever manages", () => {
  const floor = demoFloor();
  const ana = { id: "ana", hearsAll: false };
  const luis = { id: "luis", hearsAll: false };
  const manager = { id: "mateo", hearsAll: true };
  assert.equal(soundsFor(floor, "T5", ana), true);
  assert.equal(soundsFor(floor, "T5", luis), false);
  assert.equal(soundsFor(floor, "T5", manager), true);
  // a table in no section, or in one nobody serves, is everyone's
  assert.equal(soundsFor(floor, "T40", luis), true);
  const unserved = applyMessage(floor, { type: "section.updated", data: { ...terrace, staffId: null, staffName: null, removed: false } });
  assert.equal(soundsFor(unserved, "T21", ana), true);
});

test("a table moved to the terrace is live Luis's: it sounds for him and comes first on his screens", () => {
  const moved = applyMessage(demoFloor(), { type: "table.section.updated", data: { branchId: "b", tableCode: "T5", sectionId: "sec_terrace" } });
  assert.equal(moved.tables.find((t) => t.code === "T5").section.staffName, "Luis Torres");
  assert.equal(soundsFor(moved, "T5", { id: "luis", hearsAll: false }), true);
  assert.equal(soundsFor(moved, "T5", { id: "ana", hearsAll: false }), false);
  const order = mineFirst(moved.tables, (t) => isMine(moved, t.code, "luis")).map((t) => t.code);
  assert.deepEqual(order, ["T5", "T21", "T1", "T40"]);
  const freed = applyMessage(moved, { type: "table.section.updated", data: { tableCode: "T5", sectionId: null } });
  assert.equal(freed.tables.find((t) => t.code === "T5").section, null);
});

test("a new waiter for the salon shows on its tables; a removed section leaves them to everyone", () => {
  const floor = demoFloor();
  const luisTakesSalon = applyMessage(floor, { type: "section.updated", data: { ...salon, staffId: "luis", staffName: "Luis Torres", removed: false } });
  assert.deepEqual(luisTakesSalon.tables.filter((t) => isMine(luisTakesSalon, t.code, "luis")).map((t) => t.code), ["T1", "T5", "T21"]);
  const removed = applyMessage(floor, { type: "section.updated", data: { id: "sec_salon", removed: true } });
  assert.deepEqual(removed.sections.map((s) => s.id), ["sec_terrace"]);
  assert.equal(removed.tables.find((t) => t.code === "T1").section, null);
});

test("a manager's change answered with the sections list points every table at its section", () => {
  const floor = withSections(demoFloor(), { sections: [{ ...salon, tableCodes: ["T1"] }, { ...terrace, tableCodes: ["T5", "T21"] }] });
  assert.deepEqual(floor.tables.map((t) => t.section?.id ?? null), ["sec_salon", "sec_terrace", "sec_terrace", null]);
});

test("the filter shows all, mine, one section or the tables in none", () => {
  const floor = demoFloor();
  const shown = (filter) => floor.tables.filter((t) => shownBy(floor, t, filter, "ana")).map((t) => t.code);
  assert.deepEqual(shown("all"), ["T1", "T5", "T21", "T40"]);
  assert.deepEqual(shown("mine"), ["T1", "T5"]);
  assert.deepEqual(shown("sec_terrace"), ["T21"]);
  assert.deepEqual(shown("none"), ["T40"]);
});

test("initials of a waiter's name", () => {
  assert.equal(initials("Luis Torres"), "LT");
  assert.equal(initials("  ana  maría salas "), "AM");
  assert.equal(initials(""), "");
  assert.equal(initials(null), "");
});
