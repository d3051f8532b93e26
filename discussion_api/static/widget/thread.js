/* A thread: posts, replies, quotes, live updates, a member's and a moderator's
   actions; and a resource page's discussion (started from the page if none yet). */
import { actionButton, announce, api, errorBox, form, h, isModerator, nextId, notice, session, trusted, when } from "./core.js";
import { mentionQuery, plural } from "./format.js";
import { anonymousToggle, caseSection, composer, rulesReminder } from "./composer.js";
import { follow, liveState } from "./live.js";

// A post's status, as its badge says it (visible posts have none).
const POST_STATUS_TEXT = {
  held: "Waiting for a moderator",
  hidden: "Hidden by a moderator",
  deleted: "Deleted",
};

export async function threadView(el, threadId, pageKey, focusPostId) {
  const s = await session();
  const me = s.member;
  if (!threadId) {
    const found = (await api("GET", "/pages/thread?key=" + encodeURIComponent(pageKey))).thread;
    if (!found) return startPageThread(el, pageKey);
    threadId = found.id;
  }
  const data = await api("GET", "/threads/" + threadId);
  const thread = data.thread;
  // The first answer holds up to 50 posts; read the rest before going live, so
  // catching up never presents old posts as new ones.
  for (let batch = data.posts; batch.length >= 50;) {
    batch = (await api("GET", "/threads/" + thread.id + "?after=" + batch[batch.length - 1].id + "&limit=100")).posts;
    data.posts.push(...batch);
  }
  // A moderator's tools load only for moderators.
  const moderation = isModerator(s) ? await import("./threadmod.js") : null;
  const posts = new Map();
  const list = h("ol", { class: "scn-list", "aria-label": "Posts" });
  const state = liveState();
  const newButton = h("button", { type: "button", class: "md-button scn-new-replies", hidden: true });
  let unseen = [];
  let lastId = 0;

  function postEl(p) {
    const body = trusted(h("div", { class: "scn-post__body" }), p.html);
    const actions = h("footer", { class: "scn-meta" });
    const failure = errorBox();
    const act = (text, fn) => actions.append(actionButton(text, fn, failure));
    if (p.status === "visible") {
      act("Quote", () => { reply.area.value += (reply.area.value ? "\n\n" : ""); reply.quote = p.id; reply.area.focus(); reply.quoteNote.textContent = "Quoting " + p.author.name + "."; });
      act((p.helpful_by_me ? "Helpful ✓ " : "Helpful ") + "(" + p.helpful_count + ")", async () => { await api(p.helpful_by_me ? "DELETE" : "PUT", "/posts/" + p.id + "/helpful"); refresh(p.id); });
      if (me.id === p.author.id) act("Edit", () => editPost(p, item));
      if (me.id === p.author.id || isModerator(s)) act("Delete", async () => { if (confirm("Delete this post?")) { await api("DELETE", "/posts/" + p.id); refresh(p.id); } });
      if (me.id !== p.author.id && p.flagged_by_me) actions.append(h("span", {}, "You flagged this post; the moderators will look at it."));
      else if (me.id !== p.author.id) act("Flag", () => flagPost(p, actions));
      if ((me.id === thread.author.id || isModerator(s)) && p.id !== firstId && !p.accepted) {
        act("Accept answer", async () => { await api("PUT", "/threads/" + thread.id + "/accepted", { post_id: p.id }); reload(); });
      }
      if (isModerator(s)) act("Hide (moderator)", () => moderate(p, "hide", actions));
    } else if (p.status === "held" && me.id === p.author.id) {
      act("Edit", () => editPost(p, item));
    } else if (isModerator(s) && p.status === "hidden") {
      act("Restore (moderator)", () => moderate(p, "restore", actions));
    }
    if (p.revision_count > 1) act("History (" + p.revision_count + ")", () => history(p, item));
    const item = h("li", { class: "scn-post" + (p.status !== "visible" ? " scn-post--hidden" : "") + (p.accepted ? " scn-post--accepted" : "") + (unread.has(p.id) ? " scn-post--unread" : ""), id: "scn-post-" + p.id, "data-post-id": p.id },
      h("header", {}, h("strong", {}, p.author.name), p.author.role !== "member" && h("span", { class: "scn-badge" }, p.author.role),
        p.author.anonymous && p.author.id > 0 && h("span", { class: "scn-badge" }, me.id === p.author.id ? "Posted anonymously: others see “Anonymous member”" : "Anonymous to members"),
        when(p.created_at), p.edited_at && h("span", {}, "edited"), p.accepted && h("span", { class: "scn-badge" }, "Accepted answer"),
        p.status !== "visible" && h("span", { class: "scn-badge" }, POST_STATUS_TEXT[p.status] || p.status),
        unread.has(p.id) && h("span", { class: "scn-badge scn-badge--unread" }, "New since your last visit")),
      p.quote && h("blockquote", { class: "scn-quote" },
        h("p", { class: "scn-quote__who" }, h("a", { href: "#scn-post-" + p.quote.post_id, onclick: (event) => showPost(event, p.quote.post_id) }, p.quote.author.name + " wrote:")),
        trusted(h("div"), p.quote.html)),
      body, actions, failure);
    return item;
  }

  const firstId = data.posts.length ? data.posts[0].id : 0;
  // Posts after the member's read position (known before this visit marks them read);
  // on a first visit every post is new, so none is marked.
  const visiblePosts = data.posts.filter((p) => p.status === "visible");
  const unread = new Set(thread.unread_count > 0 && thread.unread_count < visiblePosts.length
    ? visiblePosts.slice(-thread.unread_count).map((p) => p.id) : []);

  /** A quoted post's link: bring the post into view (the address stays the thread's). */
  function showPost(event, postId) {
    const target = posts.get(postId);
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "start" });
    target.focus();
  }

  function place(p, fresh) {
    lastId = Math.max(lastId, p.id);
    const item = postEl(p);
    const old = posts.get(p.id);
    posts.set(p.id, item);
    if (old) return old.replaceWith(item);
    list.append(item);
    if (!fresh) return;
    item.classList.add("scn-post--new");
    announce("New reply from " + p.author.name + ".");
    const rect = list.getBoundingClientRect();
    if (rect.bottom > window.innerHeight + 40) {
      unseen.push(item);
      newButton.textContent = plural(unseen.length, "new reply", "new replies") + " ↓";
      newButton.hidden = false;
    }
  }

  newButton.addEventListener("click", () => {
    const first = unseen[0];
    unseen = [];
    newButton.hidden = true;
    if (first) { first.scrollIntoView({ block: "center" }); first.setAttribute("tabindex", "-1"); first.focus(); }
  });

  // Background updates: a failure here is a dropped connection, and the next
  // reconnect ("live") catches up again, so nothing is lost by ignoring it.
  async function catchUp() {
    try {
      const more = await api("GET", "/threads/" + thread.id + "?after=" + lastId);
      more.posts.forEach((p) => place(p, true));
      if (more.posts.length) await api("PUT", "/threads/" + thread.id + "/read", { post_id: lastId });
    } catch { /* see above */ }
  }

  async function refresh(postId) {
    try {
      const one = await api("GET", "/threads/" + thread.id + "?after=" + (postId - 1) + "&limit=1");
      one.posts.filter((p) => p.id === postId).forEach((p) => place(p, false));
      if (!one.posts.some((p) => p.id === postId) && posts.has(postId)) { posts.get(postId).remove(); posts.delete(postId); }
    } catch { /* see above */ }
  }

  let stopLive = null;
  const reload = () => {
    stopLive();
    return threadView(el, thread.id, pageKey).catch((err) => el.replaceChildren(notice(err.message, "error")));
  };

  function editPost(p, item) {
    const editor = composer({
      draftKey: "edit:" + p.id, label: "Edit your post", action: "Save changes", initial: p.markdown,
      cancel: () => editor.replaceWith(item),
      async send(body, key, composerForm, extra) { await api("PATCH", "/posts/" + p.id, { body, ...extra }); editor.replaceWith(item); refresh(p.id); },
    });
    item.replaceWith(editor);
    editor.area.focus();
  }

  async function history(p, item) {
    const revisions = (await api("GET", "/posts/" + p.id + "/revisions")).revisions;
    const box = h("details", { open: true, class: "scn-history" }, h("summary", {}, "Revision history"),
      revisions.map((r) => h("div", {}, h("p", { class: "scn-meta" }, "Version written ", when(r.written_at)), trusted(h("div", {}), r.html))));
    item.append(box);
  }

  function flagPost(p, actions) {
    actions.append(form({
      label: "Flag this post", action: "Send to moderators",
      fields: [{ name: "reason", label: "What is wrong with this post?", type: "textarea", required: true, rows: 2, max: 2000 }],
      async submit(values) { await api("POST", "/posts/" + p.id + "/flags", values); announce("Thank you; the moderators will look at it."); refresh(p.id); },
    }));
  }

  function moderate(p, action, actions) {
    actions.append(moderation.postDecision(p, action, () => refresh(p.id)));
  }

  const reply = composer({
    draftKey: "thread:" + thread.id, label: "Your reply", action: "Post reply", parts: [rulesReminder(), anonymousToggle()],
    async send(body, key, composerForm, extra) {
      const payload = { body, ...extra };
      if (reply.quote) payload.quote_post_id = reply.quote;
      const p = await api("POST", "/threads/" + thread.id + "/posts", payload, { "Idempotency-Key": key });
      reply.quote = null;
      reply.quoteNote.textContent = "";
      place(p, false);
      announce("Reply posted.");
    },
  });
  offerMentions(reply.area, thread.id);
  reply.quoteNote = h("p", { class: "scn-meta", "aria-live": "polite" });
  reply.prepend(reply.quoteNote);

  const followFailure = errorBox();
  const followButton = actionButton(thread.following ? "Following" : "Follow", async () => {
    const on = followButton.getAttribute("aria-pressed") !== "true";
    await api(on ? "PUT" : "DELETE", "/threads/" + thread.id + "/follow");
    followButton.setAttribute("aria-pressed", String(on));
    followButton.textContent = on ? "Following" : "Follow";
  }, followFailure, "md-button");
  followButton.setAttribute("aria-pressed", String(thread.following));
  const modTools = moderation && moderation.threadTools(thread, await categoryOptions(), reload);

  el.replaceChildren(
    h("div", { class: "scn-thread" },
      h("h2", {}, thread.title, thread.pinned && h("span", { class: "scn-badge" }, "Pinned"), thread.locked && h("span", { class: "scn-badge" }, "Locked")),
      h("p", { class: "scn-actions" }, followButton, unread.size ? h("button", { type: "button", class: "md-button", onclick: (event) => showPost(event, [...unread][0]) },
        "Jump to the first unread post (" + unread.size + ")") : null), followFailure, modTools, state, list, newButton,
      thread.locked ? notice("This thread is locked: no new replies.") : reply));
  data.posts.forEach((p) => place(p, false));
  if (focusPostId && posts.has(focusPostId)) focusPost(posts.get(focusPostId));
  if (lastId) api("PUT", "/threads/" + thread.id + "/read", { post_id: lastId }).catch(() => {});
  stopLive = follow(["thread:" + thread.id], (type, payload) => {
    if (type.startsWith("thread.")) return type === "thread.created" ? null : reload();
    if (!payload.post_id || payload.post_id > lastId) catchUp();
    else refresh(payload.post_id);
  }, (st) => { state.set(st); if (st === "live") catchUp(); }, reload);
}

