// "Lưu để đọc khi không có mạng": the pure part of theme/assets/sotay-offline.js (sizes, progress,
// what is left to download, what the control says), run under Node with no DOM.
// Run with `node --test tests/js/`; tests/test_offline.py runs it too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const SOURCE = readFileSync(new URL("../../theme/assets/sotay-offline.js", import.meta.url), "utf8");
const sandbox = {};
vm.runInNewContext(`${SOURCE}\nthis.O = SotayOffline;`, sandbox);
const O = sandbox.O;
const plain = (value) => JSON.parse(JSON.stringify(value));

const MANIFEST = O.parseManifest({
  version: "v2",
  files: [
    { url: "./", bytes: 2_000_000, title: "Trang chủ" },
    { url: "assets/sotay.css", bytes: 1_000_000 },
    { url: "van-ban/57-ct-tw/", bytes: 2_100_000, title: "57-CT/TW" },
    { url: "https://elsewhere.example/x.js", bytes: 5 },
    { url: "../../etc/passwd", bytes: 5 },
  ],
});

test("sizes and counts are written as Vietnamese writes them", () => {
  assert.equal(O.megabytes(2_100_000), "2,1");
  assert.equal(O.megabytes(5_049_999), "5,0");
  assert.equal(O.megabytes(0), "0,0");
  assert.equal(O.megabytes(1_234_500_000), "1.234,5");
  assert.equal(O.count(37), "37");
  assert.equal(O.count(10000), "10.000");
  assert.equal(O.count(1234567), "1.234.567");
  assert.equal(
    O.progressText({ pages: 37, totalPages: 120, bytes: 2_100_000, totalBytes: 5_000_000 }),
    "Đã lưu 37/120 trang · 2,1/5,0 MB",
  );
});

test("the time of saving is the reader's clock, hours first, day before month", () => {
  assert.equal(O.stamp(new Date(2026, 11, 1, 14, 5).getTime()), "14:05, 01/12/2026");
  assert.equal(O.stamp(new Date(2026, 2, 9, 8, 30).getTime()), "08:30, 09/03/2026");
});

test("a manifest keeps only relative URLs inside the site and adds up pages and bytes", () => {
  assert.deepEqual(plain(MANIFEST.files.map((f) => f.url)), ["./", "assets/sotay.css", "van-ban/57-ct-tw/"]);
  assert.equal(MANIFEST.pages, 2);
  assert.equal(MANIFEST.bytes, 5_100_000);
  assert.equal(O.parseManifest({ files: [] }), null);
  assert.equal(O.parseManifest(null), null);
});

test("a stored status is read back, and anything else is none", () => {
  const saved = O.status("v2", 1000, true, 2, 4_100_000);
  assert.deepEqual(plain(O.parseStatus(JSON.stringify(saved))), plain(saved));
  for (const bad of [null, "", "{", '{"v":2,"version":"x"}', '{"v":1}']) assert.equal(O.parseStatus(bad), null, bad);
});

test("a stopped copy of this build downloads only what it misses", () => {
  const saved = O.status("v2", 0, false, 1, 2_000_000);
  const { todo, progress } = O.plan(MANIFEST, saved, (url) => url === "./");
  assert.deepEqual(plain(todo.map((f) => f.url)), ["assets/sotay.css", "van-ban/57-ct-tw/"]);
  assert.deepEqual(plain(progress), { pages: 1, bytes: 2_000_000, totalPages: 2, totalBytes: 5_100_000, failed: 0 });
});

test("a copy of another build is downloaded again whole", () => {
  const saved = O.status("v1", 1000, true, 2, 4_000_000);
  const { todo, progress } = O.plan(MANIFEST, saved, () => true);
  assert.equal(todo.length, 3);
  assert.equal(progress.pages, 0);
  assert.equal(O.plan(MANIFEST, null, () => true).todo.length, 3);
});

test("the control shows the size first, then when it was saved, then a newer build", () => {
  const at = new Date(2026, 11, 1, 14, 5).getTime();
  assert.deepEqual(plain(O.view(null, MANIFEST, 0, true)), {
    label: "Lưu để đọc khi không có mạng", action: "save",
    note: "Cả sổ tay: 2 trang · 5,1 MB, tải một lần về máy này.",
  });
  const done = O.status("v2", at, true, 2, 5_100_000);
  assert.equal(O.view(done, MANIFEST, 3, true).note, "Đã lưu lúc 14:05, 01/12/2026 · 2 trang · 5,1 MB, đọc được khi không có mạng.");
  assert.equal(O.view(done, null, null, false).label, "Lưu lại");
  const old = O.status("v1", at, true, 2, 5_000_000);
  assert.deepEqual(plain(O.view(old, MANIFEST, 3, true)), {
    label: "Có bản mới — cập nhật bản lưu", action: "update",
    note: "Bản lưu lúc 14:05, 01/12/2026 là bản cũ. Bản mới: 2 trang · 5,1 MB.",
  });
  assert.match(O.view(done, MANIFEST, 1, true).note, /đã bị trình duyệt xóa bớt \(còn 1\/3 tệp\)/);
  assert.equal(O.view(O.status("v2", 0, false, 1, 2_000_000), MANIFEST, 1, true).label, "Lưu tiếp");
  assert.deepEqual(plain(O.view(null, null, null, false)), {
    label: "Lưu để đọc khi không có mạng", action: "none", note: "Cần có mạng để lưu cả sổ tay.",
  });
});

test("a run ends saying why", () => {
  const progress = { pages: 37, totalPages: 120, bytes: 2_100_000, totalBytes: 5_000_000, failed: 3 };
  assert.equal(O.endText(progress, "done"), "Đã lưu xong 120 trang, đọc được cả khi không có mạng.");
  assert.equal(O.endText(progress, "cancelled"), "Đã dừng. Đã lưu 37/120 trang · 2,1/5,0 MB.");
  assert.match(O.endText(progress, "failed"), /^Chưa lưu được 3 tệp/);
  assert.match(O.endText(progress, "full"), /^Máy không còn đủ chỗ trống/);
});
