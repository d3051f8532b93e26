/* The bell's panel: the member's notifications, each a link to where it happened,
   and marking them read. The bell imports it when the panel first opens. */
import { announce, api, h, navigate, page, when } from "./core.js";

export function renderPanel(panel, items, refresh, close) {
  const open = async (event, n) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    if (!n.read) await api("POST", "/notifications/" + n.id + "/read").catch(() => {});
    close();
    refresh();
    const hash = n.path.startsWith("forum/#") ? n.path.slice("forum/".length) : null;
    if (hash) navigate(hash); else location.href = page(n.path);
  };
  const list = h("ul", { class: "scn-bell__list", "aria-label": "Your notifications" }, items.map((n) =>
    h("li", { class: n.read ? "scn-bell__item" : "scn-bell__item scn-bell__item--unread" },
      h("a", { href: page(n.path), onclick: (event) => open(event, n) }, n.text),
      h("small", { class: "scn-meta" }, (n.read ? "" : "New · ") + when(n.created_at, true), n.read ? null : [" · ",
        h("button", { type: "button", class: "scn-link", "aria-label": "Mark read: " + n.text, onclick: async () => {
          await api("POST", "/notifications/" + n.id + "/read").catch(() => {});
          refresh();
        } }, "Mark read")]))));
  const markAll = h("button", { type: "button", class: "md-button", onclick: async () => {
    await api("POST", "/notifications/read").catch(() => {});
    announce("All notifications marked read.");
    refresh();
  } }, "Mark all read");
  panel.replaceChildren(h("h2", {}, "Notifications"), items.length ? list : h("p", {}, "Nothing yet. Replies, mentions and decisions about your posts will appear here."),
    items.some((n) => !n.read) ? markAll : null);
}