/** @mentions in a reply: the suggestions' code (mentions.js) loads when the writer
    first types "@" and the start of a name. */
function offerMentions(area, threadId) {
  const first = () => {
    if (mentionQuery(area.value.slice(0, area.selectionStart)) == null) return;
    area.removeEventListener("input", first);
    import("./mentions.js").then((m) => {
      m.mentionSuggestions(area, threadId);
      area.dispatchEvent(new Event("input"));  // names for what is typed already
    }, () => area.addEventListener("input", first));
  };
  area.addEventListener("input", first);
}

export async function categoryOptions(all) {
  const categories = (await api("GET", "/categories")).categories.filter((c) => all || !c.archived);
  return categories.map((c) => [String(c.id), c.name]);
}

async function startPageThread(el, pageKey) {
  const options = await categoryOptions();
  const heading = document.querySelector("h1");
  const category = h("select", { id: nextId("scn-cat-"), name: "category_id" }, options.map(([v, l]) => h("option", { value: v }, l)));
  const title = h("input", { id: nextId("scn-title-"), name: "title", required: true, maxlength: 200, value: heading ? heading.textContent.trim().slice(0, 200) : "" });
  const start = composer({
    draftKey: "page:" + pageKey, label: "Your question or comment", action: "Start the discussion", title,
    fields: [h("div", { class: "scn-field" }, h("label", { for: title.id }, "Title"), title), h("div", { class: "scn-field" }, h("label", { for: category.id }, "Category"), category)],
    parts: [rulesReminder(), await caseSection(), anonymousToggle()],
    async send(body, key, composerForm, extra) {
      await api("POST", "/threads", { category_id: Number(category.value), title: title.value, body, page_key: pageKey, ...extra }, { "Idempotency-Key": key });
      await threadView(el, null, pageKey);
    },
  });
  el.replaceChildren(h("p", {}, "Nobody has discussed this page yet. Ask a question or share how you use it."), start);
}

export function threadMount(el) {
  return threadView(el, null, el.dataset.scnKey);
}

/** Bring a post into view and focus (a notification's link names it: #/t/3/p/9). */
function focusPost(item) {
  item.setAttribute("tabindex", "-1");
  item.classList.add("scn-post--target");
  item.scrollIntoView({ block: "center" });
  item.focus();
}
