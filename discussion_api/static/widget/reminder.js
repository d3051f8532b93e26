/* On a webinar's page: members ask for an email a day and an hour before it starts. */
import { actionButton, announce, api, errorBox, h, isMember, session } from "./core.js";

/** On a webinar's page: members ask for an email a day and an hour before it starts. */
export async function reminderView(el) {
  const s = await session();
  if (!isMember(s)) { el.replaceChildren(); return; }
  const slug = el.dataset.scnWebinar;
  const failure = errorBox();
  const show = (reminders) => {
    const on = reminders.some((r) => r.webinar === slug);
    const button = actionButton(on ? "Cancel my reminder" : "Email me a reminder", async () => {
      const answer = await api(on ? "DELETE" : "PUT", "/webinars/" + encodeURIComponent(slug) + "/reminder");
      announce(on ? "Reminder cancelled." : "You will get an email a day and an hour before, with the calendar file.");
      show(answer.reminders);
    }, failure, "md-button");
    el.replaceChildren(h("p", {}, button, " ", on ? "You will get an email a day and an hour before it starts." : ""), failure);
  };
  show((await api("GET", "/webinars/reminders")).reminders);
}
