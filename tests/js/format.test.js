// The widget's text helpers (discussion_api/static/widget/format.js), under node's own
// test runner: `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { capped, characterCount, facilityText, MAX_POST, mentionQuery, number, plural, tooLongMessage } from "../../discussion_api/static/widget/format.js";

test("plural says one and many", () => {
  assert.equal(plural(0, "reply", "replies"), "0 replies");
  assert.equal(plural(1, "reply", "replies"), "1 reply");
  assert.equal(plural(2, "thread", "threads"), "2 threads");
});

test("a hospital is shown with as much of its type and size as the member gave", () => {
  assert.equal(facilityText("Prairie Hospital", "Critical access hospital", 25), "Prairie Hospital · Critical access hospital · 25 beds");
  assert.equal(facilityText("Lakeside", null, 1200), "Lakeside · 1,200 beds");
  assert.equal(facilityText("Lakeside", "Community hospital", null), "Lakeside · Community hospital");
  assert.equal(facilityText("Tiny", undefined, 1), "Tiny · 1 bed");
  assert.equal(facilityText("Zero", "", 0), "Zero · 0 beds");
});

test("a badge's count stops at 99+", () => {
  assert.equal(capped(0), "0");
  assert.equal(capped(99), "99");
  assert.equal(capped(100), "99+");
});

test("numbers are grouped the same in every browser language", () => {
  assert.equal(number(20000), "20,000");
  assert.equal(number(999), "999");
});

test("the character counter says when the text is over the limit", () => {
  assert.deepEqual(characterCount(0), { text: "0 of 20,000 characters", over: false });
  assert.deepEqual(characterCount(MAX_POST), { text: "20,000 of 20,000 characters", over: false });
  assert.deepEqual(characterCount(MAX_POST + 1), { text: "20,001 of 20,000 characters: too long", over: true });
  assert.deepEqual(characterCount(11, 10), { text: "11 of 10 characters: too long", over: true });
});

test("a text too long is refused with its length, the limit and what to do", () => {
  const said = tooLongMessage(100000);
  assert.match(said, /^Your text is 100,000 characters long\. Keep it under 20,000 characters/);
  assert.match(said, /Nothing was sent, and your text is kept\.$/);
});

test("a mention query is the name typed after @, up to the caret", () => {
  assert.equal(mentionQuery("@Al"), "Al");
  assert.equal(mentionQuery("Thanks @Alice Ad"), "Alice Ad");
  assert.equal(mentionQuery("(@bob"), "bob");
  assert.equal(mentionQuery("line one\n@Nora"), "Nora");
});

test("no mention query where @ is not the start of a name", () => {
  assert.equal(mentionQuery("no at sign"), null);
  assert.equal(mentionQuery("@"), null);
  assert.equal(mentionQuery("@ Alice"), null);
  assert.equal(mentionQuery("write to nora@hospital"), null);
  assert.equal(mentionQuery("@@Alice"), null);
  assert.equal(mentionQuery("@one two three four"), null);
  assert.equal(mentionQuery("@one two three"), "one two three");
  assert.equal(mentionQuery("@" + "a".repeat(42)), null);
});
