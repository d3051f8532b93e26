/* Writing: the Markdown composer (drafts survive reloads and failures, a character
   limit said before sending, the patient-information warning) and its parts:
   anonymity, the rules reminder, and a case discussion's fields (case.js, loaded with
   the first new-thread form). */
import { characterCount, MAX_POST, number, tooLongMessage } from "./format.js";
import { api, errorBox, h, nextId, page, session, showError, STORE, trusted } from "./core.js";

function newKey() {
  return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
}

/** A Markdown composer whose text is saved in localStorage as it is typed.
    `send(body, key, composerForm, extra)` gets an idempotency key kept with the draft, so a
    retry after a lost answer never creates the post twice, and `extra` to add to the
    request body: {confirm_identifiers: true} after the identifier warning, and what
    `spec.parts` add (elements above the text, each with an optional `payload()` for
    the body, and `sent()` once the post is sent; their named fields join the draft). The
    parts come before the text, so Tab goes from the text straight to sending. */
export function composer(spec) {
  const storeKey = "scn-draft:" + spec.draftKey;
  let draft = {};
  try { draft = JSON.parse(STORE.getItem(storeKey)) || {}; } catch { draft = {}; }
  const id = nextId();
  // No maxlength: the browser would silently cut a long paste. The counter shows the
  // length, and sending is refused (text kept) until it fits.
  const area = h("textarea", { id, name: "body", rows: 6, required: true, "aria-describedby": id + "-hint " + id + "-count" });
  area.value = draft.body || spec.initial || "";
  const title = spec.title;
  if (title && draft.title != null) title.value = draft.title;
  const counter = h("small", { id: id + "-count", class: "scn-counter" });
  const count = () => {
    const { text, over } = characterCount(area.value.length);
    counter.textContent = text;
    counter.classList.toggle("scn-counter--over", over);
  };
  count();
  const box = errorBox();
  const button = h("button", { type: "submit", class: "md-button md-button--primary" }, spec.action);
  // The preview is rendered and sanitised by the server, exactly as the post will be.
  const preview = h("section", { class: "scn-preview", "aria-label": "Preview", hidden: true });
  const previewButton = h("button", { type: "button", class: "md-button", onclick: async () => {
    showError(box, null);
    if (!area.value.trim()) return showError(box, { message: "Write something first; then preview it." });
    if (area.value.length > MAX_POST) return showError(box, { message: "Keep it under " + number(MAX_POST) + " characters to preview it." });
    try {
      const answer = await api("POST", "/preview", { body: area.value });
      preview.replaceChildren(h("p", { class: "scn-meta" }, "Preview: this is how your post will read."), trusted(h("div", { class: "scn-post__body" }), answer.html));
      preview.hidden = false;
      previewButton.textContent = "Update preview";
    } catch (err) { showError(box, err); }
  } }, "Preview");
  const extra = spec.fields || [];
  const parts = spec.parts || [];
  const el = h("form", { class: "scn-form scn-composer", "aria-label": spec.action }, extra, parts,
    h("div", { class: "scn-field" }, h("label", { for: id }, spec.label),
      h("small", { id: id + "-hint" }, "Markdown works. Never include patient-identifying information. Your draft is kept on this device until it is sent."), area, counter),
    box, preview, h("div", { class: "scn-actions" }, button, previewButton, spec.cancel && h("button", { type: "button", class: "md-button", onclick: spec.cancel }, "Cancel")));
  const partFields = () => parts.flatMap((part) => [...part.querySelectorAll("[name]")]);
  for (const field of partFields()) {
    const kept = (draft.parts || {})[field.name];
    if (kept == null) continue;
    if (field.type === "checkbox") field.checked = kept; else field.value = kept;
    field.dispatchEvent(new Event("change"));
  }
  const save = () => {
    draft.body = area.value;
    if (title) draft.title = title.value;
    draft.parts = Object.fromEntries(partFields().map((f) => [f.name, f.type === "checkbox" ? f.checked : f.value]));
    const kept = area.value || (title && title.value && title.value !== title.defaultValue) || partFields().some((f) => f.type !== "checkbox" && f.value);
    if (kept && !draft.key) draft.key = newKey();
    if (kept) STORE.setItem(storeKey, JSON.stringify(draft)); else STORE.removeItem(storeKey);
  };
  area.addEventListener("input", () => { save(); count(); });
  parts.forEach((part) => { part.addEventListener("input", save); part.addEventListener("change", save); });
  if (title) title.addEventListener("input", save);
  /** `confirmed` (true only from the identifier warning's button) sends the text
      although the patient-information guard found identifiers: it waits for a moderator. */
  async function submit(confirmed) {
    if (!area.value.trim()) return showError(box, { message: "Write something first." });
    if (area.value.length > MAX_POST) {
      area.setAttribute("aria-invalid", "true");
      area.focus();
      return showError(box, { message: tooLongMessage(area.value.length) });
    }
    el.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
    save();
    button.disabled = true;
    showError(box, null);
    try {
      const added = Object.assign({}, ...parts.map((part) => (part.payload ? part.payload() : {})));
      if (confirmed === true) added.confirm_identifiers = true;
      await spec.send(area.value, draft.key, el, added);
      STORE.removeItem(storeKey);
      draft = {};
      parts.forEach((part) => part.sent && part.sent());
      area.value = "";
      count();
      preview.hidden = true;
      previewButton.textContent = "Preview";
      window.removeEventListener("online", submit);
    } catch (err) {
      if (err.code === "offline") {
        showError(box, { message: "Not sent yet: you are offline. It will be sent when the connection returns." });
        window.addEventListener("online", submit, { once: true });
      } else if (err.code === "patient_information") {
        identifierWarning(box, err, el, () => submit(true));
      } else {
        showError(box, err);
        const bad = err.field && el.querySelector('[name="' + err.field + '"]');
        if (bad) { bad.setAttribute("aria-invalid", "true"); bad.focus(); }
      }
    } finally {
      button.disabled = false;
    }
  }
  el.addEventListener("submit", (event) => { event.preventDefault(); submit(); });
  el.area = area;
  if (draft.body && navigator.onLine === false) window.addEventListener("online", submit, { once: true });
  return el;
}

