// @ts-check
/** The allergens the API knows (the EU's fourteen), in the order pages list them. */
export const ALLERGENS = ["gluten", "crustaceans", "eggs", "fish", "peanuts", "soy", "milk", "nuts", "celery",
  "mustard", "sesame", "sulphites", "lupin", "molluscs"];
