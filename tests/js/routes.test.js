// The forum's addresses (discussion_api/static/widget/routes.js): #/c/1, #/t/3, #/t/3/p/9,
// #/list/unread, #/search/words?c=2. Run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { test } from "node:test";

import { forumRoute, searchAddress } from "../../discussion_api/static/widget/routes.js";

test("no forum address, or another hash, is the list of categories", () => {
  for (const hash of ["", "#", "#/", "#scn-post-4", "#/x/1", "#/t/"]) {
    assert.deepEqual(forumRoute(hash), { view: "categories" }, hash);
  }
});

test("a category", () => {
  assert.deepEqual(forumRoute("#/c/12"), { view: "category", id: 12 });
});

test("a thread, and a post in it", () => {
  assert.deepEqual(forumRoute("#/t/3"), { view: "thread", id: 3, postId: null });
  assert.deepEqual(forumRoute("#/t/3/p/9"), { view: "thread", id: 3, postId: 9 });
});

test("a list across categories", () => {
  assert.deepEqual(forumRoute("#/list/unread"), { view: "list", kind: "unread" });
});

test("a search, in all categories or in one", () => {
  assert.deepEqual(forumRoute("#/search/lactate"), { view: "search", query: "lactate", categoryId: null });
  assert.deepEqual(forumRoute("#/search/blood%20cultures?c=2"), { view: "search", query: "blood cultures", categoryId: "2" });
});

test("a search address typed by hand with a stray % is searched as typed", () => {
  assert.deepEqual(forumRoute("#/search/100%"), { view: "search", query: "100%", categoryId: null });
});

test("a search's address reads back as the same search", () => {
  for (const [query, categoryId] of [["lactate", ""], ["blood cultures & fluids?", "3"], ["50% / #1", null]]) {
    const route = forumRoute(searchAddress(query, categoryId));
    assert.deepEqual(route, { view: "search", query, categoryId: categoryId || null });
  }
});
