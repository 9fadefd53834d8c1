// @ts-check
/**
 * Sections of the floor (issue 16), pure: which table is in whose section, what a screen shows
 * first and what it chimes for. A waiter's tables come first and sound for them; a table in no
 * section (or one nobody serves) is everyone's and sounds for all; whoever manages the sections
 * (`manage_sections`: managers, owners) hears every table. Nothing here touches the DOM.
 */

/**
 * @typedef {{id: string, name: string, staffId: string | null, staffName: string | null}} TableSection
 * @typedef {TableSection & {tableCodes?: string[]}} Section
 * @typedef {{id: string, hearsAll: boolean}} Listener   who is at this screen
 * @typedef {{code: string, section?: TableSection | null}} SectionedTable
 * @typedef {{tables: SectionedTable[], sections?: Section[]}} SectionedFloor
 */

/** "Luis Torres" -> "LT", "Ana" -> "A", "" -> "". @param {string | null | undefined} name */
export function initials(name) {
  return (name || "").trim().split(/\s+/).filter(Boolean).slice(0, 2).map((part) => part[0].toUpperCase()).join("");
}

/**
 * The sections list (GET .../sections) on the floor: each table points at its section as it now stands.
 * @template {SectionedFloor} F @param {F} floor @param {{sections: Section[]}} reply @returns {F}
 */
export function withSections(floor, reply) {
  const sections = sectionList(reply);
  /** @type {Map<string, TableSection>} */
  const byTable = new Map();
  for (const section of reply.sections) {
    const { tableCodes, ...plain } = section;
    for (const code of tableCodes || []) byTable.set(code, plain);
  }
  return { ...floor, sections, tables: floor.tables.map((table) => ({ ...table, section: byTable.get(table.code) || null })) };
}

/** The sections list (GET .../sections) without its table codes (the tables carry their own). @param {{sections?: Section[]}} reply */
export function sectionList(reply) {
  return sortByName((reply.sections || []).map(({ tableCodes, ...section }) => section));
}

/**
 * A pushed `section.updated` (a section named, renamed, given a waiter, removed) or
 * `table.section.updated` (a table put in a section or in none).
 * @template {SectionedFloor} F @param {F} floor @param {{type: string, data?: any}} message @returns {F}
 */
export function applySectionMessage(floor, message) {
  const data = message.data;
  if (!data) return floor;
  const sections = floor.sections || [];
  if (message.type === "section.updated") {
    const section = { id: data.id, name: data.name, staffId: data.staffId ?? null, staffName: data.staffName ?? null };
    const others = sections.filter((s) => s.id !== data.id);
    return {
      ...floor,
      sections: data.removed ? others : sortByName([...others, section]),
      tables: floor.tables.map((table) => (table.section?.id !== data.id ? table
        : { ...table, section: data.removed ? null : section })),
    };
  }
  if (message.type === "table.section.updated") {
    const section = data.sectionId ? sections.find((s) => s.id === data.sectionId) || null : null;
    return { ...floor, tables: floor.tables.map((table) => (table.code === data.tableCode ? { ...table, section } : table)) };
  }
  return floor;
}

/** @param {Section[]} sections */
function sortByName(sections) {
  return [...sections].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id.localeCompare(b.id));
}

/** The sections this person serves. @param {SectionedFloor} floor @param {string} staffId */
export function sectionsOf(floor, staffId) {
  return (floor.sections || []).filter((section) => section.staffId === staffId);
}

/** Is this table theirs: in a section they serve. @param {SectionedFloor} floor @param {string} code @param {string} staffId */
export function isMine(floor, code, staffId) {
  const table = floor.tables.find((candidate) => candidate.code === code);
  return Boolean(table?.section?.staffId) && table?.section?.staffId === staffId;
}

/**
 * Does something at this table sound on this screen: for whoever hears all, at their own
 * tables, and at a table nobody serves (in no section, or in one without a waiter).
 * @param {SectionedFloor} floor @param {string} code @param {Listener} listener
 */
export function soundsFor(floor, code, listener) {
  if (listener.hearsAll) return true;
  const table = floor.tables.find((candidate) => candidate.code === code);
  const waiter = table?.section?.staffId;
  return !waiter || waiter === listener.id;
}

/**
 * Their own first, each group keeping its order (tables by code, the feed by waiting time).
 * @template T @param {T[]} items @param {(item: T) => boolean} mine @returns {T[]}
 */
export function mineFirst(items, mine) {
  return [...items.filter(mine), ...items.filter((item) => !mine(item))];
}

/**
 * The Tables page's filter: "all", "mine", "none" (tables in no section) or a section's id.
 * @param {SectionedFloor} floor @param {SectionedTable} table @param {string} filter @param {string} staffId
 */
export function shownBy(floor, table, filter, staffId) {
  if (filter === "all" || !filter) return true;
  if (filter === "mine") return isMine(floor, table.code, staffId);
  if (filter === "none") return !table.section;
  return table.section?.id === filter;
}
