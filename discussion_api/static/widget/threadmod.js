/* A moderator's tools in a thread: hide or restore a post, pin, lock or move the
   thread. The thread imports this only for moderators. */
import { announce, api, form, h } from "./core.js";

/** Hide or restore a post, with a reason for the audit log; `refresh` shows the result. */
export function postDecision(p, action, refresh) {
  return form({
    label: action === "hide" ? "Hide this post" : "Restore this post", action: action === "hide" ? "Hide post" : "Restore post",
    fields: [{ name: "reason", label: "Reason (kept in the audit log)", type: "textarea", required: true, rows: 2, max: 2000 }],
    async submit(values) { await api("POST", "/mod/posts/" + p.id + "/" + action, values); announce(action === "hide" ? "Post hidden." : "Post restored."); refresh(); },
  });
}

/** Pin, lock or move the thread (`categories`: [id, name] of those it may move to). */
export function threadTools(thread, categories, reload) {
  return h("details", { class: "scn-mod-tools" }, h("summary", {}, "Moderator tools"), form({
    label: "Moderate this thread", action: "Apply",
    fields: [
      { name: "change", label: "Change", type: "select", options: [
        ["pinned", thread.pinned ? "Unpin the thread" : "Pin the thread"],
        ["locked", thread.locked ? "Unlock the thread" : "Lock the thread"],
        ...categories.filter(([id]) => Number(id) !== thread.category_id).map(([id, name]) => ["move:" + id, "Move to " + name])] },
      { name: "reason", label: "Reason (kept in the audit log)", type: "textarea", required: true, rows: 2, max: 2000 },
    ],
    async submit(values) {
      const [field, category] = values.change.split(":");
      const body = { reason: values.reason };
      if (category) body.category_id = Number(category); else body[field] = !thread[field];
      await api("PATCH", "/mod/threads/" + thread.id, body);
      announce("Thread updated.");
      reload();
    },
  }));
}
