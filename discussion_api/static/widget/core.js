/* What every view of the Network's widget shares: talking to the API, the session,
   building elements (h, trusted, form), notices, the server's vocabularies, who is
   looking, and the page-wide hooks (remount, forum navigation, cleanups).
   User text is inserted with textContent; the only HTML inserted is what the server
   rendered and sanitised (see `trusted`). */

// The API lives beside the widget: this module's own address says where.
export const API = new URL("/api/v1", import.meta.url).href;

export const STORE = window.localStorage;

export class ApiError extends Error {
  constructor(status, error) {
    super(error.message);
    this.status = status;
    this.code = error.code;
    this.field = error.field;
    this.findings = error.findings || [];
  }
}

let sessionPromise = null;

/** The session the server just answered with (sign-in, a new password): no need to ask again. */
export function setSession(s) {
  sessionPromise = Promise.resolve(s);
}

export function session(refresh) {
  if (!sessionPromise || refresh) {
    sessionPromise = request("GET", "/session").catch((err) => {
      sessionPromise = null;
      throw err;
    });
  }
  return sessionPromise;
}

export async function request(method, path, body, headers) {
  const init = { method, credentials: "include", headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  if (method !== "GET") init.headers["X-CSRF-Token"] = (await session()).csrf_token || "";
  let response;
  try {
    response = await fetch(API + path, init);
  } catch {
    throw new ApiError(0, { code: "offline", message: "The Network cannot be reached. Check your connection; nothing you typed is lost." });
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new ApiError(response.status, data.error || { code: "http_" + response.status, message: "The Network answered with an error (" + response.status + ")." });
  }
  return data;
}

/** An API call; a stale CSRF token (e.g. after signing in elsewhere) is refreshed once. */
export async function api(method, path, body, headers) {
  try {
    return await request(method, path, body, headers);
  } catch (err) {
    if (err.code !== "csrf_failed") throw err;
    await session(true);
    return request(method, path, body, headers);
  }
}

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value == null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(9)) {
    if (child != null && child !== false) el.append(child.nodeType ? child : String(child));
  }
  return el;
}

/** The one audited place HTML enters the page: post bodies that the server
    rendered from Markdown (no raw HTML) and sanitised with nh3 when written. */
export function trusted(el, html) {
  el.innerHTML = html;
  return el;
}

const siteBase = (() => {
  const config = document.getElementById("__config");
  try {
    return new URL(JSON.parse(config.textContent).base.replace(/\/?$/, "/"), location.href).href;
  } catch {
    return new URL("/", location.href).href;
  }
})();

export const page = (path) => siteBase + path;

const live = h("div", { class: "scn-sr", role: "status", "aria-live": "polite" });

export function announce(text) {
  if (!live.isConnected) document.body.append(live);
  live.textContent = "";
  setTimeout(() => { live.textContent = text; }, 50);
}

export function when(iso, withTime) {
  const date = new Date(iso);
  const options = { day: "numeric", month: "short", year: "numeric" };
  if (withTime) Object.assign(options, { hour: "numeric", minute: "2-digit" });
  return h("time", { datetime: iso, title: date.toLocaleString() }, date.toLocaleString(undefined, options));
}

export function errorBox() {
  return h("p", { class: "scn-error", role: "alert", hidden: true });
}

export function showError(box, err) {
  box.textContent = err ? err.message : "";
  box.hidden = !err;
}

let fieldCounter = 0;

/** A fresh element id, unique on the page ("scn-f7"). */
export function nextId(prefix = "scn-f") {
  return prefix + ++fieldCounter;
}

/** A labelled form from a field list. `submit(values)` may throw an ApiError;
    its message is shown and its field marked, and nothing typed is cleared. A field
    with `empty` sends that value (e.g. null) when left empty. */
