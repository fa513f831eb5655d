// The reading list's data (theme/assets/sotay-reading-store.js), run as the browser runs it:
// a classic script defining SotayReading. Run with `node --test tests/js/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SOURCE = readFileSync(
  new URL("../../theme/assets/sotay-reading-store.js", import.meta.url), "utf8",
);
const sandbox = {};
vm.runInNewContext(SOURCE + "\nthis.SotayReading = SotayReading;", sandbox);
const R = sandbox.SotayReading;
// Objects made in the sandbox have its prototypes: compare them as plain JSON values.
const plain = (value) => JSON.parse(JSON.stringify(value));

const CT57 = { url: "van-ban/57-ct-tw/", kind: "tom-tat", number: "57-CT/TW",
  title: "Về tăng cường bảo đảm an ninh mạng", also: ["van-ban/57-ct-tw/de-cuong/"] };
const CTR20 = { url: "van-ban/20-ctr-tu/", kind: "tom-tat", number: "20-CTr/TU",
  title: "Chương trình hành động", also: ["van-ban/20-ctr-tu/de-cuong/"] };
const DOT = { url: "dot-hoc-tap/27-hd-bxdddu/", kind: "dot", number: "Hướng dẫn số 27-HD/BXDĐĐU",
  title: "Học tập, quán triệt", also: ["dot-hoc-tap/27-hd-bxdddu/in/"] };

test("each site on a host has its own list", () => {
  assert.equal(R.storageKey("/sotay/"), "sotay-xem-sau:/sotay/");
  assert.notEqual(R.storageKey("/"), R.storageKey("/sotay/"));
});

test("URLs are kept relative to the site's root, without anchor, query or index.html", () => {
  const root = "https://may.chu/sotay/";
  const cases = [
    ["https://may.chu/sotay/van-ban/57-ct-tw/", "van-ban/57-ct-tw/"],
    ["https://may.chu/sotay/van-ban/57-ct-tw/index.html#muc-1", "van-ban/57-ct-tw/"],
    ["https://may.chu/sotay/van-ban/57-ct-tw/toan-van/?q=x", "van-ban/57-ct-tw/toan-van/"],
    ["https://may.chu/sotay/", ""],
    ["https://may.chu/khac/van-ban/57-ct-tw/", null],
    ["https://khac.chu/sotay/van-ban/", null],
  ];
  for (const [href, expected] of cases) assert.equal(R.relativeUrl(href, root), expected, href);
});

test("saved items are listed newest first, with the date saved", () => {
  let state = R.empty();
  state = R.save(state, CT57, 1000);
  state = R.save(state, CTR20, 3000);
  state = R.save(state, DOT, 2000);
  assert.deepEqual(plain(R.savedList(state).map((i) => i.url)), [CTR20.url, DOT.url, CT57.url]);
  assert.equal(R.savedItem(state, CT57.url).savedAt, 1000);
  assert.equal(R.isSaved(state, CT57.url), true);
  assert.equal(R.isSaved(state, "van-ban/04-ct-tw/"), false);
});

test("saving again moves the item up, never doubles it", () => {
  let state = R.save(R.save(R.empty(), CT57, 1000), CTR20, 2000);
  state = R.save(state, CT57, 5000);
  assert.deepEqual(plain(R.savedList(state).map((i) => [i.url, i.savedAt])),
    [[CT57.url, 5000], [CTR20.url, 2000]]);
});

test("items saved at one moment (Lưu cả đợt) keep the order they were given", () => {
  let state = R.save(R.empty(), CTR20, 1);
  for (const item of [CT57, CTR20, DOT].reverse()) state = R.save(state, item, 9);
  assert.deepEqual(plain(R.savedList(state).map((i) => i.url)), [CT57.url, CTR20.url, DOT.url]);
});

test("removing an item releases its pages, but not one another item still needs", () => {
  const shared = { ...CTR20, also: ["van-ban/57-ct-tw/de-cuong/"] };
  const before = R.save(R.save(R.empty(), CT57, 1), shared, 2);
  const after = R.remove(before, CT57.url);
  assert.deepEqual(plain(R.savedList(after).map((i) => i.url)), [CTR20.url]);
  assert.deepEqual(Array.from(R.releasedUrls(before, after)), ["van-ban/57-ct-tw/"]);
  assert.deepEqual(Array.from(R.keptUrls(after)),
    ["van-ban/20-ctr-tu/", "van-ban/57-ct-tw/de-cuong/", "xem-sau/"]);
});

test("a page gone from a new build is marked, and unmarked when it returns", () => {
  let state = R.save(R.empty(), CT57, 1);
  state = R.markGone(state, CT57.url, true);
  assert.equal(R.savedItem(state, CT57.url).gone, true);
  state = R.markGone(state, CT57.url, false);
  assert.equal("gone" in R.savedItem(state, CT57.url), false);
});

