/* The forum's addresses: each view lives in the hash (#/c/1, #/t/2, #/t/2/p/9,
   #/list/unread, #/search/words?c=3). Pure functions (no DOM), unit-tested under node
   (tests/js/routes.test.js). */

/** The view a forum address names, with its parameters. */
export function forumRoute(hash) {
  const m = /^#\/(c|t|search|list)\/(.+)$/.exec(hash);
  if (!m) return { view: "categories" };
  if (m[1] === "c") return { view: "category", id: Number(m[2]) };
  if (m[1] === "list") return { view: "list", kind: m[2] };
  if (m[1] === "t") {
    const post = /\/p\/(\d+)$/.exec(m[2]);
    return { view: "thread", id: parseInt(m[2], 10), postId: post ? Number(post[1]) : null };
  }
  const [words, categoryId] = m[2].split("?c=");
  let query = words;
  try { query = decodeURIComponent(words); } catch { /* a hand-typed "%": search the text as typed */ }
  return { view: "search", query, categoryId: categoryId || null };
}

/** The address of a search, in one category if `categoryId` is given. */
export function searchAddress(query, categoryId) {
  return "#/search/" + encodeURIComponent(query) + (categoryId ? "?c=" + categoryId : "");
}
