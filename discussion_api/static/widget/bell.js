/* The bell in the Library's header, on every page: the unread count, live. The list
   of notifications (notifications.js) loads the first time the panel opens. */
import { capped } from "./format.js";
import { api, cleanups, h, isMember, notice } from "./core.js";
import { follow } from "./live.js";

let bellLive = false;

async function loadPanel(panel, items, refresh, close) {
  try {
    (await import("./notifications.js")).renderPanel(panel, items, refresh, close);
  } catch {
    panel.replaceChildren(notice("The Network cannot be reached. Check your connection.", "error"));
  }
}

/** The bell: unread count, a list of notifications, mark one or all read. Live over
    the member's own topic of the event stream (`notification.created` carries no
    content: the bell asks the API what is new, which the policy filters). */
export function notificationBell(header, after, s) {
  let wrap = header.querySelector(".scn-bell");
  if (!isMember(s)) { if (wrap) wrap.remove(); return; }
  if (!wrap) {
    const count = h("span", { class: "scn-bell__count", hidden: true });
    const button = h("button", { type: "button", class: "scn-bell__button md-header__button", "aria-label": "Notifications", "aria-expanded": "false", "aria-controls": "scn-bell-panel" },
      h("span", { "aria-hidden": "true" }, "\u{1F514}"), count);
    const panel = h("section", { id: "scn-bell-panel", class: "scn-bell__panel", "aria-label": "Notifications", hidden: true });
    wrap = h("div", { class: "scn-bell" }, button, panel);
    wrap.refresh = async () => {
      let answer;
      try { answer = await api("GET", "/notifications?limit=20"); } catch { return; }
      const n = answer.unread;
      count.hidden = n === 0;
      count.textContent = capped(n);
      button.setAttribute("aria-label", "Notifications: " + (n > 99 ? "more than 99" : n) + " unread");
      if (!panel.hidden) loadPanel(panel, answer.notifications, wrap.refresh, () => toggle(false));
      wrap.latest = answer.notifications;
    };
    const toggle = (open) => {
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      if (open) loadPanel(panel, wrap.latest || [], wrap.refresh, () => toggle(false));
    };
    button.addEventListener("click", () => { toggle(panel.hidden); if (!panel.hidden) wrap.refresh(); });
    wrap.addEventListener("keydown", (event) => { if (event.key === "Escape" && !panel.hidden) { toggle(false); button.focus(); } });
    after.after(wrap);
  }
  wrap.refresh();
  if (!bellLive) {
    bellLive = true;
    // Kept across the forum's own views (they stop only theirs); a new page ends it.
    const stop = follow(["member:" + s.member.id], (type) => { if (type === "notification.created") wrap.refresh(); },
      (state) => { if (state === "live") wrap.refresh(); }, () => wrap.refresh());
    const ended = () => { bellLive = false; };
    stop.keep = ended.keep = true;
    cleanups.add(ended);
  }
}