/** The server's patient-information guard (the one set of patterns) answered with
    what it found and where; show it in the composer. Only kinds and places come back,
    so the text shown is the author's own, read from the form's field the finding names
    (body, title, case.obstacles...). The author edits it out (each finding selects its
    text) or sends it for a moderator's review. */
function identifierWarning(box, err, composerForm, sendForReview) {
  const items = err.findings.map((f) => {
    const field = composerForm.querySelector('[name="' + f.field + '"]');
    const select = () => { field.focus(); field.setSelectionRange(f.start, f.end); };
    return h("li", {}, f.kind.replace(/_/g, " ") + ": ", field && "value" in field
      ? h("button", { type: "button", class: "scn-link", onclick: select }, field.value.slice(f.start, f.end))
      : "in the " + f.field);
  });
  box.replaceChildren(h("span", {}, err.message), h("ul", { class: "scn-findings" }, items),
    h("button", { type: "button", class: "md-button", onclick: sendForReview }, "Send for a moderator's review"));
  box.hidden = false;
}

/** "Post as Anonymous member": the server shows other members (and moderators, until
    two of them reveal it) "Anonymous member" instead of the author. */
export function anonymousToggle() {
  const id = nextId();
  const box = h("input", { type: "checkbox", id, name: "anonymous", "aria-describedby": id + "-hint" });
  const el = h("div", { class: "scn-check" }, box, h("div", { class: "scn-field" }, h("label", { for: id }, "Post as Anonymous member"),
    h("small", { id: id + "-hint" }, "Other members see “Anonymous member” and nothing of you. Moderators learn who wrote it only if two of them agree, with a recorded reason, and you are told.")));
  el.payload = () => (box.checked ? { anonymous: true } : {});
  el.sent = () => { box.checked = false; };
  return el;
}

/** A case discussion's structured fields, for a new thread: their code loads with the
    first new-thread form, not with every forum page. */
export async function caseSection() {
  return (await import("./case.js")).caseFields();
}

/** On a member's first post (the session's has_posted), a short reminder of the rules. */
export function rulesReminder() {
  const el = h("div", { class: "scn-notice scn-rules-reminder", role: "note", "aria-label": "Community rules", hidden: true },
    h("strong", {}, "Before your first post: "),
    "no patient identifiers (names, dates, record numbers, places), respect for colleagues, no advice about an individual patient's care, no advertising. ",
    h("a", { href: page("rules/") }, "Read the community rules"), ".");
  session().then((s) => { el.hidden = !(s.member && !s.member.has_posted); }).catch(() => {});
  el.sent = () => {
    el.hidden = true;
    session(true).catch(() => {});
  };
  return el;
}
