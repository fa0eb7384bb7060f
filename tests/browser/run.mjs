// Browser tests of the yanglao web interface in headless Chromium (Debian's /usr/bin/chromium).
//
// Run by server/tests/browser.rs against a server it starts; by hand:
//   node tests/browser/run.mjs http://127.0.0.1:8080 /tmp/yanglao-screenshots
// Checks, at 390 px and 1280 px wide: search, a facet click, a document (query words marked), a "cites" link,
// compare, timeline, trace, the 404 page; markup in a document shows as text and runs nothing;
// no page scrolls sideways. Saves a full-page screenshot of every step. Exits 1 on any failure.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [baseUrl, screenshotDir] = process.argv.slice(2);
if (!baseUrl || !screenshotDir) {
  console.error("usage: node run.mjs BASE_URL SCREENSHOT_DIR");
  process.exit(2);
}
mkdirSync(screenshotDir, { recursive: true });

const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1280, height: 900 },
];
const TRACED_QUOTE = "為推進居家養老服務體系建設，本市將在每個街道設立至少一處養老服務驛站";
const failures = [];
const dialogs = [];

function check(condition, message) {
  if (!condition) failures.push(message);
  return condition;
}

const url = (path) => new URL(path, baseUrl).toString();

async function snapshot(page, viewport, name) {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  check(
    widths.scroll <= widths.inner,
    `${viewport.name}/${name}: page scrolls sideways (scrollWidth ${widths.scroll} > innerWidth ${widths.inner})`,
  );
  const file = join(screenshotDir, `${viewport.width}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
}

async function runViewport(browser, viewport) {
  const context = await browser.newContext({ viewport, locale: "zh-CN" });
  context.setDefaultTimeout(20000);
  const page = await context.newPage();
  page.on("dialog", async (dialog) => {
    dialogs.push(`${viewport.name}: ${dialog.type()} ${dialog.message()} on ${page.url()}`);
    await dialog.dismiss();
  });
  page.on("pageerror", (error) => failures.push(`${viewport.name}: script error on ${page.url()}: ${error.message}`));
  const v = viewport.name;

  // Search.
  await page.goto(url("/?q=" + encodeURIComponent("养老服务")));
  const hits = await page.locator("li.hit").count();
  check(hits > 0, `${v}: search shows no hits`);
  check((await page.locator("li.hit mark").count()) > 0, `${v}: snippets are not highlighted`);
  check((await page.locator("svg.chart").count()) >= 2, `${v}: province and year charts missing`);
  await snapshot(page, viewport, "01-search");

  // Click a facet (a province), then remove it again.
  const facet = page.locator("section.facet").filter({ hasText: "省份" }).locator("a").first();
  const facetLabel = (await facet.textContent()).trim();
  await facet.click();
  await page.waitForURL(/region=/);
  check((await page.locator(".chip").count()) > 0, `${v}: no active-filter chip after clicking ${facetLabel}`);
  const filteredHits = await page.locator("li.hit").count();
  check(filteredHits > 0, `${v}: facet ${facetLabel} shows no hits`);
  await snapshot(page, viewport, "02-facet");
  await page.locator(".chip").first().click();
  await page.waitForURL((current) => !current.toString().includes("region="));

  // Open a document from the results.
  await page.locator("li.hit h3 a").first().click();
  await page.waitForURL(/\/doc\//);
  check((await page.locator("table.meta-table tr").count()) >= 2, `${v}: document page lacks its metadata table`);
  check((await page.locator("#reference").textContent()).includes("[EB/OL]"), `${v}: no GB/T 7714 reference`);
  check((await page.locator("section.text p mark").count()) > 0, `${v}: the query's words are not marked in the text`);
  check((await page.locator("p.found a[href^='#p']").count()) === 1, `${v}: no link to the first matching paragraph`);
  await snapshot(page, viewport, "03-document");

  // Follow a "cites" link, and see the citing document under "cited by".
  await page.goto(url("/doc/fixture-citing"));
  await snapshot(page, viewport, "04-citing");
  await page.locator("a.cites-link").first().click();
  await page.waitForURL(/\/doc\/fixture-cited$/);
  check(
    (await page.locator("#cited-by a[href='/doc/fixture-citing']").count()) === 1,
    `${v}: the cited document does not list the citing one`,
  );
  await snapshot(page, viewport, "05-cited");

  // Seed 002 (a round-up of many provinces): its paragraphs are tagged.
  await page.goto(url("/doc/2a46f93215c84e84#p7"));
  await snapshot(page, viewport, "06-seed-002");

  // Compare provinces.
  await page.goto(url("/compare"));
  await page.fill("input[name=q]", "老年人权益保障");
  await page.click("form.searchbar button");
  await page.waitForURL(/compare\?q=/);
  const cards = await page.locator("section.province-card").count();
  check(cards >= 3, `${v}: compare shows ${cards} province cards`);
  await snapshot(page, viewport, "07-compare");

  // Timeline.
  await page.goto(url("/timeline?q=" + encodeURIComponent("老年人权益保障")));
  check((await page.locator("svg.timeline-chart circle").count()) >= 3, `${v}: timeline chart has too few dots`);
  check((await page.locator("table.data tbody tr").count()) >= 3, `${v}: timeline table has too few rows`);
  await snapshot(page, viewport, "08-timeline");

  // Trace a traditional-script quote back to its simplified original.
  await page.goto(url("/trace"));
  await page.fill("textarea[name=text]", TRACED_QUOTE);
  await page.click("form.trace-form button");
  await page.waitForURL(/trace\?text=/);
  const first = await page.locator("ol.trace-list li").first();
  check(
    (await first.locator("a").getAttribute("href")).startsWith("/doc/fixture-trace-original"),
    `${v}: trace does not put the original first`,
  );
  await snapshot(page, viewport, "09-trace");

  // Markup in a document is text: no element made from it, no script run.
  await page.goto(url("/doc/fixture-xss"));
  const bodyText = await page.locator("body").innerText();
  check(bodyText.includes("<script>alert(1)</script>"), `${v}: the <script> text is not shown as text`);
  check(bodyText.includes('"><img src=x onerror=alert(1)>'), `${v}: the <img> text is not shown as text`);
  check((await page.locator("img").count()) === 0, `${v}: an <img> element was injected`);
  check(
    (await page.title()).includes("<script>alert(1)</script>"),
    `${v}: the window title does not show the markup as text`,
  );
  await snapshot(page, viewport, "10-xss-document");
  await page.goto(url("/?q=" + encodeURIComponent("养老服务安全测试")));
  check((await page.locator("img").count()) === 0, `${v}: an <img> element was injected in the results`);
  await snapshot(page, viewport, "11-xss-search");

  // An empty result and the 404 page.
  await page.goto(url("/?q=" + encodeURIComponent("鲲鹏扶摇 量子纠缠")));
  check((await page.locator(".empty li a").count()) > 0, `${v}: an empty result suggests nothing`);
  await snapshot(page, viewport, "12-empty");
  const missing = await page.goto(url("/doc/no-such-document"));
  check(missing.status() === 404, `${v}: unknown document answered ${missing.status()}`);
  await snapshot(page, viewport, "13-not-found");

  await context.close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  for (const viewport of VIEWPORTS) {
    try {
      await runViewport(browser, viewport);
    } catch (error) {
      failures.push(`${viewport.name}: ${error.stack || error}`);
    }
  }
} finally {
  await browser.close();
}
for (const dialog of dialogs) failures.push(`a dialog opened (a script ran): ${dialog}`);
console.log(`screenshots: ${screenshotDir}`);
if (failures.length > 0) {
  console.error(`${failures.length} browser check(s) failed:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}
console.log("browser checks passed at 390 px and 1280 px");