test("a new build's title replaces the saved one, in place", () => {
  let state = R.save(R.save(R.empty(), CT57, 1), CTR20, 1);
  state = R.retitle(state, CT57.url, "57-CT/TW", "Tiêu đề mới");
  assert.deepEqual(plain(R.savedList(state).map((i) => [i.url, i.title])),
    [[CTR20.url, CTR20.title], [CT57.url, "Tiêu đề mới"]]);
});

test("the store survives what another script or an old version left in it", () => {
  for (const stored of [null, "", "{", "[]", '{"v":0,"saved":[]}', '"x"']) {
    assert.deepEqual(plain(R.parse(stored)), { v: 1, saved: [], recent: [] }, String(stored));
  }
  const hostile = JSON.stringify({ v: 1, recent: [], saved: [
    { url: "javascript:alert(1)", title: "x", savedAt: 1 },
    { url: "//evil.example/", savedAt: 1 },
    { url: "../../etc/", savedAt: 1 },
    { url: "van-ban/57-ct-tw/", kind: "<b>", number: 57, title: "t", savedAt: "soon",
      also: ["https://evil.example/", "van-ban/57-ct-tw/de-cuong/"] },
    { url: "van-ban/57-ct-tw/", title: "duplicate", savedAt: 2 },
  ] });
  assert.deepEqual(plain(R.parse(hostile).saved), [{
    url: "van-ban/57-ct-tw/", kind: "tom-tat", number: "", title: "t", savedAt: 0,
    also: ["van-ban/57-ct-tw/de-cuong/"],
  }]);
});

test("a round trip through localStorage's text keeps everything", () => {
  let state = R.save(R.empty(), DOT, 7);
  state = R.visit(state, CT57, 8);
  state = R.markPart(state, CT57.url, { id: "muc-2", title: "2. Nội dung" });
  assert.deepEqual(plain(R.parse(R.serialize(state))), plain(state));
});

test("recently read: the last 20 pages, newest first, each once", () => {
  let state = R.empty();
  for (let i = 0; i < 25; i++) {
    state = R.visit(state, { url: `van-ban/${i}/`, kind: "tom-tat", number: `${i}`, title: "" }, i);
  }
  state = R.visit(state, { url: "van-ban/10/", kind: "tom-tat", number: "10", title: "" }, 99);
  const urls = plain(R.recentList(state).map((i) => i.url));
  assert.equal(urls.length, R.MAX_RECENT);
  assert.equal(urls[0], "van-ban/10/");
  assert.equal(urls.filter((u) => u === "van-ban/10/").length, 1);
  assert.equal(urls.includes("van-ban/4/"), false);
});

test("Đọc tiếp: reopening offers the part left, which survives the reopening itself", () => {
  let state = R.visit(R.empty(), CT57, 1);
  assert.equal(R.resumeOffer(state, CT57.url, ""), null);
  state = R.markPart(state, CT57.url, { id: "goi-y", title: "Gợi ý liên hệ" });
  state = R.visit(state, CTR20, 2);
  assert.deepEqual(plain(R.resumeOffer(state, CT57.url, "")), { id: "goi-y", title: "Gợi ý liên hệ" });
  state = R.visit(state, CT57, 3);
  assert.deepEqual(plain(R.resumeOffer(state, CT57.url, "")), { id: "goi-y", title: "Gợi ý liên hệ" });
  assert.equal(R.resumeOffer(state, CT57.url, "#boi-canh"), null, "a link to a part wins");
  state = R.markPart(state, CT57.url, null);
  assert.equal(R.resumeOffer(state, CT57.url, ""), null, "back at the top: nothing to offer");
});

test("the part being read is the last heading above a quarter of the screen", () => {
  const headings = [
    { id: "a", title: "A", top: -900 }, { id: "b", title: "B", top: 120 },
    { id: "c", title: "C", top: 400 },
  ];
  assert.deepEqual(plain(R.currentPart(headings, 740)), { id: "b", title: "B" });
  assert.deepEqual(plain(R.currentPart(headings, 400)), { id: "a", title: "A" });
  assert.equal(R.currentPart([{ id: "a", title: "A", top: 300 }], 740), null);
  assert.equal(R.currentPart([], 740), null);
});

test("dates as Vietnamese writes them, and the kinds' names", () => {
  const ms = new Date(2026, 4, 3, 9, 5).getTime();
  assert.equal(R.formatDate(ms), "03/05/2026");
  assert.equal(R.formatDateTime(ms), "09:05 ngày 03/05/2026");
  assert.deepEqual(["tom-tat", "toan-van", "dot", "?"].map(R.kindLabel),
    ["Bản tóm tắt", "Toàn văn", "Đợt học tập", "Bản tóm tắt"]);
});
