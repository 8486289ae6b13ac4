// Fills the supplier questionnaire form in a real browser and saves the
// answers file through the form's own save button, as a supplier would.
//
//   node fill.mjs FORM.html OUT.yaml '{"by":"sato","lang":"en","answers":{"4-1-3":{"answer":"no","note":"..."}}}'
//
// The browser is Debian's chromium (CHROMIUM, else /usr/bin/chromium); the
// page is opened from a file: URL with the network off, so a form that
// tried to load or send anything would fail.
import { chromium } from "playwright-core";

const [form, out, spec] = process.argv.slice(2);
const want = JSON.parse(spec);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const context = await browser.newContext({ acceptDownloads: true, offline: true });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  page.on("request", (r) => { if (!r.url().startsWith("file:") && !r.url().startsWith("blob:")) problems.push("request: " + r.url()); });
  await page.goto("file://" + form);
  if (want.lang) {
    const current = await page.evaluate(() => document.body.className);
    if (current !== want.lang) await page.click("#lang");
  }
  await page.fill("#by", want.by || "");
  for (const [id, a] of Object.entries(want.answers)) {
    const f = page.locator(`fieldset.control[data-id="${id}"]`);
    await f.locator(`input[type=radio][value="${a.answer}"]`).check();
    if (a.evidence) await f.locator("input[name=evidence]").fill(a.evidence);
    if (a.note) await f.locator("input[name=note]").fill(a.note);
  }
  const count = await page.textContent("#count");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#save")]);
  await download.saveAs(out);
  if (problems.length) {
    console.error(problems.join("\n"));
    process.exit(1);
  }
  console.log(JSON.stringify({ count, filename: download.suggestedFilename() }));
} finally {
  await browser.close();
}