export function form(spec) {
  const box = errorBox();
  const inputs = {};
  const rows = spec.fields.map((f) => {
    const id = nextId();
    let input;
    if (f.type === "select") {
      input = h("select", { id, name: f.name, required: f.required }, f.options.map(([value, label]) => h("option", { value }, label)));
    } else if (f.type === "textarea") {
      input = h("textarea", { id, name: f.name, required: f.required, rows: f.rows || 5, maxlength: f.max });
    } else {
      input = h("input", { id, name: f.name, type: f.type || "text", required: f.required, autocomplete: f.autocomplete, maxlength: f.max, min: f.min, inputmode: f.inputmode });
    }
    if (f.value != null) {
      if (f.type === "checkbox") input.checked = !!f.value;
      else input.value = f.value;
    }
    inputs[f.name] = input;
    const hint = f.hint && h("small", { id: id + "-hint" }, f.hint);
    if (hint) input.setAttribute("aria-describedby", hint.id);
    return f.type === "checkbox"
      ? h("div", { class: "scn-check" }, input, h("label", { for: id }, f.label), hint)
      : h("div", { class: "scn-field" }, h("label", { for: id }, f.label), input, hint);
  });
  const button = h("button", { type: "submit", class: spec.buttonClass || "md-button md-button--primary" }, spec.action);
  const done = h("p", { class: "scn-done", role: "status" });
  const el = h("form", { class: "scn-form", "aria-label": spec.label, novalidate: spec.novalidate }, spec.intro && h("p", {}, spec.intro), rows, box, button, done);
  el.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = {};
    for (const f of spec.fields) {
      const input = inputs[f.name];
      input.removeAttribute("aria-invalid");
      if (f.type === "checkbox") values[f.name] = input.checked;
      else if (f.type === "number") values[f.name] = input.value === "" ? null : Number(input.value);
      else if (input.value === "" && "empty" in f) values[f.name] = f.empty;
      else values[f.name] = input.value;
    }
    button.disabled = true;
    showError(box, null);
    done.textContent = "";
    try {
      // A submit that returns a sentence has its success shown next to the button.
      const said = await spec.submit(values, el);
      if (typeof said === "string") done.textContent = said;
    } catch (err) {
      showError(box, err);
      const bad = err.field && inputs[err.field];
      if (bad) {
        bad.setAttribute("aria-invalid", "true");
        bad.focus();
      }
    } finally {
      button.disabled = false;
    }
  });
  el.inputs = inputs;
  return el;
}

/** A link-styled button whose action's failure is shown in `failure`, never lost. */
export function actionButton(text, fn, failure, className) {
  return h("button", { type: "button", class: className || "scn-link", onclick: async () => {
    showError(failure, null);
    try { await fn(); } catch (err) { showError(failure, err); }
  } }, text);
}

export function notice(text, kind) {
  return h("p", { class: "scn-notice" + (kind ? " scn-notice--" + kind : ""), role: kind === "error" ? "alert" : "status" }, text);
}

export let PROFESSIONS = [], STATES = [], ROLES = ["member", "moderator", "admin"];

export let FACILITY_TYPES = [], BED_BANDS = [];

export let AGE_BANDS = [], CARE_SETTINGS = [], BUNDLE_ELEMENTS = [];

let vocabularyPromise = null;

export function loadVocabulary() {
  if (!vocabularyPromise) {
    vocabularyPromise = request("GET", "/vocabulary").then((v) => {
      PROFESSIONS = v.professional_roles.map((t) => [t.value, t.label]);
      STATES = v.states.map((t) => [t.value, t.label]);
      ROLES = v.roles;
      [FACILITY_TYPES, BED_BANDS] = [v.facility_types, v.bed_bands].map((terms) => terms.map((t) => [t.value, t.label]));
      [AGE_BANDS, CARE_SETTINGS, BUNDLE_ELEMENTS] = [v.age_bands, v.care_settings, v.bundle_elements].map((terms) => terms.map((t) => [t.value, t.label]));
    }).catch((err) => { vocabularyPromise = null; throw err; });
  }
  return vocabularyPromise;
}

// A required choice starts empty: "Choose…" until the person chooses.
export const CHOOSE = ["", "Choose…"];

export const label = (list, value) => (list.find(([v]) => v === value) || [value, value])[1];

export const isMember = (s) => !!(s && s.member && s.member.status === "approved");

export const isAdmin = (s) => isMember(s) && s.member.role === "admin";

export const isModerator = (s) => isMember(s) && ROLES.indexOf(s.member.role) >= ROLES.indexOf("moderator");

let forumNavigate = null;

/** The forum view sets how to move within it (null when it goes away). */
export function setForumNavigate(fn) {
  forumNavigate = fn;
}

export const onForumPage = () => forumNavigate !== null;

/** Go to a forum view (`#/t/3`): in place on the forum page, else to the forum page. */
export function navigate(hash) {
  if (forumNavigate) forumNavigate(hash);
  else location.href = page("forum/") + hash;
}

/** What to stop before the views are mounted again (live streams, listeners); an
    entry with `keep` survives the forum's own view changes. */
export const cleanups = new Set();

let remount = () => {};

/** Mount every view of the page again (after signing in or out). The entry module
    sets how; views call remountAll. */
export function remountAll() {
  remount();
}

export function setRemount(fn) {
  remount = fn;
}
