/* Resource requests: members ask for what the Library lacks; moderators decide.
   Also the public line on a resource written because members asked. */
import { actionButton, api, errorBox, form, h, isModerator, notice, page, request, session } from "./core.js";

const REQUEST_STATUS = { open: "Open", planned: "Planned", published: "Published", declined: "Declined" };

/** Members ask for what the Library lacks; moderators plan, publish or decline. */
export async function requestsView(el) {
  const s = await session();
  const { requests } = await api("GET", "/requests");
  const refresh = () => requestsView(el);
  const failure = errorBox();
  el.replaceChildren(
    form({ label: "Request a resource", action: "Send request", fields: [
      { name: "title", label: "What resource do you need?", required: true, max: 200 },
      { name: "details", label: "What would you use it for? (optional)", type: "textarea", rows: 3, max: 2000 }],
      async submit(values) {
        await api("POST", "/requests", { title: values.title, details: values.details || null });
        refresh();
      } }),
    h("h2", {}, "Requests"), failure,
    !requests.length && notice("No requests yet."),
    h("ul", { class: "scn-list", "aria-label": "Resource requests" }, requests.map((r) => h("li", { class: "scn-request" },
      h("strong", {}, r.title), " ", h("span", { class: "scn-badge" }, REQUEST_STATUS[r.status]), " ",
      h("span", { class: "scn-meta" }, r.asked_count === 1 ? "1 member asked" : r.asked_count + " members asked"),
      r.details && h("p", {}, r.details),
      r.status === "published" && r.resource_slug && h("p", {}, h("a", { href: page("resources/" + r.resource_slug + "/") }, "Read the resource")),
      ["open", "planned"].includes(r.status) && actionButton(r.asked_by_me ? "Take my name off" : "I need this too",
        async () => { await api(r.asked_by_me ? "DELETE" : "PUT", "/requests/" + r.id + "/asking"); refresh(); }, failure),
      isModerator(s) && requestDecision(r, refresh)))));
}

function requestDecision(r, refresh) {
  return form({ label: "Decide (moderators)", action: "Save decision", fields: [
    { name: "status", label: "Status", type: "select", required: true, options: Object.entries(REQUEST_STATUS), value: r.status },
    { name: "public_title", label: "Public title (for planning)", max: 200, value: r.public_title },
    { name: "public_summary", label: "Public summary, one sentence (for planning)", max: 300, value: r.public_summary },
    { name: "resource_slug", label: "Resource page slug (for publishing)", max: 100, value: r.resource_slug }],
    async submit(values) {
      const body = { status: values.status };
      for (const key of ["public_title", "public_summary", "resource_slug"]) if (values[key]) body[key] = values[key];
      await api("PATCH", "/mod/requests/" + r.id, body);
      refresh();
    } });
}

/** Public, on a resource page written for a request: how many members asked for it. */
export async function askedView(el) {
  const r = await request("GET", "/requests/" + encodeURIComponent(el.dataset.scnKey) + "/public").catch(() => null);
  if (r && r.asked_count) el.textContent = "Written because " + (r.asked_count === 1 ? "a member" : r.asked_count + " members") + " of the Network asked for it.";
}
