/* The forum page: categories, threads, lists across categories and search, each
   view with an address in the hash (#/c/1, #/t/2, #/list/unread, #/search/q). */
import { actionButton, api, cleanups, errorBox, form, h, navigate, nextId, notice, setForumNavigate, trusted, when } from "./core.js";
import { plural } from "./format.js";
import { forumRoute, searchAddress } from "./routes.js";
import { anonymousToggle, caseSection, composer, rulesReminder } from "./composer.js";
import { categoryOptions, threadView } from "./thread.js";

/** The forum's views live in the address's hash (#/c/1, #/t/2, #/search/q), so every
    view has an address, and back and forward work. Material's instant navigation
    takes over every same-origin link click and changes the address with
    history.pushState, which fires no `hashchange`: so the widget follows its own
    links itself (before the click reaches Material on <body>), and re-routes on
    `popstate` and `hashchange` alike, whoever changed the address. */
export async function forumView(el) {
  const path = location.pathname;
  let shown = null;
  const route = () => {
    shown = location.hash;
    cleanups.forEach((stop) => { if (!stop.keep) { stop(); cleanups.delete(stop); } });
    const r = forumRoute(location.hash);
    const here = r.view === "categories" ? "#/" : r.view === "list" ? location.hash : null;
    const crumbs = h("nav", { class: "scn-crumbs", "aria-label": "Forum" },
      [["#/", "All categories"], ...Object.entries(LISTS).map(([kind, l]) => ["#/list/" + kind, l.name])].map(([href, text], i) =>
        [i ? " · " : "", h("a", { href, "aria-current": href === here ? "page" : null }, text)]));
    const slot = h("div");
    el.replaceChildren(crumbs, slot);
    const show = r.view === "categories" ? categoriesView(slot) : r.view === "category" ? categoryView(slot, r.id)
      : r.view === "thread" ? threadView(slot, r.id, null, r.postId) : r.view === "list" ? listView(slot, r.kind) : searchView(slot, r.query, r.categoryId);
    return show.catch((err) => slot.replaceChildren(notice(err.message, "error")));
  };
  const onAddress = () => {
    // Another page (Material is swapping it in) or the view already shown: nothing to do.
    if (location.pathname !== path || location.hash === shown || !el.isConnected) return;
    route();
  };
  el.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a[href]");
    if (!link || link.target || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || url.pathname !== path || !/^#\/|^$/.test(url.hash)) return;
    event.preventDefault();
    event.stopPropagation();
    navigate(url.hash || "#/");
  });
  setForumNavigate((hash) => {
    if (hash !== location.hash) history.pushState(null, "", hash);
    onAddress();
  });
  window.addEventListener("popstate", onAddress);
  window.addEventListener("hashchange", onAddress);
  const unhook = () => {
    window.removeEventListener("popstate", onAddress);
    window.removeEventListener("hashchange", onAddress);
    setForumNavigate(null);
  };
  unhook.keep = true;
  cleanups.add(unhook);
  await route();
}

/** What's new at a glance: lists across categories (GET /lists/{kind}). */
const LISTS = {
  latest: { name: "Latest", empty: "No threads yet." },
  unanswered: { name: "Unanswered", empty: "Every thread has a reply. Thank you!" },
  unread: { name: "Unread", empty: "You have read everything." },
  following: { name: "Following", empty: "You follow no threads yet. Use Follow on a thread to see it here." },
};

async function listView(slot, kind) {
  const list = LISTS[kind];
  if (!list) return slot.replaceChildren(notice("There is no such list.", "error"));
  const [answer, options] = await Promise.all([api("GET", "/lists/" + kind + "?limit=50"), categoryOptions(true)]);
  const category = (id) => (options.find(([v]) => Number(v) === id) || [0, ""])[1];
  slot.replaceChildren(h("h2", {}, list.name), answer.threads.length
    ? threadItems(h("ul", { class: "scn-list", "aria-label": list.name + " threads" }), answer.threads, category)
    : notice(list.empty));
}

