/* Moderation: the join queue, flags, posts held for review, the audit log, and the
   admins' tools (auto-approved domains, categories, outgoing email). */
import { actionButton, announce, api, errorBox, form, h, isAdmin, label, notice, page, PROFESSIONS, session, STATES, trusted, when } from "./core.js";
import { forumExport } from "./rights.js";
import { verificationQueue } from "./standing.js";

/** Moderation, drawn again after each decision: busy until every queue has arrived, so
    assistive technology (and anyone watching) knows the page is being replaced. */
export async function moderationView(el) {
  el.setAttribute("aria-busy", "true");
  try {
    await drawModeration(el);
  } finally {
    el.removeAttribute("aria-busy");
  }
}

async function drawModeration(el) {
  const s = await session();
  const [applications, flags, held, audit] = await Promise.all([api("GET", "/mod/applications"), api("GET", "/mod/flags"), api("GET", "/mod/held"), api("GET", "/mod/audit")]);
  const decide = (a, action, needsReason) => form({
    label: action.replace("-", " ") + " " + a.name, action: action === "approve" ? "Approve" : action === "reject" ? "Reject" : "Ask for more information",
    buttonClass: action === "approve" ? "md-button md-button--primary" : action === "reject" ? "md-button scn-button--danger" : "md-button",
    fields: [{ name: "reason", label: needsReason ? "Message to the applicant" : "Note for the audit log (optional)", type: "textarea", required: needsReason, rows: 2, max: 2000 }],
    async submit(values) { await api("POST", "/mod/applications/" + a.id + "/" + action, values); announce("Done."); moderationView(el); },
  });
  // Inside h(), conditional parts that are false are left out (replaceChildren would print them).
  el.replaceChildren(h("div", {},
    h("h2", {}, "Applications (" + applications.applications.length + ")"),
    applications.applications.length ? h("ul", { class: "scn-list", "aria-label": "Applications" }, applications.applications.map((a) => h("li", {},
      h("strong", {}, a.name), " · ", a.email, " · ", a.status === "info_requested" ? "waiting for the applicant's answer" : a.verified_at ? "email confirmed" : "email not confirmed", h("br"),
      [label(PROFESSIONS, a.professional_role), a.credentials, a.job_title, a.facility, [a.city, label(STATES, a.state)].filter(Boolean).join(", "), a.bed_count != null && a.bed_count + " beds", a.is_coordinator && "sepsis coordinator"].filter(Boolean).join(" · "),
      a.applicant_note && h("blockquote", {}, "Applicant's answer: ", a.applicant_note),
      h("details", {}, h("summary", {}, "Decide"), decide(a, "approve", false), decide(a, "reject", true), decide(a, "request-info", true)))))
      : notice("No applications are waiting."),
    h("h2", {}, "Flagged posts (" + flags.flags.length + ")"),
    flags.flags.length ? h("ul", { class: "scn-list", "aria-label": "Flagged posts" }, flags.flags.map((f) => h("li", {},
      h("p", {}, h("strong", {}, f.reporter.name), " flagged a post by ", h("strong", {}, f.post.author.name), ": ", f.reason),
      trusted(h("div", { class: "scn-quote" }), f.post.html),
      h("p", {}, h("a", { href: page("forum/") + "#/t/" + f.post.thread_id }, "Open the thread")),
      f.post.status === "visible" && form({ label: "Hide the post", action: "Hide post", fields: [{ name: "reason", label: "Reason for hiding", type: "textarea", required: true, rows: 2, max: 2000 }],
        // Hiding resolves every open flag on the post, server-side: nothing to dismiss.
        async submit(values) { await api("POST", "/mod/posts/" + f.post.id + "/hide", values); announce("Post hidden; its flags are resolved."); await moderationView(el); } }),
      form({ label: "Dismiss the flag", action: "Dismiss flag", fields: [{ name: "reason", label: "Why no action is needed", type: "textarea", required: true, rows: 2, max: 2000 }],
        async submit(values) { await api("POST", "/mod/flags/" + f.id + "/dismiss", values); announce("Flag dismissed."); await moderationView(el); } }))))
      : notice("No open flags."),
    heldPosts(held.posts, () => moderationView(el)),
    await verificationQueue(() => moderationView(el)),
    isAdmin(s) && await adminTools(() => moderationView(el)),
    isAdmin(s) && await outboxView(),
    isAdmin(s) && forumExport(),
    h("h2", {}, "Audit log"),
    !audit.entries.length && notice("No moderator actions yet."),
    h("table", { class: "scn-table" }, h("caption", { class: "scn-sr" }, "Moderator actions, newest first"),
      h("thead", {}, h("tr", {}, ["When", "Who", "Action", "Target", "Why"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, audit.entries.map((e) => h("tr", {}, h("td", {}, when(e.created_at, true)), h("td", {}, e.actor_name || "automatic"), h("td", {}, e.action.replace(/_/g, " ")), h("td", {}, e.target_name || e.target_type + " " + e.target_id), h("td", {}, e.reason)))))));
}

/** Posts whose authors confirmed what the patient-information guard found: nobody
    else sees them until a moderator approves; a rejected one stays hidden. */
function heldPosts(posts, refresh) {
  const decide = (p, action) => form({
    label: (action === "approve" ? "Approve" : "Reject") + " the post", action: action === "approve" ? "Approve post" : "Reject post",
    fields: [{ name: "reason", label: "Reason (kept in the audit log)", type: "textarea", required: true, rows: 2, max: 2000 }],
    async submit(values) { await api("POST", "/mod/held/" + p.id + "/" + action, values); announce(action === "approve" ? "Post approved." : "Post rejected."); refresh(); },
  });
  return h("section", { "aria-labelledby": "scn-held-h" }, h("h2", { id: "scn-held-h" }, "Held for review (" + posts.length + ")"),
    posts.length ? h("ul", { class: "scn-list", "aria-label": "Held posts" }, posts.map((p) => h("li", {},
      h("p", {}, "By ", h("strong", {}, p.author.name), " · ", when(p.created_at)),
      trusted(h("div", { class: "scn-quote" }), p.html),
      h("p", {}, h("a", { href: page("forum/") + "#/t/" + p.thread_id }, "Open the thread")),
      decide(p, "approve"), decide(p, "reject"))))
      : notice("No posts are waiting."));
}

/** Admins: the auto-approved email domains and the forum's categories. */
async function adminTools(refresh) {
  const [domains, categories] = await Promise.all([api("GET", "/admin/domains"), api("GET", "/categories")]);
  const failure = errorBox();
  return h("section", { "aria-labelledby": "scn-admin-h" }, h("h2", { id: "scn-admin-h" }, "Administration"), failure,
    h("h3", {}, "Auto-approved email domains"),
    h("p", {}, "Applicants who confirm an address at one of these domains are approved without review."),
    domains.domains.length ? h("ul", { class: "scn-list", "aria-label": "Auto-approved domains" }, domains.domains.map((d) => h("li", {}, d.domain, " ",
      actionButton("Remove " + d.domain, async () => { await api("DELETE", "/admin/domains/" + encodeURIComponent(d.domain)); refresh(); }, failure))))
      : notice("No domains yet."),
    form({ label: "Add a domain", action: "Add domain", fields: [{ name: "domain", label: "Domain (e.g. hospital.example.org)", required: true, max: 253 }],
      async submit(values) { await api("POST", "/admin/domains", values); refresh(); } }),
    h("h3", {}, "Categories"),
    h("ul", { class: "scn-list", "aria-label": "Categories" }, categories.categories.map((c) => h("li", {}, h("strong", {}, c.name), c.archived ? " (archived) " : " ",
      actionButton((c.archived ? "Restore " : "Archive ") + c.name, async () => { await api("PATCH", "/categories/" + c.id, { archived: !c.archived }); refresh(); }, failure)))),
    form({ label: "Add a category", action: "Add category", fields: [
      { name: "name", label: "Name", required: true, max: 120 },
      { name: "slug", label: "Short name for links (lower case and hyphens)", required: true, max: 60 },
      { name: "description", label: "What belongs here", max: 200 }],
      async submit(values) { await api("POST", "/categories", values); refresh(); } }));
}

/** Admins: the outbox, queued, sent and failed (no bodies). */
async function outboxView() {
  const answer = await api("GET", "/admin/outbox?limit=50");
  const c = answer.counts;
  return h("section", { "aria-labelledby": "scn-outbox-h" }, h("h2", { id: "scn-outbox-h" }, "Outgoing email"),
    h("p", {}, c.queued + " queued · " + c.sent + " sent · " + c.failed + " failed"),
    answer.mail.length ? h("table", { class: "scn-table" }, h("caption", { class: "scn-sr" }, "Latest emails, newest first"),
      h("thead", {}, h("tr", {}, ["Written", "To", "Subject", "Status", "Tries", "Last error"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, answer.mail.map((m) => h("tr", {}, h("td", {}, when(m.created_at, true)), h("td", {}, m.recipient), h("td", {}, m.subject),
        h("td", {}, m.status), h("td", {}, String(m.attempts)), h("td", {}, m.last_error || "")))))
      : notice("No email yet."));
}
