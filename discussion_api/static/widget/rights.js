/* Data rights: a member's own data (download, read on the page), leaving the Network,
   and the admins' export of the whole forum. */
import { actionButton, announce, api, errorBox, form, h, notice, remountAll, session } from "./core.js";

/** A JSON document offered as a file download, built in the browser (no second request). */
function downloadJson(data, filename) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Everything the Network holds about the member, readable: each part as a table. */
function readableExport(data) {
  const parts = Object.entries(data).filter(([, rows]) => Array.isArray(rows));
  return h("div", { class: "scn-export" }, parts.map(([name, rows]) => h("section", {},
    h("h3", {}, name.replace(/_/g, " ")),
    rows.length ? h("table", {},
      h("thead", {}, h("tr", {}, Object.keys(rows[0]).map((key) => h("th", { scope: "col" }, key.replace(/_/g, " "))))),
      h("tbody", {}, rows.map((row) => h("tr", {}, Object.values(row).map((value) => h("td", {}, value == null ? "" : String(value)))))))
      : h("p", {}, "Nothing."))));
}

export function yourData(m) {
  const failure = errorBox();
  const shown = h("div");
  const download = actionButton("Download everything about you (JSON)", async () => {
    downloadJson(await api("GET", "/account/export"), "my-network-data.json");
    shown.replaceChildren(notice("Downloaded as my-network-data.json."));
  }, failure, "md-button");
  const show = actionButton("Show it on this page", async () => {
    shown.replaceChildren(readableExport(await api("GET", "/account/export")));
  }, failure, "md-button");
  const leave = form({
    label: "Delete your account", action: "Delete my account", buttonClass: "md-button scn-button--danger",
    intro: "Your profile is erased and you are signed out everywhere. This cannot be undone.",
    fields: [
      { name: "posts", label: "Your posts", type: "select", required: true, options: [
        ["keep", "Keep them, shown as by \u201cFormer member\u201d"], ["delete", "Delete them, and their text from search"]] },
      { name: "password", label: "Your password", type: "password", required: true, autocomplete: "current-password" },
    ],
    async submit(values) {
      await api("DELETE", "/account", values);
      await session(true);
      announce("Your account is deleted.");
      remountAll();
    },
  });
  return h("section", { "aria-labelledby": "scn-your-data-h" }, h("h2", { id: "scn-your-data-h" }, "Your data"),
    h("p", {}, "Everything the Network holds about you: your profile, your posts and the versions you wrote, your sessions, and what you follow, flagged or asked for. Nothing of anyone else."),
    h("p", { class: "scn-actions" }, download, show), failure, shown,
    h("details", {}, h("summary", {}, "Delete your account (" + m.name + ")"), leave));
}

/** Admins: the whole forum as JSON, for the organisation's records. */
export function forumExport() {
  const failure = errorBox();
  const done = h("div");
  return h("section", { "aria-labelledby": "scn-export-h" }, h("h2", { id: "scn-export-h" }, "Export the forum"),
    h("p", {}, "Every category, thread, post, member profile (no passwords), group, flag and audit entry, as JSON for the organisation's records. The command line does the same: scn export PATH."),
    h("p", {}, actionButton("Download the forum (JSON)", async () => {
      downloadJson(await api("GET", "/admin/export"), "network-forum-export.json");
      done.replaceChildren(notice("Downloaded as network-forum-export.json."));
    }, failure, "md-button")), failure, done);
}