/** Thread rows: title link, then who, replies, unread, state (and the category if given). */
function threadItems(ul, threads, category) {
  ul.append(...threads.map((t) => h("li", {},
    t.pinned && h("span", { class: "scn-badge" }, "Pinned"), " ", h("a", { href: "#/t/" + t.id }, t.title), " ",
    t.unread_count ? h("span", { class: "scn-badge scn-badge--unread" }, t.unread_count + " unread") : null, " ",
    h("span", { class: "scn-meta" }, category ? category(t.category_id) + " · " : "", t.author.name, " · ", plural(t.post_count - 1, "reply", "replies"),
      t.accepted_post_id ? " · answered" : "", t.locked ? " · locked" : ""))));
  return ul;
}

/** The search form; a search's address is #/search/WORDS, or #/search/WORDS?c=ID in one category. */
function searchBox(categories, value, categoryId) {
  const el = form({
    label: "Search the forum", action: "Search",
    fields: [{ name: "q", label: "Search posts (the start of a word is enough)", type: "search", required: true, max: 200, value },
      { name: "c", label: "In", type: "select", options: [["", "All categories"], ...categories], value: categoryId || "" }],
    async submit(values) { navigate(searchAddress(values.q, values.c)); },
  });
  el.classList.add("scn-search");
  return el;
}

async function categoriesView(slot) {
  const categories = (await api("GET", "/categories")).categories;
  slot.replaceChildren(searchBox(categories.filter((c) => !c.archived).map((c) => [String(c.id), c.name])), h("ul", { class: "scn-list", "aria-label": "Categories" }, categories.filter((c) => !c.archived).map((c) =>
    h("li", {}, h("a", { href: "#/c/" + c.id }, h("strong", {}, c.name)), " ", h("span", { class: "scn-meta" }, plural(c.thread_count, "thread", "threads"), c.groups && c.groups.length ? " · members of its groups only" : ""), h("br"), c.description))));
}

const THREADS_PAGE = 50;

async function categoryView(slot, categoryId) {
  const threadsPath = "/categories/" + categoryId + "/threads?limit=" + THREADS_PAGE + "&offset=";
  const [first, options] = await Promise.all([api("GET", threadsPath + 0), categoryOptions()]);
  const name = (options.find(([v]) => Number(v) === categoryId) || [0, "Category"])[1];
  const title = h("input", { id: nextId("scn-title-"), name: "title", required: true, minlength: 3, maxlength: 200 });
  const start = composer({
    draftKey: "category:" + categoryId, label: "Your question or topic", action: "Start thread", title,
    fields: [h("div", { class: "scn-field" }, h("label", { for: title.id }, "Title"), title)],
    parts: [rulesReminder(), await caseSection(), anonymousToggle()],
    async send(body, key, composerForm, extra) {
      const made = await api("POST", "/threads", { category_id: categoryId, title: title.value, body, ...extra }, { "Idempotency-Key": key });
      navigate("#/t/" + made.thread.id);
    },
  });
  const list = h("ul", { class: "scn-list", "aria-label": "Threads" });
  const failure = errorBox();
  let shown = 0;
  const more = actionButton("Show more threads", async () => show((await api("GET", threadsPath + shown)).threads), failure, "md-button");
  function show(threads) {
    shown += threads.length;
    threadItems(list, threads);
    more.hidden = threads.length < THREADS_PAGE;
  }
  show(first.threads);
  slot.replaceChildren(h("h2", {}, name), ...(shown ? [list, more, failure] : [notice("No threads yet. Start the first one below.")]),
    h("h3", {}, "Start a new thread"), start);
}

async function searchView(slot, q, categoryId) {
  const [answer, options] = await Promise.all([
    api("GET", "/search?q=" + encodeURIComponent(q) + (categoryId ? "&category_id=" + encodeURIComponent(categoryId) : "")), categoryOptions()]);
  const results = answer.results;
  slot.replaceChildren(searchBox(options, q, categoryId), h("p", { role: "status" }, results.length + (results.length === 1 ? " post matches." : " posts match.")),
    h("ul", { class: "scn-list", "aria-label": "Search results" }, results.map((r) => h("li", {},
      h("a", { href: "#/t/" + r.thread_id }, r.thread_title), " ", h("span", { class: "scn-meta" }, r.author.name, " · ", when(r.created_at)),
      // Snippets are escaped text with <mark> around matches, built by the server.
      trusted(h("p", { class: "scn-snippet" }), r.snippet)))));
}
