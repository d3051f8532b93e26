/* The Network's widget: the entry module that Library pages embed
   (<script type="module" src="/widget.js">) with mount points
   <div data-scn="thread|forum|members|account|moderation|requests|stats|..." ...>.
   No framework, no build step: browsers load the ES modules under /widget/ natively.
   This module holds only the mounting and the header chrome; each view's module is
   imported when the page has its mount point, so a forum page never downloads the
   account, security or moderation code. */
import { notificationBell } from "./widget/bell.js";
import { capped } from "./widget/format.js";
import { api, cleanups, h, isMember, isModerator, loadVocabulary, navigate, notice, onForumPage, page, session, setRemount } from "./widget/core.js";

/** Each mount point's view, imported on first use: `import()` of its module. */
const VIEWS = {
  account: () => import("./widget/account.js").then((m) => m.accountView),
  asked: () => import("./widget/requests.js").then((m) => m.askedView),
  forum: () => import("./widget/forum.js").then((m) => m.forumView),
  members: () => import("./widget/members.js").then((m) => m.membersView),
  moderation: () => import("./widget/moderation.js").then((m) => m.moderationView),
  reminder: () => import("./widget/reminder.js").then((m) => m.reminderView),
  requests: () => import("./widget/requests.js").then((m) => m.requestsView),
  stats: () => import("./widget/stats.js").then((m) => m.statsView),
  thread: () => import("./widget/thread.js").then((m) => m.threadMount),
};

const PUBLIC_VIEWS = new Set(["account", "asked", "reminder", "stats"]);
/** Views styled by /widget/pages.css as well as /widget.css (kept off the forum page). */
const PAGE_STYLED = new Set(["account", "moderation", "stats"]);

let pageStyles = null;
/** Link /widget/pages.css; resolves when it has loaded (or failed), so a view is never
    drawn unstyled first. Linked again if instant navigation swapped the page's head. */
function linkPageStyles() {
  if (!pageStyles || !pageStyles.link.isConnected) {
    const link = h("link", { rel: "stylesheet", href: new URL("./widget/pages.css", import.meta.url).href });
    const loaded = new Promise((resolve) => {
      link.addEventListener("load", resolve);
      link.addEventListener("error", resolve);
    });
    document.head.append(link);
    pageStyles = { link, loaded };
  }
  return pageStyles.loaded;
}

async function mount(el) {
  const kind = el.dataset.scn;
  const load = VIEWS[kind];
  if (!load) return;
  el.classList.add("scn-widget");
  el.setAttribute("aria-busy", "true");
  try {
    // The view's code downloads while the vocabularies and the session are asked for;
    // if it is not used after all, a failed download is no error of the page's.
    const view = load();
    view.catch(() => {});
    if (kind !== "stats") await loadVocabulary(); // the stats page says itself when the API is away
    if (!PUBLIC_VIEWS.has(kind)) {
      const s = await session();
      const allowed = kind === "moderation" ? isModerator(s) : isMember(s);
      if (!allowed) return (await import("./widget/signin.js")).membersOnly(el, s, kind);
    }
    if (PAGE_STYLED.has(kind)) await linkPageStyles();
    await (await view)(el);
  } catch (err) {
    el.replaceChildren(notice(err.message, "error"));
  } finally {
    el.removeAttribute("aria-busy");
  }
}

function remountPage() {
  cleanups.forEach((stop) => stop());
  cleanups.clear();
  document.querySelectorAll("[data-scn]").forEach(mount);
  session().then(decorateChrome, () => {});
}

setRemount(remountPage);

/** The Library's header and navigation, for who is looking: their name (or "Sign in")
    in the header, the Moderation item only for moderators, and the Network tab
    landing on the forum (members) or the account page (applicants), not on Join.
    Material keeps the header and tabs across instant navigation, so this is idempotent. */
function decorateChrome(s) {
  const same = (a, path) => { try { return new URL(a.getAttribute("href"), location.href).href === page(path); } catch { return false; } };
  document.querySelectorAll(".md-tabs a, .md-nav a").forEach((a) => {
    if (same(a, "moderation/")) { const item = a.closest("li"); if (item) item.hidden = !isModerator(s); }
    if (a.classList.contains("md-tabs__link") && (same(a, "join/") || a.dataset.scnNetwork)) {
      a.dataset.scnNetwork = "true";
      a.setAttribute("href", page(isMember(s) ? "forum/" : s && s.member ? "account/" : "join/"));
    }
  });
  const header = document.querySelector(".md-header__inner");
  if (!header) return;
  let who = header.querySelector(".scn-who");
  if (!who) {
    who = h("a", { class: "scn-who md-header__button" });
    const search = header.querySelector(".md-search") || header.querySelector("label[for=__search]");
    if (search) search.before(who); else header.append(who);
  }
  who.setAttribute("href", page("account/"));
  who.textContent = s && s.member ? s.member.name : "Sign in";
  who.setAttribute("aria-label", s && s.member ? "Your account: signed in as " + s.member.name : "Sign in to the Network");
  let unread = header.querySelector(".scn-unread-count");
  if (!unread) {
    // Outside the forum's mount, so it follows its own link (see forumView).
    unread = h("a", { class: "scn-unread-count md-header__button", hidden: true, onclick: (event) => {
      if (!onForumPage() || event.button !== 0 || event.metaKey || event.ctrlKey) return;
      event.preventDefault();
      event.stopPropagation();
      navigate("#/list/unread");
    } });
    who.after(unread);
  }
  unread.setAttribute("href", page("forum/") + "#/list/unread");
  notificationBell(header, unread, s);
  if (!isMember(s)) { unread.hidden = true; return; }
  api("GET", "/lists/unread?limit=100").then((answer) => {
    const n = answer.threads.length;
    unread.hidden = n === 0;
    unread.textContent = capped(n) + " unread";
    unread.setAttribute("aria-label", (n >= 100 ? "More than 99" : n) + (n === 1 ? " thread" : " threads") + " with unread posts");
  }, () => { unread.hidden = true; });
}

// Material's instant navigation swaps the page without a reload: remount then.
if (window.document$ && window.document$.subscribe) window.document$.subscribe(remountPage);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", remountPage);
else remountPage();
