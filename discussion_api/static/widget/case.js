/* A case discussion's structured fields on a new thread (imported by the composer when
   a new-thread form first shows). */
import { AGE_BANDS, ApiError, BUNDLE_ELEMENTS, CARE_SETTINGS, CHOOSE, h, loadVocabulary, nextId } from "./core.js";

/** A case discussion's structured fields (POST /threads `case`): bands and minutes from
    time zero instead of ages, dates and clock times; the two free-text fields pass the
    patient-information guard like the post, and a finding selects its text here. */
export async function caseFields() {
  await loadVocabulary();
  const field = (label, input, hint) => {
    input.id = nextId();
    if (hint) input.setAttribute("aria-describedby", input.id + "-hint");
    return h("div", { class: "scn-field" }, h("label", { for: input.id }, label), input, hint && h("small", { id: input.id + "-hint" }, hint));
  };
  const choice = (name, options) => h("select", { name }, [CHOOSE, ...options].map(([value, text]) => h("option", { value }, text)));
  const ageBand = choice("case.age_band", AGE_BANDS);
  const setting = choice("case.setting", CARE_SETTINGS);
  const minutes = BUNDLE_ELEMENTS.map(([value, text]) => [value, text, h("input", { name: "case.minutes." + value, type: "number", min: -360, max: 4320, step: 1, inputmode: "numeric" })]);
  const obstacles = h("textarea", { name: "case.obstacles", rows: 3, maxlength: 4000 });
  const question = h("textarea", { name: "case.question", rows: 2, maxlength: 4000 });
  const toggleId = nextId();
  const toggle = h("input", { type: "checkbox", id: toggleId, name: "case", "aria-controls": toggleId + "-fields" });
  const fields = h("fieldset", { class: "scn-case", id: toggleId + "-fields", hidden: true },
    h("legend", {}, "Case discussion"),
    h("p", { class: "scn-meta" }, "No dates, clock times, names, room numbers or places: an age band, a kind of setting and minutes from time zero are enough for colleagues to help."),
    field("Age band", ageBand), field("Care setting", setting),
    h("fieldset", { class: "scn-case__minutes" }, h("legend", {}, "Minutes from time zero to each bundle element (empty if not done; negative if before time zero)"),
      minutes.map(([, text, input]) => field(text, input))),
    field("What got in the way", obstacles, "Systems and steps, not people: who was unavailable, what was missing, what took long."),
    field("Your question about the case", question));
  toggle.addEventListener("change", () => { fields.hidden = !toggle.checked; });
  const el = h("div", { class: "scn-case-part" },
    h("div", { class: "scn-check" }, toggle, h("label", { for: toggleId }, "Case discussion: describe a case with structured fields")), fields);
  el.payload = () => {
    if (!toggle.checked) return {};
    const done = {};
    for (const [value, text, input] of minutes) {
      if (input.validity.badInput) throw new ApiError(422, { code: "invalid", message: text + ": give a whole number of minutes from time zero, not a clock time.", field: input.name });
      if (input.value !== "") done[value] = Number(input.value);
    }
    return { case: { age_band: ageBand.value, setting: setting.value, minutes: done, obstacles: obstacles.value, question: question.value } };
  };
  el.sent = () => {
    el.querySelectorAll("[name]").forEach((input) => { if (input.type === "checkbox") input.checked = false; else input.value = ""; });
    fields.hidden = true;
  };
  return el;
}
