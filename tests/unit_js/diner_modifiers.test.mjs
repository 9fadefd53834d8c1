// node --test tests/unit_js: modifiers and allergens in the diner's pure cart rules.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  addToCart, allergenWarnings, cartSubtotal, chosenOptions, emptyCart, needsChoices, optionProblems, orderBody,
  repriceCart, reviveCart, unavailableLines,
} from "../../static-site/js/diner/cart.js";

const steak = {
  id: "lomo", name: "Lomo", price: 6200, available: true, allergens: ["sulphites"],
  optionGroups: [
    { id: "doneness", name: "Doneness", required: true, minChoices: 1, maxChoices: 1,
      options: [{ id: "rare", name: "Rare", priceDelta: 0 }, { id: "medium", name: "Medium", priceDelta: 0 }] },
    { id: "extras", name: "Extras", required: false, minChoices: 0, maxChoices: 2,
      options: [{ id: "egg", name: "Egg", priceDelta: 300 }, { id: "avocado", name: "Avocado", priceDelta: 450 },
        { id: "fries", name: "Fries", priceDelta: 500 }] },
  ],
};
const ceviche = { id: "ceviche", name: "Ceviche", price: 3800, available: true, allergens: ["fish"] };

test("a required group makes an item need choices; an optional one does not", () => {
  assert.equal(needsChoices(steak), true);
  assert.equal(needsChoices(ceviche), false);
  assert.equal(needsChoices({ ...steak, optionGroups: [steak.optionGroups[1]] }), false);
});

test("option problems: too few in a required group, too many anywhere, none when valid", () => {
  assert.deepEqual(optionProblems(steak, {}).map((p) => [p.group.id, p.problem]), [["doneness", "tooFew"]]);
  assert.deepEqual(optionProblems(steak, { doneness: ["rare", "medium"] }).map((p) => p.problem), ["tooMany"]);
  assert.deepEqual(optionProblems(steak, { doneness: ["rare"], extras: ["egg", "avocado", "fries"] }).map((p) => p.group.id), ["extras"]);
  assert.deepEqual(optionProblems(steak, { doneness: ["rare"], extras: ["egg"] }), []);
});

test("chosen options follow the menu's order and carry names and deltas; unknown ids are dropped", () => {
  assert.deepEqual(chosenOptions(steak, { extras: ["avocado", "egg", "truffle"], doneness: ["medium"] }), [
    { groupId: "doneness", optionId: "medium", name: "Medium", priceDelta: 0 },
    { groupId: "extras", optionId: "egg", name: "Egg", priceDelta: 300 },
    { groupId: "extras", optionId: "avocado", name: "Avocado", priceDelta: 450 },
  ]);
});

test("the same dish with other options is another line, priced with its deltas, and the body sends the choices", () => {
  const medium = chosenOptions(steak, { doneness: ["medium"], extras: ["egg"] });
  let cart = addToCart(emptyCart(), steak, 1, "", medium);
  cart = addToCart(cart, steak, 1, "", chosenOptions(steak, { doneness: ["rare"] }));
  cart = addToCart(cart, steak, 1, "", chosenOptions(steak, { extras: ["egg"], doneness: ["medium"] }));
  assert.equal(cart.lines.length, 2);
  assert.equal(cart.lines[0].quantity, 2);
  assert.equal(cart.lines[0].unitPrice, 6500);
  assert.equal(cartSubtotal(cart), 2 * 6500 + 6200);
  assert.deepEqual(orderBody(cart).items, [
    { menuItemId: "lomo", quantity: 2, options: [{ groupId: "doneness", optionId: "medium" }, { groupId: "extras", optionId: "egg" }] },
    { menuItemId: "lomo", quantity: 1, options: [{ groupId: "doneness", optionId: "rare" }] },
  ]);
});

test("a delta changed on the menu reprices the line; an option gone from the menu blocks it", () => {
  const cart = addToCart(emptyCart(), steak, 1, "", chosenOptions(steak, { doneness: ["rare"], extras: ["egg"] }));
  const dearer = { ...steak, optionGroups: [steak.optionGroups[0], { ...steak.optionGroups[1],
    options: [{ id: "egg", name: "Egg", priceDelta: 400 }] }] };
  const repriced = repriceCart(cart, new Map([["lomo", dearer]]));
  assert.equal(repriced.lines[0].unitPrice, 6600);
  assert.equal(repriced.lines[0].options[1].priceDelta, 400);
  assert.equal(unavailableLines(repriced, new Map([["lomo", dearer]])).size, 0);
  const without = { ...steak, optionGroups: [steak.optionGroups[0]] };
  assert.deepEqual([...unavailableLines(cart, new Map([["lomo", without]]))], [cart.lines[0].key]);
});

test("a stored cart keeps well-formed options and drops malformed ones", () => {
  const cart = addToCart(emptyCart(), steak, 1, "", chosenOptions(steak, { doneness: ["rare"] }));
  const revived = reviveCart(JSON.parse(JSON.stringify(cart)));
  assert.deepEqual(revived, cart);
  const tampered = reviveCart({ lines: [{ ...cart.lines[0], options: [{ groupId: "doneness" }, 7] }] });
  assert.deepEqual(tampered.lines[0].options, []);
  assert.deepEqual(reviveCart({ lines: [{ itemId: "ceviche", name: "Ceviche", unitPrice: 3800, quantity: 1 }] }).lines[0].options, []);
});

test("allergen warnings name the lines with an avoided allergen", () => {
  let cart = addToCart(emptyCart(), ceviche);
  cart = addToCart(cart, steak, 1, "", chosenOptions(steak, { doneness: ["rare"] }));
  const items = new Map([["ceviche", ceviche], ["lomo", steak]]);
  assert.deepEqual(allergenWarnings(cart, items, ["fish", "milk"]), [{ key: cart.lines[0].key, name: "Ceviche", allergens: ["fish"] }]);
  assert.deepEqual(allergenWarnings(cart, items, []), []);
});
