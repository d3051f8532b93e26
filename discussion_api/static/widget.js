/* The Network's widget: one script that Library pages embed with mount points
   <div data-scn="thread|forum|members|account|moderation" ...>.
   No framework, no build step. User text is inserted with textContent; the only
   HTML inserted is post bodies the server rendered and sanitised (see `trusted`). */
(() => {
  "use strict";
  const SRC = (document.currentScript && document.currentScript.src) || location.href;
  const API = new URL("/api/v1", SRC).href;
  const STORE = window.localStorage;

  /* ---------- talking to the API ---------- */

  class ApiError extends Error {
    constructor(status, error) {
      super(error.message);
      this.status = status;
      this.code = error.code;
      this.field = error.field;
    }
  }

  let sessionPromise = null;

  function session(refresh) {
    if (!sessionPromise || refresh) {
      sessionPromise = request("GET", "/session").catch((err) => {
        sessionPromise = null;
        throw err;
      });
    }
    return sessionPromise;
  }

  async function request(method, path, body, headers) {
    const init = { method, credentials: "include", headers: { Accept: "application/json", ...headers } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (method !== "GET") init.headers["X-CSRF-Token"] = (await session()).csrf_token || "";
    let response;
    try {
      response = await fetch(API + path, init);
    } catch (err) {
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
  async function api(method, path, body, headers) {
    try {
      return await request(method, path, body, headers);
    } catch (err) {
      if (err.code !== "csrf_failed") throw err;
      await session(true);
      return request(method, path, body, headers);
    }
  }

  /* ---------- building the page ---------- */

  function h(tag, props, ...children) {
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
  function trusted(el, html) {
    el.innerHTML = html;
    return el;
  }

  const siteBase = (() => {
    const config = document.getElementById("__config");
    try {
      return new URL(JSON.parse(config.textContent).base.replace(/\/?$/, "/"), location.href).href;
    } catch (err) {
      return new URL("/", location.href).href;
    }
  })();
  const page = (path) => siteBase + path;

  const live = h("div", { class: "scn-sr", role: "status", "aria-live": "polite" });
  function announce(text) {
    if (!live.isConnected) document.body.append(live);
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 50);
  }

  function when(iso) {
    const date = new Date(iso);
    return h("time", { datetime: iso, title: date.toLocaleString() }, date.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" }));
  }

  function errorBox() {
    return h("p", { class: "scn-error", role: "alert", hidden: true });
  }

  function showError(box, err) {
    box.textContent = err ? err.message : "";
    box.hidden = !err;
  }

  let fieldCounter = 0;

  /** A labelled form from a field list. `submit(values)` may throw an ApiError;
      its message is shown and its field marked, and nothing typed is cleared. */
  function form(spec) {
    const box = errorBox();
    const inputs = {};
    const rows = spec.fields.map((f) => {
      const id = "scn-f" + ++fieldCounter;
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
    const button = h("button", { type: "submit", class: "md-button md-button--primary" }, spec.action);
    const el = h("form", { class: "scn-form", "aria-label": spec.label, novalidate: spec.novalidate }, spec.intro && h("p", {}, spec.intro), rows, box, button);
    el.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = {};
      for (const f of spec.fields) {
        const input = inputs[f.name];
        input.removeAttribute("aria-invalid");
        if (f.type === "checkbox") values[f.name] = input.checked;
        else if (f.type === "number") values[f.name] = input.value === "" ? null : Number(input.value);
        else values[f.name] = input.value;
      }
      button.disabled = true;
      showError(box, null);
      try {
        await spec.submit(values, el);
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

  function notice(text, kind) {
    return h("p", { class: "scn-notice" + (kind ? " scn-notice--" + kind : ""), role: kind === "error" ? "alert" : "status" }, text);
  }

  /* ---------- vocabularies (mirrors discussion_api/vocabulary.py) ---------- */

  const PROFESSIONS = [["rn", "Registered nurse (RN)"], ["np", "Nurse practitioner (NP)"], ["cns", "Clinical nurse specialist (CNS)"], ["md-do", "Physician (MD/DO)"], ["pa", "Physician assistant (PA)"], ["pharmacist", "Pharmacist"], ["educator", "Educator"], ["quality-data", "Quality / data"], ["administrator", "Administrator"], ["ems", "EMS"], ["other", "Other"]];
  const STATES = "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI".split(" ").map((c) => [c, c]).concat([["outside-us", "Outside the US"]]);
  const label = (list, value) => (list.find(([v]) => v === value) || [value, value])[1];

  function profileFields(m) {
    m = m || {};
    return [
      { name: "name", label: "Full name", required: true, autocomplete: "name", max: 120, value: m.name },
      { name: "professional_role", label: "Professional role", type: "select", required: true, options: PROFESSIONS, value: m.professional_role },
      { name: "credentials", label: "Credentials (e.g. BSN, RN, CCRN)", max: 200, value: m.credentials },
      { name: "job_title", label: "Job title", autocomplete: "organization-title", max: 200, value: m.job_title },
      { name: "facility", label: "Facility", required: true, autocomplete: "organization", max: 120, value: m.facility },
      { name: "city", label: "City", autocomplete: "address-level2", max: 200, value: m.city },
      { name: "state", label: "State or territory", type: "select", required: true, options: STATES, value: m.state },
      { name: "bed_count", label: "Facility bed count", type: "number", min: 0, inputmode: "numeric", value: m.bed_count },
      { name: "is_coordinator", label: "I coordinate a sepsis programme", type: "checkbox", value: m.is_coordinator },
    ];
  }

  /* ---------- who is looking ---------- */

  const isMember = (s) => !!(s && s.member && s.member.status === "approved");
  const isModerator = (s) => isMember(s) && (s.member.role === "moderator" || s.member.role === "admin");

  function signInForm(onDone) {
    return form({
      label: "Sign in", action: "Sign in",
      fields: [
        { name: "email", label: "Email", type: "email", required: true, autocomplete: "username" },
        { name: "password", label: "Password", type: "password", required: true, autocomplete: "current-password" },
      ],
      async submit(values) {
        const s = await api("POST", "/session", values);
        sessionPromise = Promise.resolve(s);
        announce("Signed in.");
        onDone(s);
      },
    });
  }

  /** What a visitor who is not an approved member sees instead of any content. */
  function membersOnly(el, s, what) {
    const panel = h("div", { class: "scn-panel", role: "region", "aria-label": "Members only" },
      h("p", { class: "scn-panel__title" }, "Members only"));
    if (s && s.member) {
      panel.append(h("p", {}, "Your membership is not active yet, so " + what + " stays hidden. ", h("a", { href: page("account/") }, "See your application"), "."));
    } else {
      const toggle = h("button", { type: "button", class: "md-button", "aria-expanded": "false" }, "Sign in");
      const slot = h("div", { hidden: true }, signInForm(() => remountAll()));
      toggle.addEventListener("click", () => {
        slot.hidden = !slot.hidden;
        toggle.setAttribute("aria-expanded", String(!slot.hidden));
        if (!slot.hidden) slot.querySelector("input").focus();
      });
      panel.append(
        h("p", {}, what.charAt(0).toUpperCase() + what.slice(1) + " is for approved members of the Network: healthcare professionals working to improve sepsis care."),
        h("p", { class: "scn-actions" }, toggle, h("a", { class: "md-button md-button--primary", href: page("join/") }, "Join the Network")),
        slot);
    }
    el.replaceChildren(panel);
  }

  /* ---------- account: sign in, join, verify, profile, sign out ---------- */

  const LINK_ACTIONS = {
    verify: { path: "/join/verify", title: "Confirming your email" },
    reset: { path: "/password-reset/confirm", title: "Choose a new password" },
    email_change: { path: "/account/email/confirm", title: "Confirming your new email" },
  };

  async function accountView(el) {
    const match = /^#(verify|reset|email_change)=([\w-]+)$/.exec(location.hash);
    if (match) {
      history.replaceState(null, "", location.pathname + location.search);
      return emailLink(el, match[1], match[2]);
    }
    const s = await session(true);
    if (!s.member) return el.replaceChildren(signedOutAccount());
    el.replaceChildren(signedInAccount(s.member));
  }

  async function emailLink(el, purpose, token) {
    const action = LINK_ACTIONS[purpose];
    const heading = h("h2", {}, action.title);
    if (purpose === "reset") {
      el.replaceChildren(heading, form({
        label: "New password", action: "Save the new password",
        fields: [{ name: "password", label: "New password (at least 8 characters)", type: "password", required: true, autocomplete: "new-password" }],
        async submit(values) {
          await api("POST", action.path, { token, password: values.password });
          el.replaceChildren(heading, notice("Your password is changed and every other session is signed out. Sign in with the new password."), signInForm(() => accountView(el)));
        },
      }));
      return;
    }
    el.replaceChildren(heading, notice("One moment…"));
    try {
      const result = await api("POST", action.path, { token });
      const text = purpose === "email_change"
        ? "Your email address is changed."
        : result && result.status === "approved"
          ? "Your email is confirmed and your membership is approved. Welcome!"
          : "Your email is confirmed. A moderator will review your application; we will email you when there is news.";
      el.replaceChildren(heading, notice(text));
      announce(text);
      const s = await session(true);
      el.append(s.member ? signedInAccount(s.member) : signedOutAccount());
    } catch (err) {
      el.replaceChildren(heading, notice(err.message, "error"), signedOutAccount());
    }
  }

  function signedOutAccount() {
    const box = h("div", { class: "scn-account" });
    const reset = form({
      label: "Reset your password", action: "Email me a reset link",
      fields: [{ name: "email", label: "Email", type: "email", required: true, autocomplete: "username" }],
      async submit(values, f) {
        await api("POST", "/password-reset", values);
        f.replaceWith(notice("If an account uses that address, a reset link is on its way. It works for one hour."));
      },
    });
    const join = form({
      label: "Apply to join", action: "Apply to join",
      intro: "Any healthcare professional working to improve sepsis care may apply. We email you a link to confirm your address; then a moderator reviews your application.",
      fields: [
        ...profileFields().slice(0, 1),
        { name: "email", label: "Work email", type: "email", required: true, autocomplete: "email", max: 254 },
        { name: "password", label: "Password (at least 8 characters; a long phrase is best)", type: "password", required: true, autocomplete: "new-password" },
        ...profileFields().slice(1),
        { name: "agrees_to_community_rules", label: "I agree to the community rules, and I will never post patient-identifying information", type: "checkbox", required: true },
      ],
      async submit(values, f) {
        if (!values.agrees_to_community_rules) {
          throw new ApiError(422, { code: "rules", message: "Please agree to the community rules to join.", field: "agrees_to_community_rules" });
        }
        await api("POST", "/join", values);
        f.replaceWith(notice("Thank you. Check your email for a link to confirm your address; it works for 24 hours."));
        announce("Application sent. Check your email.");
      },
    });
    box.append(
      h("section", { "aria-labelledby": "scn-signin-h" }, h("h2", { id: "scn-signin-h" }, "Sign in"), signInForm(() => remountAll()),
        h("details", {}, h("summary", {}, "Forgot your password?"), reset)),
      h("section", { "aria-labelledby": "scn-join-h" }, h("h2", { id: "scn-join-h" }, "Apply to join"), join));
    return box;
  }

  const STATUS_TEXT = {
    unverified: "Confirm your email address with the link we sent you; then a moderator reviews your application.",
    pending: "Your email is confirmed. A moderator is reviewing your application.",
    info_requested: "A moderator has a question about your application:",
    rejected: "Your application was not approved.",
    approved: "You are a member of the Network.",
  };

  function signedInAccount(m) {
    const box = h("div", { class: "scn-account" });
    const signOut = h("button", { type: "button", class: "md-button" }, "Sign out");
    signOut.addEventListener("click", async () => {
      await api("DELETE", "/session");
      await session(true);
      announce("Signed out.");
      remountAll();
    });
    box.append(h("p", { class: "scn-status" }, "Signed in as ", h("strong", {}, m.name), " (" + m.email + "). ", STATUS_TEXT[m.status] || ""));
    if (m.moderator_message) box.append(h("blockquote", {}, m.moderator_message));
    if (m.status === "info_requested") {
      box.append(form({
        label: "Answer the moderator", action: "Send answer",
        fields: [{ name: "note", label: "Your answer", type: "textarea", required: true, max: 2000 }],
        async submit(values, f) {
          await api("POST", "/join/answer", values);
          f.replaceWith(notice("Thank you; your application is back with the moderators."));
        },
      }));
    }
    if (m.status === "approved") {
      box.append(
        h("p", {}, h("a", { href: page("forum/") }, "Go to the forum"), " · ", h("a", { href: page("members/") }, "Member directory"),
          m.role !== "member" ? [" · ", h("a", { href: page("moderation/") }, "Moderation")] : null),
        h("h2", {}, "Your profile"),
        form({
          label: "Your profile", action: "Save profile",
          fields: [...profileFields(m), { name: "show_email", label: "Show my email address to other members", type: "checkbox", value: m.show_email }],
          async submit(values) {
            await api("PATCH", "/profile", values);
            await session(true);
            announce("Profile saved.");
          },
        }),
        h("h2", {}, "Change your email"),
        form({
          label: "Change your email", action: "Email me a confirmation link",
          fields: [
            { name: "new_email", label: "New email", type: "email", required: true, autocomplete: "email" },
            { name: "password", label: "Current password", type: "password", required: true, autocomplete: "current-password" },
          ],
          async submit(values, f) {
            await api("POST", "/account/email", values);
            f.replaceWith(notice("Check the new address for a confirmation link."));
          },
        }));
    }
    box.append(h("p", {}, signOut));
    return box;
  }

  /* ---------- mounting ---------- */

  const VIEWS = { account: accountView };
  const WHAT = { thread: "this discussion", forum: "the forum", members: "the member directory", moderation: "moderation" };

  async function mount(el) {
    const kind = el.dataset.scn;
    const view = VIEWS[kind];
    if (!view) return;
    el.classList.add("scn-widget");
    el.setAttribute("aria-busy", "true");
    try {
      if (kind !== "account") {
        const s = await session();
        const allowed = kind === "moderation" ? isModerator(s) : isMember(s);
        if (!allowed) return membersOnly(el, s, WHAT[kind]);
      }
      await view(el);
    } catch (err) {
      el.replaceChildren(notice(err.message, "error"));
    } finally {
      el.removeAttribute("aria-busy");
    }
  }

  const cleanups = new Set();

  function remountAll() {
    cleanups.forEach((stop) => stop());
    cleanups.clear();
    document.querySelectorAll("[data-scn]").forEach(mount);
  }

  // Material's instant navigation swaps the page without a reload: remount then.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(remountAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", remountAll);
  else remountAll();
})();
