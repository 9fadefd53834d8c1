// One Lighthouse run (the version pinned in package.json, its default mobile preset and simulated
// throttling) against one URL, in a Chromium of its own (a cold cache, no profile), driven through
// Lighthouse's Node API with puppeteer-core so that a page can start signed in: each `--storage
// key=value` is put in the origin's sessionStorage before any of the page's scripts run (an init
// script, as the diner app keeps its token per tab), on every document Lighthouse loads.
//
//   node bench/lighthouse/run.mjs URL [--storage key=value]... [--chrome-arg ARG]... [--json OUT]
//
// Prints one JSON line: the scores and metrics bench/lighthouse.py reads (and writes the whole
// report to OUT with --json).
import { writeFileSync } from "node:fs";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const argv = process.argv.slice(2);
const url = argv.shift();
/** @type {Record<string, string>} */
const storage = {};
const chromeArgs = [];
let jsonOut = null;
while (argv.length) {
  const flag = argv.shift();
  const value = argv.shift() ?? "";
  if (flag === "--storage") {
    const at = value.indexOf("=");
    storage[value.slice(0, at)] = value.slice(at + 1);
  } else if (flag === "--chrome-arg") chromeArgs.push(value);
  else if (flag === "--json") jsonOut = value;
  else throw new Error(`unknown flag ${flag}`);
}
if (!url) throw new Error("usage: run.mjs URL [--storage key=value]... [--chrome-arg ARG]... [--json OUT]");

const browser = await puppeteer.launch({
  executablePath: process.env.COMANDA_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-dev-shm-usage", ...chromeArgs],
  defaultViewport: null,
});
try {
  const page = await browser.newPage();
  if (Object.keys(storage).length) {
    await page.evaluateOnNewDocument((origin, entries) => {
      if (location.origin !== origin) return;
      for (const [key, value] of Object.entries(entries)) sessionStorage.setItem(key, value);
    }, new URL(url).origin, storage);
  }
  const result = await lighthouse(url, {
    output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"],
  }, undefined, page);
  if (!result) throw new Error("Lighthouse returned no result");
  const { lhr } = result;
  if (jsonOut) writeFileSync(jsonOut, typeof result.report === "string" ? result.report : JSON.stringify(lhr));
  const audit = (id) => lhr.audits[id]?.numericValue ?? null;
  const failed = (category) => lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => ref.id);
  const longTasks = (lhr.audits["long-tasks"]?.details?.items ?? []).map((t) => ({ url: t.url, start: t.startTime, ms: t.duration }));
  console.log(JSON.stringify({
    lighthouse: lhr.lighthouseVersion,
    chrome: lhr.environment?.hostUserAgent,
    finalUrl: lhr.finalDisplayedUrl,
    runtimeError: lhr.runtimeError?.message ?? null,
    warnings: lhr.runWarnings,
    performance: lhr.categories.performance.score,
    accessibility: lhr.categories.accessibility.score,
    tbt: audit("total-blocking-time"),
    cls: audit("cumulative-layout-shift"),
    lcp: audit("largest-contentful-paint"),
    fcp: audit("first-contentful-paint"),
    si: audit("speed-index"),
    benchmarkIndex: lhr.environment?.benchmarkIndex,
    failedAccessibility: failed("accessibility"),
    failedPerformance: failed("performance"),
    longTasks,
  }));
} finally {
  await browser.close();
}
