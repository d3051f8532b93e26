/* The member directory, and a moderator's way to suspend a member from it. */
import { api, BED_BANDS, FACILITY_TYPES, form, h, isModerator, label, notice, PROFESSIONS, session, STATES } from "./core.js";
import { facilityText } from "./format.js";

export async function membersView(el) {
  const s = await session();
  const results = h("div", { "aria-live": "polite" });
  async function search(values) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(values || {})) {
      if (k === "is_coordinator") { if (v) params.set(k, "true"); } else if (v) params.set(k, v);
    }
    const found = (await api("GET", "/members?" + params)).members;
    results.replaceChildren(h("p", { role: "status" }, found.length + (found.length === 1 ? " member" : " members") + " found."),
      h("ul", { class: "scn-list", "aria-label": "Members" }, found.map((m) => h("li", {},
        h("strong", {}, m.name), m.credentials && ", " + m.credentials, m.is_coordinator && [" ", h("span", { class: "scn-badge" }, "Sepsis coordinator")], m.verified && [" ", h("span", { class: "scn-badge scn-badge--verified", title: "A moderator verified this member's professional standing" }, "Verified")], h("br"),
        [m.job_title, facilityText(m.facility, m.facility_type && label(FACILITY_TYPES, m.facility_type), m.bed_count), [m.city, label(STATES, m.state)].filter(Boolean).join(", ")].filter(Boolean).join(" · "), h("br"),
        h("span", { class: "scn-meta" }, label(PROFESSIONS, m.professional_role)), m.email && [" · ", h("a", { href: "mailto:" + m.email }, m.email)],
        isModerator(s) && m.id !== s.member.id && [" ", h("button", { type: "button", class: "scn-link", onclick: (e) => suspendForm(m, e.target) }, "Suspend")]))));
  }
  el.replaceChildren(form({
    label: "Search the directory", action: "Search",
    fields: [
      { name: "name", label: "Name", max: 120 },
      { name: "facility", label: "Facility", max: 200 },
      { name: "state", label: "State", type: "select", options: [["", "Any state"], ...STATES] },
      { name: "professional_role", label: "Role", type: "select", options: [["", "Any role"], ...PROFESSIONS] },
      { name: "facility_type", label: "Facility type", type: "select", options: [["", "Any facility type"], ...FACILITY_TYPES] },
      { name: "bed_band", label: "Bed count", type: "select", options: [["", "Any bed count"], ...BED_BANDS] },
      { name: "is_coordinator", label: "Sepsis coordinators only", type: "checkbox" },
    ],
    submit: search,
  }), results);
  await search();
}

function suspendForm(m, button) {
  button.after(form({
    label: "Suspend " + m.name, action: "Suspend member",
    fields: [
      { name: "reason", label: "Reason (kept in the audit log)", type: "textarea", required: true, rows: 2, max: 2000 },
      { name: "until", label: "Until (leave empty to suspend until lifted)", type: "date" },
    ],
    async submit(values, f) {
      const body = { reason: values.reason };
      if (values.until) body.until = new Date(values.until + "T00:00:00").toISOString();
      await api("POST", "/mod/members/" + m.id + "/suspend", body);
      f.replaceWith(notice(m.name + " is suspended and signed out everywhere."));
    },
  }));
}
