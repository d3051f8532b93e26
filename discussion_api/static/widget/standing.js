/* Professional standing: verification that expires, the yearly facility check, a
   coordinator's handover (on the account page), and the moderators' queue of members
   to verify. */
import { actionButton, announce, api, errorBox, form, h, label, notice, session, STATES, when } from "./core.js";

const VERIFICATION_METHODS = [["state_board", "State board look-up"], ["employer_email", "Email from the employer"], ["reference", "A reference"]];

export function standingSection(m) {
  const failure = errorBox();
  const status = m.verified
    ? "Verified (" + label(VERIFICATION_METHODS, m.verification_method) + ") until " + when(m.verified_until) + "."
    : "Not verified. Give your licence below and a moderator will verify it.";
  const confirm = actionButton("I still work at " + (m.facility || "my facility"), async () => {
    await api("POST", "/account/facility-confirmation");
    await session(true);
    confirm.replaceWith(notice("Thank you: your facility is confirmed for another year."));
  }, failure, "md-button");
  return h("section", { "aria-labelledby": "scn-standing-h" }, h("h2", { id: "scn-standing-h" }, "Professional verification"),
    h("p", {}, status, m.verification_expiring ? " It expires soon: check your licence details, and a moderator will verify you again." : ""),
    m.facility_confirmation_due && [h("p", {}, "Once a year we ask: do you still work at ", h("strong", {}, m.facility), "? If not, change your profile above."), h("p", {}, confirm), failure],
    form({
      label: "Your licence", action: "Save licence details",
      fields: [
        { name: "licence_number", label: "Licence number", required: true, max: 200, value: m.licence_number || "" },
        { name: "licence_state", label: "Licensing state", type: "select", options: [["", "Choose…"], ...STATES], value: m.licence_state || "" },
      ],
      async submit(values) {
        await api("PUT", "/account/licence", { licence_number: values.licence_number, licence_state: values.licence_state || null });
        await session(true);
        return "Saved. A moderator will verify it.";
      },
    }));
}

/** A coordinator who leaves hands the role and their followed threads to a colleague
    at the same facility (chosen from the directory). */
export function handoverSection(m) {
  const slot = h("div", {}, notice("One moment…"));
  const query = "/members?state=" + encodeURIComponent(m.state) + "&facility=" + encodeURIComponent(m.facility);
  api("GET", query).then(({ members }) => {
    const colleagues = members.filter((c) => c.id !== m.id).map((c) => [String(c.id), c.name + (c.job_title ? " (" + c.job_title + ")" : "")]);
    slot.replaceChildren(colleagues.length ? form({
      label: "Hand over the coordinator role", action: "Hand over",
      intro: "Leaving your role? Your successor becomes your facility's sepsis coordinator and follows the threads you follow.",
      fields: [{ name: "successor_id", label: "Successor", type: "select", required: true, options: [["", "Choose…"], ...colleagues] }],
      async submit(values) {
        const done = await api("POST", "/account/handover", { successor_id: Number(values.successor_id) });
        await session(true);
        return "Handed over, with " + done.followed_threads_passed + " followed threads.";
      },
    }) : notice("No other member at " + m.facility + " yet: your successor can join first."));
  }, (err) => slot.replaceChildren(notice(err.message, "error")));
  return h("section", { "aria-labelledby": "scn-handover-h" }, h("h2", { id: "scn-handover-h" }, "Coordinator handover"), slot);
}

/** Moderators: members to verify, and how each was verified. */
export async function verificationQueue(refresh) {
  const queue = (await api("GET", "/mod/verifications")).members;
  return h("section", { "aria-labelledby": "scn-verify-h" }, h("h2", { id: "scn-verify-h" }, "To verify (" + queue.length + ")"),
    queue.length ? h("ul", { class: "scn-list", "aria-label": "Members to verify" }, queue.map((q) => h("li", {},
      h("strong", {}, q.name), " · licence ", q.licence_number || "not given", q.licence_state ? " (" + q.licence_state + ")" : "",
      q.verified ? " · verified until " + when(q.verification_expires_at) : " · not verified",
      form({ label: "Verify " + q.name, action: "Record verification",
        fields: [{ name: "method", label: "How you verified", type: "select", required: true, options: VERIFICATION_METHODS },
          { name: "note", label: "Note for the audit log (optional)", type: "textarea", rows: 2, max: 2000 }],
        async submit(values) { await api("POST", "/mod/members/" + q.id + "/verification", values); announce("Verification recorded."); refresh(); } }))))
      : notice("Nobody is waiting to be verified."));
}
