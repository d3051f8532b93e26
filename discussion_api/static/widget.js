/* The Network's widget: one script that Library pages embed with mount points
   <div data-scn="thread|forum|members|account|moderation|stats" ...>.
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
      this.findings = error.findings || [];
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

  function when(iso, withTime) {
    const date = new Date(iso);
    const options = { day: "numeric", month: "short", year: "numeric" };
    if (withTime) Object.assign(options, { hour: "numeric", minute: "2-digit" });
    return h("time", { datetime: iso, title: date.toLocaleString() }, date.toLocaleString(undefined, options));
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
  function actionButton(text, fn, failure, className) {
    return h("button", { type: "button", class: className || "scn-link", onclick: async () => {
      showError(failure, null);
      try { await fn(); } catch (err) { showError(failure, err); }
    } }, text);
  }

  function notice(text, kind) {
    return h("p", { class: "scn-notice" + (kind ? " scn-notice--" + kind : ""), role: kind === "error" ? "alert" : "status" }, text);
  }

  /* ---------- vocabularies: GET /vocabulary, the server's own lists ---------- */

  let PROFESSIONS = [], STATES = [], ROLES = ["member", "moderator", "admin"];
  let AGE_BANDS = [], CARE_SETTINGS = [], BUNDLE_ELEMENTS = [];
  let vocabularyPromise = null;

  function loadVocabulary() {
    if (!vocabularyPromise) {
      vocabularyPromise = request("GET", "/vocabulary").then((v) => {
        PROFESSIONS = v.professional_roles.map((t) => [t.value, t.label]);
        STATES = v.states.map((t) => [t.value, t.label]);
        ROLES = v.roles;
        [AGE_BANDS, CARE_SETTINGS, BUNDLE_ELEMENTS] = [v.age_bands, v.care_settings, v.bundle_elements].map((terms) => terms.map((t) => [t.value, t.label]));
      }).catch((err) => { vocabularyPromise = null; throw err; });
    }
    return vocabularyPromise;
  }

  // A required choice starts empty: "Choose…" until the person chooses.
  const CHOOSE = ["", "Choose…"];
  const label = (list, value) => (list.find(([v]) => v === value) || [value, value])[1];

  function profileFields(m) {
    m = m || {};
    return [
      { name: "name", label: "Full name", required: true, autocomplete: "name", max: 120, value: m.name },
      { name: "professional_role", label: "Professional role", type: "select", required: true, options: [CHOOSE, ...PROFESSIONS], value: m.professional_role },
      { name: "credentials", label: "Credentials (e.g. BSN, RN, CCRN)", max: 200, value: m.credentials },
      { name: "job_title", label: "Job title", autocomplete: "organization-title", max: 200, value: m.job_title },
      { name: "facility", label: "Facility", required: true, autocomplete: "organization", max: 120, value: m.facility },
      { name: "city", label: "City", autocomplete: "address-level2", max: 200, value: m.city },
      { name: "state", label: "State or territory", type: "select", required: true, options: [CHOOSE, ...STATES], value: m.state },
      { name: "bed_count", label: "Facility bed count", type: "number", min: 0, inputmode: "numeric", value: m.bed_count },
      { name: "is_coordinator", label: "I coordinate a sepsis programme", type: "checkbox", value: m.is_coordinator },
    ];
  }

  /* ---------- who is looking ---------- */

  const isMember = (s) => !!(s && s.member && s.member.status === "approved");
  const isAdmin = (s) => isMember(s) && s.member.role === "admin";
  const isModerator = (s) => isMember(s) && ROLES.indexOf(s.member.role) >= ROLES.indexOf("moderator");

  function signInForm(onDone) {
    const f = form({
      label: "Sign in", action: "Sign in",
      fields: [
        { name: "email", label: "Email", type: "email", required: true, autocomplete: "username" },
        { name: "password", label: "Password", type: "password", required: true, autocomplete: "current-password" },
        TWO_FACTOR_FIELD,
      ],
      async submit(values) {
        const s = await api("POST", "/session", withCode(values, f)).catch((err) => { askForCode(f, err); throw err; });
        sessionPromise = Promise.resolve(s);
        announce("Signed in.");
        onDone(s);
      },
    });
    hideCodeField(f);
    return h("div", { class: "scn-signin" }, f, otherSignIns(onDone));
  }

  /** What a visitor who may not see a view sees instead of its content, said for who
      they are: signed out, an applicant, or (for moderation) a member. */
  function membersOnly(el, s, kind) {
    const what = WHAT[kind];
    const moderation = kind === "moderation";
    const panel = h("div", { class: "scn-panel", role: "region", "aria-label": moderation ? "For moderators" : "Members only" },
      h("p", { class: "scn-panel__title" }, moderation ? "For moderators" : "Members only"));
    if (moderation && isMember(s)) {
      panel.append(h("p", {}, "Moderation is for the Network's moderators and admins. You are signed in as a member, so there is nothing for you here; to bring a post to the moderators' attention, use Flag under the post."),
        h("p", {}, h("a", { href: page("forum/") }, "Go to the forum")));
    } else if (s && s.member) {
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
        h("p", {}, moderation
          ? "Moderation is for the Network's moderators and admins. Sign in to continue."
          : what.charAt(0).toUpperCase() + what.slice(1) + " is for approved members of the Network: healthcare professionals working to improve sepsis care."),
        h("p", { class: "scn-actions" }, toggle, !moderation && h("a", { class: "md-button md-button--primary", href: page("join/") }, "Join the Network")),
        slot);
    }
    el.replaceChildren(panel);
  }

  /** A signed-in-only box: sign in, or ask for a reset link. */
  function signInOnly(onDone) {
    return h("section", { "aria-labelledby": "scn-signin-h" + ++fieldCounter }, h("h2", { id: "scn-signin-h" + fieldCounter }, "Sign in"), signInForm(onDone),
      h("details", {}, h("summary", {}, "Forgot your password?"), resetRequestForm()));
  }

  function resetRequestForm() {
    return form({
      label: "Reset your password", action: "Email me a reset link",
      fields: [{ name: "email", label: "Email", type: "email", required: true, autocomplete: "username" }],
      async submit(values, f) {
        await api("POST", "/password-reset", values);
        f.replaceWith(notice("If an account uses that address, a reset link is on its way. It works for one hour."));
      },
    });
  }

  // What to do after a link that has expired or was used already.
  const LINK_NEXT = {
    verify: "If you confirmed your address already, just sign in. If not, sign in and ask for a new confirmation link, or apply again with the same address: we send a new link.",
    reset: "Ask for a new reset link below; each link works once, for one hour.",
    email_change: "Sign in and ask to change your email again; we send a new link to the new address.",
  };

  /* ---------- account: sign in, join, verify, profile, sign out ---------- */

  const LINK_ACTIONS = {
    verify: { path: "/join/verify", title: "Confirming your email" },
    reset: { path: "/password-reset/confirm", title: "Choose a new password" },
    email_change: { path: "/account/email/confirm", title: "Confirming your new email" },
    signin: { path: "/session/link", title: "Signing you in" },
  };

  async function accountView(el) {
    if (await ssoOutcome(el)) return;
    const match = /^#(verify|reset|email_change|signin)=([\w-]+)$/.exec(location.hash);
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
          try {
            await api("POST", action.path, { token, password: values.password });
          } catch (err) {
            if (err.code !== "invalid_link") throw err;
            el.replaceChildren(heading, notice("This reset link has expired or was used already. " + LINK_NEXT.reset, "error"), resetRequestForm());
            return;
          }
          el.replaceChildren(heading, notice("Your password is changed and every other session is signed out. Sign in with the new password."), signInForm(() => accountView(el)));
        },
      }));
      return;
    }
    el.replaceChildren(heading, notice("One moment…"));
    try {
      const result = await api("POST", action.path, { token }).catch((err) => {
        if (purpose !== "signin" || err.code !== "two_factor_required") throw err;
        return secondFactorAfterLink(el, heading, token);  // the link stays good for this
      });
      if (result === null && purpose === "signin") return;
      const text = purpose === "signin"
        ? "You are signed in."
        : purpose === "email_change"
        ? "Your email address is changed."
        : result && result.status === "approved"
          ? "Your email is confirmed and your membership is approved. Welcome!"
          : "Your email is confirmed. A moderator will review your application; we will email you when there is news.";
      el.replaceChildren(heading, notice(text));
      announce(text);
      const s = await session(true);
      // Signed in: the account as it now is. Not signed in: only the way in (the
      // application is done; showing its form again would say otherwise).
      el.append(s.member ? signedInAccount(s.member) : signInOnly(() => accountView(el)));
    } catch (err) {
      const text = err.code === "invalid_link" ? "This link has expired or was used already. " + LINK_NEXT[purpose] : err.message;
      el.replaceChildren(heading, notice(text, "error"));
      const s = await session(true).catch(() => null);
      el.append(s && s.member ? signedInAccount(s.member) : signInOnly(() => accountView(el)));
    }
  }

  function signedOutAccount() {
    const box = h("div", { class: "scn-account" });
    const reset = resetRequestForm();
    const join = form({
      label: "Apply to join", action: "Apply to join",
      intro: "Any healthcare professional working to improve sepsis care may apply. We email you a link to confirm your address; then a moderator reviews your application.",
      fields: [
        ...profileFields().slice(0, 1),
        { name: "email", label: "Work email", type: "email", required: true, autocomplete: "email", max: 254 },
        { name: "password", label: "Password (at least 8 characters; a long phrase is best)", type: "password", required: true, autocomplete: "new-password" },
        ...profileFields().slice(1),
        { name: "agrees_to_community_rules", label: ["I agree to the ", h("a", { href: page("rules/") }, "community rules"), ", and I will never post patient-identifying information"], type: "checkbox", required: true },
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

  // A post's status, as its badge says it (visible posts have none).
  const POST_STATUS_TEXT = {
    held: "Waiting for a moderator",
    hidden: "Hidden by a moderator",
    deleted: "Deleted",
  };

  const STATUS_TEXT = {
    unverified: "Confirm your email address with the link we sent you; then a moderator reviews your application.",
    pending: "Your email is confirmed. A moderator is reviewing your application.",
    info_requested: "A moderator has a question about your application:",
    rejected: "Your application was not approved.",
    approved: "You are a member of the Network.",
  };

  function signedInAccount(m) {
    const box = h("div", { class: "scn-account" });
    const signOutFailure = errorBox();
    const signOut = actionButton("Sign out", async () => {
      await api("DELETE", "/session");
      await session(true);
      announce("Signed out.");
      remountAll();
    }, signOutFailure, "md-button");
    box.append(h("p", { class: "scn-account-status" }, "Signed in as ", h("strong", {}, m.name), " (" + m.email + "). ", STATUS_TEXT[m.status] || ""));
    if (m.moderator_message) box.append(h("blockquote", {}, m.moderator_message));
    if (m.status === "unverified") {
      const failure = errorBox();
      const resend = actionButton("Email me a new confirmation link", async () => {
        await api("POST", "/join/resend");
        resend.replaceWith(notice("A new link is on its way to " + m.email + ". It works for 24 hours."));
      }, failure, "md-button");
      box.append(h("p", {}, resend), failure);
    }
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
            return "Profile saved.";
          },
        }),
        emailChoices(),
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
    box.append(h("h2", {}, "Change your password"), form({
      label: "Change your password", action: "Change password",
      fields: [
        { name: "current_password", label: "Current password", type: "password", required: true, autocomplete: "current-password" },
        { name: "new_password", label: "New password (at least 8 characters; a long phrase is best)", type: "password", required: true, autocomplete: "new-password" },
      ],
      async submit(values, f) {
        const answer = await api("POST", "/account/password", values);
        sessionPromise = Promise.resolve(answer);  // a new session, with its own CSRF token
        f.inputs.current_password.value = "";
        f.inputs.new_password.value = "";
        return "Your password is changed. Every other device you were signed in on is now signed out.";
      },
    }));
    box.append(securitySection());
    if (m.status === "approved") box.append(standingSection(m));
    if (m.status === "approved" && m.is_coordinator) box.append(handoverSection(m));
    box.append(yourData(m), h("p", {}, signOut), signOutFailure);
    return box;
  }

  /* ---------- other ways in: hospital sign-in, passkeys, emailed links, two-factor ---------- */

  const TWO_FACTOR_FIELD = { name: "code", label: "Code from your authenticator app, or a recovery code", autocomplete: "one-time-code", max: 20 };

  function hideCodeField(f) {
    f.inputs.code.closest(".scn-field").hidden = true;
  }

  /** The form's values with `code` only once the server asked for it; when it asks, the
      code field appears (the error says what to type). */
  function withCode(values, f) {
    const row = f.inputs.code.closest(".scn-field");
    const out = { ...values };
    if (row.hidden || !values.code) delete out.code;
    return out;
  }

  function askForCode(f, err) {
    if (err.code !== "two_factor_required") return;
    const row = f.inputs.code.closest(".scn-field");
    row.hidden = false;
    setTimeout(() => f.inputs.code.focus(), 0);
  }

  // The sentences for `#sso=` / `#sso_error=` outcomes the server redirects to.
  const SSO_ERRORS = {
    state_mismatch: "This sign-in was started in another window or took too long. Please start it again.",
    provider_refused: "Your hospital's sign-in did not finish, so you are not signed in. Please try again.",
    code_rejected: "Your hospital's sign-in expired before we could finish it. Please start it again.",
    token_rejected: "We could not confirm your hospital's answer, so you are not signed in. Please try again; if it keeps happening, tell your IT service desk.",
    provider_unreachable: "Your hospital's sign-in service did not answer. Please try again in a minute.",
    email_unverified: "Your hospital's sign-in did not confirm an email address, which joining needs. Join with the form instead.",
    identity_taken: "This hospital sign-in is already linked to another account.",
    sign_in_to_link: "Sign in to your account first, then link your hospital sign-in from Security.",
    suspended: "This account is suspended.",
  };

  function otherSignIns(onDone) {
    const failure = errorBox();
    const box = h("div", { class: "scn-signin-other" });
    request("GET", "/sso/providers").then((answer) => {
      if (!answer.providers.length) return;
      box.prepend(h("p", { class: "scn-actions" }, answer.providers.map((p) =>
        h("a", { class: "md-button", href: API + "/sso/" + encodeURIComponent(p.name) + "/start" }, p.label))));
    }, () => {});
    if (window.PublicKeyCredential && PublicKeyCredential.parseRequestOptionsFromJSON) {
      box.append(h("p", {}, actionButton("Sign in with a passkey", async () => {
        const options = await api("POST", "/session/passkey/options");
        const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) })
          .catch(() => { throw new ApiError(0, { code: "passkey_cancelled", message: "No passkey was used; nothing changed." }); });
        const s = await api("POST", "/session/passkey", { credential: credential.toJSON() });
        sessionPromise = Promise.resolve(s);
        announce("Signed in.");
        onDone(s);
      }, failure, "md-button")), failure);
    }
    box.append(h("details", {}, h("summary", {}, "Email me a sign-in link instead"), form({
      label: "Email me a sign-in link", action: "Email me a sign-in link",
      fields: [{ name: "email", label: "Email", type: "email", required: true, autocomplete: "username" }],
      async submit(values, f) {
        await api("POST", "/session/link/request", values);
        f.replaceWith(notice("If an account uses that address, a sign-in link is on its way. It works once, for 15 minutes, in this browser."));
      },
    })));
    return box;
  }

  /** A sign-in link for an account with two-factor: the code, then the same link again. */
  function secondFactorAfterLink(el, heading, token) {
    const f = form({
      label: "Your second factor", action: "Sign in",
      intro: "Your account has two-factor sign-in.",
      fields: [{ ...TWO_FACTOR_FIELD, required: true }],
      async submit(values) {
        await api("POST", "/session/link", { token, code: values.code });
        const s = await session(true);
        el.replaceChildren(heading, notice("You are signed in."), signedInAccount(s.member));
        announce("You are signed in.");
      },
    });
    el.replaceChildren(heading, f);
    return null;
  }

  /** What the server's single sign-on redirect says (in the hash); true if it was one. */
  async function ssoOutcome(el) {
    const m = /^#sso(_error)?=(\w+)$/.exec(location.hash);
    if (!m) return false;
    history.replaceState(null, "", location.pathname + location.search);
    const heading = h("h2", {}, "Hospital sign-in");
    if (m[1]) {
      el.replaceChildren(heading, notice(SSO_ERRORS[m[2]] || "Your hospital's sign-in did not work. Please try again.", "error"), signedOutAccount());
      return true;
    }
    if (m[2] === "join") {
      await ssoJoin(el, heading);
      return true;
    }
    const s = await session(true);
    const text = m[2] === "linked" ? "Your hospital sign-in is linked to this account." : "You are signed in.";
    el.replaceChildren(heading, notice(text), s.member ? signedInAccount(s.member) : signedOutAccount());
    announce(text);
    return true;
  }

  async function ssoJoin(el, heading) {
    await loadVocabulary();
    let pending;
    try {
      pending = await api("GET", "/sso/join");
    } catch (err) {
      el.replaceChildren(heading, notice(err.message, "error"), signedOutAccount());
      return;
    }
    el.replaceChildren(heading, form({
      label: "Apply to join", action: "Apply to join",
      intro: "Welcome. You signed in with your hospital as " + pending.email + ". A few questions more, then a moderator reviews your application.",
      fields: [
        ...profileFields({ name: pending.name }),
        { name: "agrees_to_community_rules", label: "I agree to the community rules, and I will never post patient-identifying information", type: "checkbox", required: true },
      ],
      async submit(values) {
        if (!values.agrees_to_community_rules) {
          throw new ApiError(422, { code: "rules", message: "Please agree to the community rules to join.", field: "agrees_to_community_rules" });
        }
        const s = await api("POST", "/sso/join", values);
        sessionPromise = Promise.resolve(s);
        el.replaceChildren(heading, notice("Thank you: your application is with the moderators."), signedInAccount(s.member));
        announce("Application sent.");
      },
    }));
  }

  /** The account's Security section: authenticator app and recovery codes, passkeys,
      hospital sign-ins. */
  function securitySection() {
    const section = h("section", { class: "scn-security", "aria-labelledby": "scn-security-h" }, h("h2", { id: "scn-security-h" }, "Security"));
    const body = h("div", {}, notice("Loading…"));
    section.append(body);
    // `shown`: something to keep at the top after the refresh (new recovery codes).
    const refresh = async (shown) => {
      const [security, providers, sessions] = await Promise.all([api("GET", "/account/security"), request("GET", "/sso/providers"), api("GET", "/account/sessions")]);
      body.replaceChildren(...[
        shown,
        totpPart(security, refresh),
        passkeysPart(security, refresh),
        identitiesPart(security, providers.providers),
        sessionsPart(sessions.sessions, refresh)].filter(Boolean));
    };
    refresh().catch((err) => body.replaceChildren(notice(err.message, "error")));
    return section;
  }

  function recoveryCodesList(codes) {
    return h("div", {}, h("p", {}, "Your recovery codes. Each works once, instead of a code from the app. Keep them somewhere safe; they are not shown again."),
      h("ul", { class: "scn-recovery-codes", "aria-label": "Recovery codes" }, codes.map((c) => h("li", {}, h("code", {}, c)))));
  }

  function totpPart(security, refresh) {
    const failure = errorBox();
    const part = h("div", { class: "scn-totp" }, h("h3", {}, "Authenticator app"));
    if (security.totp) {
      part.append(
        h("p", {}, "On. " + security.recovery_codes_left + (security.recovery_codes_left === 1 ? " recovery code" : " recovery codes") + " left."),
        h("p", { class: "scn-actions" },
          actionButton("Make new recovery codes", async () => {
            const answer = await api("POST", "/account/recovery-codes");
            part.append(recoveryCodesList(answer.recovery_codes));
          }, failure, "md-button"),
          actionButton("Turn off the authenticator app", async () => { await api("DELETE", "/account/totp"); await refresh(); }, failure, "md-button")),
        failure);
      return part;
    }
    part.append(h("p", {}, "Off. With an app such as Microsoft Authenticator or Google Authenticator, signing in also asks for a six-digit code. Moderators and admins need this (or a passkey) to moderate."),
      h("p", {}, actionButton("Set up an authenticator app", async () => {
        const setup = await api("POST", "/account/totp");
        const confirm = form({
          label: "Confirm the authenticator app", action: "Turn on",
          fields: [{ name: "code", label: "The six-digit code the app shows", required: true, autocomplete: "one-time-code", inputmode: "numeric", max: 10 }],
          async submit(values) {
            const answer = await api("POST", "/account/totp/confirm", values);
            await session(true);  // a fresh two-factor session, with its own CSRF token
            announce("The authenticator app is on.");
            await refresh(h("div", {}, notice("The authenticator app is on."), recoveryCodesList(answer.recovery_codes)));
          },
        });
        part.append(
          h("p", {}, "In the app, add an account by entering this key (time-based):"),
          h("p", {}, h("code", { class: "scn-totp-secret" }, setup.secret)),
          h("p", {}, "Or paste this address into an app that takes one:"),
          h("p", {}, h("code", { class: "scn-totp-uri" }, setup.uri)),
          confirm);
      }, failure, "md-button")), failure);
    return part;
  }

  function passkeysPart(security, refresh) {
    const failure = errorBox();
    const part = h("div", { class: "scn-passkeys" }, h("h3", {}, "Passkeys"),
      h("p", {}, "A passkey signs you in with your device's fingerprint, face or PIN instead of a password, and counts as two-factor sign-in."));
    part.append(security.passkeys.length
      ? h("ul", { class: "scn-list", "aria-label": "Your passkeys" }, security.passkeys.map((p) => h("li", {},
        h("strong", {}, p.name), " · added ", when(p.created_at), p.last_used_at ? [" · last used ", when(p.last_used_at, true)] : " · not used yet", " ",
        actionButton("Remove " + p.name, async () => { await api("DELETE", "/account/passkeys/" + p.id); await refresh(); }, failure))))
      : h("p", {}, "No passkeys yet."));
    if (window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON) {
      part.append(form({
        label: "Add a passkey", action: "Add a passkey",
        fields: [{ name: "name", label: "A name for it (e.g. Work laptop)", required: true, max: 120 }],
        async submit(values) {
          const options = await api("POST", "/account/passkeys/options");
          const credential = await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
            .catch(() => { throw new ApiError(0, { code: "passkey_cancelled", message: "No passkey was made; nothing changed." }); });
          await api("POST", "/account/passkeys", { name: values.name, credential: credential.toJSON() });
          announce("Passkey added.");
          await refresh();
        },
      }));
    } else {
      part.append(h("p", {}, "This browser cannot make passkeys."));
    }
    part.append(failure);
    return part;
  }

  function sessionsPart(sessions, refresh) {
    const failure = errorBox();
    const others = sessions.filter((x) => !x.current);
    return h("div", { class: "scn-sessions" }, h("h3", {}, "Where you are signed in"),
      h("ul", { class: "scn-list", "aria-label": "Your sessions" }, sessions.map((x) => h("li", {},
        h("strong", {}, x.device || "A browser"), x.current ? " (this browser)" : "",
        " · signed in ", when(x.created_at, true), " · last seen ", when(x.last_seen_at, true), " ",
        !x.current && actionButton("Sign out " + (x.device || "that browser"), async () => { await api("DELETE", "/account/sessions/" + x.id); await refresh(); }, failure)))),
      others.length ? h("p", {}, actionButton("Sign out everywhere else", async () => { await api("DELETE", "/account/sessions"); await refresh(); }, failure, "md-button")) : null,
      failure);
  }

  function identitiesPart(security, providers) {
    const part = h("div", { class: "scn-identities" }, h("h3", {}, "Hospital sign-in"));
    part.append(security.identities.length
      ? h("ul", { class: "scn-list", "aria-label": "Linked hospital sign-ins" }, security.identities.map((i) => h("li", {}, i.provider + (i.email ? " (" + i.email + ")" : "") + " · linked ", when(i.created_at))))
      : h("p", {}, "No hospital sign-in is linked."));
    if (providers.length) {
      part.append(h("p", { class: "scn-actions" }, providers.map((p) =>
        h("a", { class: "md-button", href: API + "/sso/" + encodeURIComponent(p.name) + "/link" }, "Link: " + p.label))));
    }
    return part;
  }

  /* ---------- professional standing: verification that expires, the yearly facility check ---------- */

  const VERIFICATION_METHODS = [["state_board", "State board look-up"], ["employer_email", "Email from the employer"], ["reference", "A reference"]];

  function standingSection(m) {
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
  function handoverSection(m) {
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
  async function verificationQueue(refresh) {
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

  /* ---------- data rights: your data, leaving, the forum's export ---------- */

  /** A JSON document offered as a file download, built in the browser (no second request). */
  function downloadJson(data, filename) {
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 1)], { type: "application/json" }));
    const link = h("a", { href: url, download: filename, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** Everything the Network holds about the member, readable: each part as a table. */
  function readableExport(data) {
    const parts = Object.entries(data).filter(([, rows]) => Array.isArray(rows));
    return h("div", { class: "scn-export" }, parts.map(([name, rows]) => h("section", {},
      h("h3", {}, name.replace(/_/g, " ")),
      rows.length ? h("table", {},
        h("thead", {}, h("tr", {}, Object.keys(rows[0]).map((key) => h("th", { scope: "col" }, key.replace(/_/g, " "))))),
        h("tbody", {}, rows.map((row) => h("tr", {}, Object.values(row).map((value) => h("td", {}, value == null ? "" : String(value)))))))
        : h("p", {}, "Nothing."))));
  }

  function yourData(m) {
    const failure = errorBox();
    const shown = h("div");
    const download = actionButton("Download everything about you (JSON)", async () => {
      downloadJson(await api("GET", "/account/export"), "my-network-data.json");
      shown.replaceChildren(notice("Downloaded as my-network-data.json."));
    }, failure, "md-button");
    const show = actionButton("Show it on this page", async () => {
      shown.replaceChildren(readableExport(await api("GET", "/account/export")));
    }, failure, "md-button");
    const leave = form({
      label: "Delete your account", action: "Delete my account", buttonClass: "md-button scn-button--danger",
      intro: "Your profile is erased and you are signed out everywhere. This cannot be undone.",
      fields: [
        { name: "posts", label: "Your posts", type: "select", required: true, options: [
          ["keep", "Keep them, shown as by \u201cFormer member\u201d"], ["delete", "Delete them, and their text from search"]] },
        { name: "password", label: "Your password", type: "password", required: true, autocomplete: "current-password" },
      ],
      async submit(values) {
        await api("DELETE", "/account", values);
        await session(true);
        announce("Your account is deleted.");
        remountAll();
      },
    });
    return h("section", { "aria-labelledby": "scn-your-data-h" }, h("h2", { id: "scn-your-data-h" }, "Your data"),
      h("p", {}, "Everything the Network holds about you: your profile, your posts and the versions you wrote, your sessions, and what you follow, flagged or asked for. Nothing of anyone else."),
      h("p", { class: "scn-actions" }, download, show), failure, shown,
      h("details", {}, h("summary", {}, "Delete your account (" + m.name + ")"), leave));
  }

  /** Admins: the whole forum as JSON, for the organisation's records. */
  function forumExport() {
    const failure = errorBox();
    const done = h("div");
    return h("section", { "aria-labelledby": "scn-export-h" }, h("h2", { id: "scn-export-h" }, "Export the forum"),
      h("p", {}, "Every category, thread, post, member profile (no passwords), group, flag and audit entry, as JSON for the organisation's records. The command line does the same: scn export PATH."),
      h("p", {}, actionButton("Download the forum (JSON)", async () => {
        downloadJson(await api("GET", "/admin/export"), "network-forum-export.json");
        done.replaceChildren(notice("Downloaded as network-forum-export.json."));
      }, failure, "md-button")), failure, done);
  }

  /* ---------- live updates (Server-Sent Events) ---------- */

  /** Follow `topics`: `onChange(type, payload)` runs for each forum event, `onState`
      with "live" | "down" | "ended", `onReset` when too much was missed to replay.
      Events are signals carrying ids: views fetch what changed by post id, so a
      replayed or repeated event never shows a post twice. */
  function follow(topics, onChange, onState, onReset) {
    let since = 0, source = null, timer = null, delay = 1000, stopped = false;
    function open() {
      // A new EventSource forgets Last-Event-ID, so the position rides in ?since= too.
      source = new EventSource(API + "/events?topics=" + encodeURIComponent(topics.join(",")) + (since ? "&since=" + since : ""), { withCredentials: true });
      source.onmessage = (event) => {
        const message = JSON.parse(event.data);
        if (message.id) since = Math.max(since, message.id);
        if (message.type === "stream.open") {
          since = Math.max(since, message.payload.last_event_id || 0);
          delay = 1000;
          onState("live");
        } else if (message.type === "stream.reset") {
          onReset();
        } else if (message.type === "stream.ended") {
          source.close();
          if (message.payload.reason === "server_shutdown" || message.payload.reason === "too_slow") return source.onerror();
          onState("ended");
        } else {
          onChange(message.type, message.payload);
        }
      };
      source.onerror = () => {
        source.close();
        if (stopped) return;
        onState("down");
        timer = setTimeout(retry, delay);
        delay = Math.min(delay * 2, 15000);
      };
    }
    async function retry() {
      try {
        // A refused stream (signed out, suspended) ends for good: say so.
        if (!isMember(await session(true))) return onState("ended");
      } catch (err) { /* offline: keep trying */ }
      if (!stopped) open();
    }
    open();
    const stop = () => { stopped = true; clearTimeout(timer); if (source) source.close(); };
    cleanups.add(stop);
    return stop;
  }

  function liveState() {
    const el = h("p", { class: "scn-state", "aria-live": "polite" });
    el.set = (state) => {
      el.className = "scn-state" + (state === "live" ? "" : " scn-state--down");
      el.textContent = state === "live" ? "Live: new posts appear as they are written."
        : state === "ended" ? "Live updates stopped: sign in again to continue."
          : "Reconnecting… posts written meanwhile will appear when the connection returns.";
    };
    return el;
  }

  /* ---------- composing: drafts survive reloads and failures ---------- */

  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
  }

  /** A Markdown composer whose text is saved in localStorage as it is typed.
      `send(body, key, form, extra)` gets an idempotency key kept with the draft, so a
      retry after a lost answer never creates the post twice, and `extra` to add to the
      request body: {confirm_identifiers: true} after the identifier warning, and what
      `spec.parts` add (elements above the text, each with an optional `payload()` for
      the body, and `sent()` once the post is sent; their named fields join the draft). The
      parts come before the text, so Tab goes from the text straight to sending. */
  const MAX_POST = 20000;

  function composer(spec) {
    const storeKey = "scn-draft:" + spec.draftKey;
    let draft = {};
    try { draft = JSON.parse(STORE.getItem(storeKey)) || {}; } catch (err) { draft = {}; }
    const id = "scn-f" + ++fieldCounter;
    // No maxlength: the browser would silently cut a long paste. The counter shows the
    // length, and sending is refused (text kept) until it fits.
    const area = h("textarea", { id, name: "body", rows: 6, required: true, "aria-describedby": id + "-hint " + id + "-count" });
    area.value = draft.body || spec.initial || "";
    const title = spec.title;
    if (title && draft.title != null) title.value = draft.title;
    const counter = h("small", { id: id + "-count", class: "scn-counter" });
    const count = () => {
      const n = area.value.length;
      counter.textContent = n.toLocaleString("en-US") + " of " + MAX_POST.toLocaleString("en-US") + " characters" + (n > MAX_POST ? ": too long" : "");
      counter.classList.toggle("scn-counter--over", n > MAX_POST);
    };
    count();
    const box = errorBox();
    const button = h("button", { type: "submit", class: "md-button md-button--primary" }, spec.action);
    // The preview is rendered and sanitised by the server, exactly as the post will be.
    const preview = h("section", { class: "scn-preview", "aria-label": "Preview", hidden: true });
    const previewButton = h("button", { type: "button", class: "md-button", onclick: async () => {
      showError(box, null);
      if (!area.value.trim()) return showError(box, { message: "Write something first; then preview it." });
      if (area.value.length > MAX_POST) return showError(box, { message: "Keep it under " + MAX_POST.toLocaleString("en-US") + " characters to preview it." });
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
        return showError(box, { message: "Your text is " + area.value.length.toLocaleString("en-US") + " characters long. Keep it under " + MAX_POST.toLocaleString("en-US") + " characters: shorten it or split it into two posts. Nothing was sent, and your text is kept." });
      }
      el.querySelectorAll("[aria-invalid]").forEach((field) => field.removeAttribute("aria-invalid"));
      save();
      button.disabled = true;
      showError(box, null);
      try {
        const extra = Object.assign({}, ...parts.map((part) => (part.payload ? part.payload() : {})));
        if (confirmed === true) extra.confirm_identifiers = true;
        await spec.send(area.value, draft.key, el, extra);
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

  /* ---------- composer parts: anonymity, case discussions, the rules reminder ---------- */

  /** "Post as Anonymous member": the server shows other members (and moderators, until
      two of them reveal it) "Anonymous member" instead of the author. */
  function anonymousToggle() {
    const id = "scn-f" + ++fieldCounter;
    const box = h("input", { type: "checkbox", id, name: "anonymous", "aria-describedby": id + "-hint" });
    const el = h("div", { class: "scn-check" }, box, h("div", { class: "scn-field" }, h("label", { for: id }, "Post as Anonymous member"),
      h("small", { id: id + "-hint" }, "Other members see “Anonymous member” and nothing of you. Moderators learn who wrote it only if two of them agree, with a recorded reason, and you are told.")));
    el.payload = () => (box.checked ? { anonymous: true } : {});
    el.sent = () => { box.checked = false; };
    return el;
  }

  /** A case discussion's structured fields (POST /threads `case`): bands and minutes from
      time zero instead of ages, dates and clock times; the two free-text fields pass the
      patient-information guard like the post, and a finding selects its text here. */
  async function caseSection() {
    await loadVocabulary();
    const field = (label, input, hint) => {
      input.id = "scn-f" + ++fieldCounter;
      if (hint) input.setAttribute("aria-describedby", input.id + "-hint");
      return h("div", { class: "scn-field" }, h("label", { for: input.id }, label), input, hint && h("small", { id: input.id + "-hint" }, hint));
    };
    const choice = (name, options) => h("select", { name }, [CHOOSE, ...options].map(([value, text]) => h("option", { value }, text)));
    const ageBand = choice("case.age_band", AGE_BANDS);
    const setting = choice("case.setting", CARE_SETTINGS);
    const minutes = BUNDLE_ELEMENTS.map(([value, text]) => [value, text, h("input", { name: "case.minutes." + value, type: "number", min: -360, max: 4320, step: 1, inputmode: "numeric" })]);
    const obstacles = h("textarea", { name: "case.obstacles", rows: 3, maxlength: 4000 });
    const question = h("textarea", { name: "case.question", rows: 2, maxlength: 4000 });
    const toggleId = "scn-f" + ++fieldCounter;
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

  /** On a member's first post (the session's has_posted), a short reminder of the rules. */
  function rulesReminder() {
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

  /* ---------- a thread: posts, replies, live updates, moderation ---------- */

  async function threadView(el, threadId, pageKey, focusPostId) {
    const s = await session();
    const me = s.member;
    if (!threadId) {
      const found = (await api("GET", "/pages/thread?key=" + encodeURIComponent(pageKey))).thread;
      if (!found) return startPageThread(el, pageKey);
      threadId = found.id;
    }
    const data = await api("GET", "/threads/" + threadId);
    const thread = data.thread;
    // The first answer holds up to 50 posts; read the rest before going live, so
    // catching up never presents old posts as new ones.
    for (let batch = data.posts; batch.length >= 50;) {
      batch = (await api("GET", "/threads/" + thread.id + "?after=" + batch[batch.length - 1].id + "&limit=100")).posts;
      data.posts.push(...batch);
    }
    const posts = new Map();
    const list = h("ol", { class: "scn-list", "aria-label": "Posts" });
    const state = liveState();
    const newButton = h("button", { type: "button", class: "md-button scn-new-replies", hidden: true });
    let unseen = [];
    let lastId = 0;

    function postEl(p) {
      const body = trusted(h("div", { class: "scn-post__body" }), p.html);
      const actions = h("footer", { class: "scn-meta" });
      const failure = errorBox();
      const act = (text, fn) => actions.append(actionButton(text, fn, failure));
      if (p.status === "visible") {
        act("Quote", () => { reply.area.value += (reply.area.value ? "\n\n" : ""); reply.quote = p.id; reply.area.focus(); reply.quoteNote.textContent = "Quoting " + p.author.name + "."; });
        act((p.helpful_by_me ? "Helpful ✓ " : "Helpful ") + "(" + p.helpful_count + ")", async () => { await api(p.helpful_by_me ? "DELETE" : "PUT", "/posts/" + p.id + "/helpful"); refresh(p.id); });
        if (me.id === p.author.id) act("Edit", () => editPost(p, item));
        if (me.id === p.author.id || isModerator(s)) act("Delete", async () => { if (confirm("Delete this post?")) { await api("DELETE", "/posts/" + p.id); refresh(p.id); } });
        if (me.id !== p.author.id && p.flagged_by_me) actions.append(h("span", {}, "You flagged this post; the moderators will look at it."));
        else if (me.id !== p.author.id) act("Flag", () => flagPost(p, actions));
        if ((me.id === thread.author.id || isModerator(s)) && p.id !== firstId && !p.accepted) {
          act("Accept answer", async () => { await api("PUT", "/threads/" + thread.id + "/accepted", { post_id: p.id }); reload(); });
        }
        if (isModerator(s)) act("Hide (moderator)", () => moderate(p, "hide", actions));
      } else if (p.status === "held" && me.id === p.author.id) {
        act("Edit", () => editPost(p, item));
      } else if (isModerator(s) && p.status === "hidden") {
        act("Restore (moderator)", () => moderate(p, "restore", actions));
      }
      if (p.revision_count > 1) act("History (" + p.revision_count + ")", () => history(p, item));
      const item = h("li", { class: "scn-post" + (p.status !== "visible" ? " scn-post--hidden" : "") + (p.accepted ? " scn-post--accepted" : "") + (unread.has(p.id) ? " scn-post--unread" : ""), id: "scn-post-" + p.id, "data-post-id": p.id },
        h("header", {}, h("strong", {}, p.author.name), p.author.role !== "member" && h("span", { class: "scn-badge" }, p.author.role),
          p.author.anonymous && p.author.id > 0 && h("span", { class: "scn-badge" }, me.id === p.author.id ? "Posted anonymously: others see “Anonymous member”" : "Anonymous to members"),
          when(p.created_at), p.edited_at && h("span", {}, "edited"), p.accepted && h("span", { class: "scn-badge" }, "Accepted answer"),
          p.status !== "visible" && h("span", { class: "scn-badge" }, POST_STATUS_TEXT[p.status] || p.status),
          unread.has(p.id) && h("span", { class: "scn-badge scn-badge--unread" }, "New since your last visit")),
        p.quote && h("blockquote", { class: "scn-quote" },
          h("p", { class: "scn-quote__who" }, h("a", { href: "#scn-post-" + p.quote.post_id, onclick: (event) => showPost(event, p.quote.post_id) }, p.quote.author.name + " wrote:")),
          trusted(h("div"), p.quote.html)),
        body, actions, failure);
      return item;
    }

    const firstId = data.posts.length ? data.posts[0].id : 0;
    // Posts after the member's read position (known before this visit marks them read);
    // on a first visit every post is new, so none is marked.
    const visiblePosts = data.posts.filter((p) => p.status === "visible");
    const unread = new Set(thread.unread_count > 0 && thread.unread_count < visiblePosts.length
      ? visiblePosts.slice(-thread.unread_count).map((p) => p.id) : []);

    /** A quoted post's link: bring the post into view (the address stays the thread's). */
    function showPost(event, postId) {
      const target = posts.get(postId);
      if (!target) return;
      event.preventDefault();
      event.stopPropagation();
      target.setAttribute("tabindex", "-1");
      target.scrollIntoView({ block: "start" });
      target.focus();
    }

    function place(p, fresh) {
      lastId = Math.max(lastId, p.id);
      const item = postEl(p);
      const old = posts.get(p.id);
      posts.set(p.id, item);
      if (old) return old.replaceWith(item);
      list.append(item);
      if (!fresh) return;
      item.classList.add("scn-post--new");
      announce("New reply from " + p.author.name + ".");
      const rect = list.getBoundingClientRect();
      if (rect.bottom > window.innerHeight + 40) {
        unseen.push(item);
        newButton.textContent = unseen.length + (unseen.length === 1 ? " new reply" : " new replies") + " ↓";
        newButton.hidden = false;
      }
    }

    newButton.addEventListener("click", () => {
      const first = unseen[0];
      unseen = [];
      newButton.hidden = true;
      if (first) { first.scrollIntoView({ block: "center" }); first.setAttribute("tabindex", "-1"); first.focus(); }
    });

    // Background updates: a failure here is a dropped connection, and the next
    // reconnect ("live") catches up again, so nothing is lost by ignoring it.
    async function catchUp() {
      try {
        const more = await api("GET", "/threads/" + thread.id + "?after=" + lastId);
        more.posts.forEach((p) => place(p, true));
        if (more.posts.length) await api("PUT", "/threads/" + thread.id + "/read", { post_id: lastId });
      } catch (err) { /* see above */ }
    }

    async function refresh(postId) {
      try {
        const one = await api("GET", "/threads/" + thread.id + "?after=" + (postId - 1) + "&limit=1");
        one.posts.filter((p) => p.id === postId).forEach((p) => place(p, false));
        if (!one.posts.some((p) => p.id === postId) && posts.has(postId)) { posts.get(postId).remove(); posts.delete(postId); }
      } catch (err) { /* see above */ }
    }

    let stopLive = null;
    const reload = () => {
      stopLive();
      return threadView(el, thread.id, pageKey).catch((err) => el.replaceChildren(notice(err.message, "error")));
    };

    function editPost(p, item) {
      const editor = composer({
        draftKey: "edit:" + p.id, label: "Edit your post", action: "Save changes", initial: p.markdown,
        cancel: () => editor.replaceWith(item),
        async send(body, key, form, extra) { await api("PATCH", "/posts/" + p.id, { body, ...extra }); editor.replaceWith(item); refresh(p.id); },
      });
      item.replaceWith(editor);
      editor.area.focus();
    }

    async function history(p, item) {
      const revisions = (await api("GET", "/posts/" + p.id + "/revisions")).revisions;
      const box = h("details", { open: true, class: "scn-history" }, h("summary", {}, "Revision history"),
        revisions.map((r) => h("div", {}, h("p", { class: "scn-meta" }, "Version written ", when(r.written_at)), trusted(h("div", {}), r.html))));
      item.append(box);
    }

    function flagPost(p, actions) {
      actions.append(form({
        label: "Flag this post", action: "Send to moderators",
        fields: [{ name: "reason", label: "What is wrong with this post?", type: "textarea", required: true, rows: 2, max: 2000 }],
        async submit(values) { await api("POST", "/posts/" + p.id + "/flags", values); announce("Thank you; the moderators will look at it."); refresh(p.id); },
      }));
    }

    function moderate(p, action, actions) {
      actions.append(form({
        label: action === "hide" ? "Hide this post" : "Restore this post", action: action === "hide" ? "Hide post" : "Restore post",
        fields: [{ name: "reason", label: "Reason (kept in the audit log)", type: "textarea", required: true, rows: 2, max: 2000 }],
        async submit(values) { await api("POST", "/mod/posts/" + p.id + "/" + action, values); announce(action === "hide" ? "Post hidden." : "Post restored."); refresh(p.id); },
      }));
    }

    const reply = composer({
      draftKey: "thread:" + thread.id, label: "Your reply", action: "Post reply", parts: [rulesReminder(), anonymousToggle()],
      async send(body, key, form, extra) {
        const payload = { body, ...extra };
        if (reply.quote) payload.quote_post_id = reply.quote;
        const p = await api("POST", "/threads/" + thread.id + "/posts", payload, { "Idempotency-Key": key });
        reply.quote = null;
        reply.quoteNote.textContent = "";
        place(p, false);
        announce("Reply posted.");
      },
    });
    mentionSuggestions(reply.area, thread.id);
    reply.quoteNote = h("p", { class: "scn-meta", "aria-live": "polite" });
    reply.prepend(reply.quoteNote);

    const followFailure = errorBox();
    const followButton = actionButton(thread.following ? "Following" : "Follow", async () => {
      const on = followButton.getAttribute("aria-pressed") !== "true";
      await api(on ? "PUT" : "DELETE", "/threads/" + thread.id + "/follow");
      followButton.setAttribute("aria-pressed", String(on));
      followButton.textContent = on ? "Following" : "Follow";
    }, followFailure, "md-button");
    followButton.setAttribute("aria-pressed", String(thread.following));
    const modTools = isModerator(s) && h("details", { class: "scn-mod-tools" }, h("summary", {}, "Moderator tools"), form({
      label: "Moderate this thread", action: "Apply",
      fields: [
        { name: "change", label: "Change", type: "select", options: [
          ["pinned", thread.pinned ? "Unpin the thread" : "Pin the thread"],
          ["locked", thread.locked ? "Unlock the thread" : "Lock the thread"],
          ...(await categoryOptions()).filter(([id]) => Number(id) !== thread.category_id).map(([id, name]) => ["move:" + id, "Move to " + name])] },
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

    el.replaceChildren(
      h("div", { class: "scn-thread" },
        h("h2", {}, thread.title, thread.pinned && h("span", { class: "scn-badge" }, "Pinned"), thread.locked && h("span", { class: "scn-badge" }, "Locked")),
        h("p", { class: "scn-actions" }, followButton, unread.size ? h("button", { type: "button", class: "md-button", onclick: (event) => showPost(event, [...unread][0]) },
          "Jump to the first unread post (" + unread.size + ")") : null), followFailure, modTools, state, list, newButton,
        thread.locked ? notice("This thread is locked: no new replies.") : reply));
    data.posts.forEach((p) => place(p, false));
    if (focusPostId && posts.has(focusPostId)) focusPost(posts.get(focusPostId));
    if (lastId) api("PUT", "/threads/" + thread.id + "/read", { post_id: lastId }).catch(() => {});
    stopLive = follow(["thread:" + thread.id], (type, payload) => {
      if (type.startsWith("thread.")) return type === "thread.created" ? null : reload();
      if (!payload.post_id || payload.post_id > lastId) catchUp();
      else refresh(payload.post_id);
    }, (st) => { state.set(st); if (st === "live") catchUp(); }, reload);
  }

  async function categoryOptions(all) {
    const categories = (await api("GET", "/categories")).categories.filter((c) => all || !c.archived);
    return categories.map((c) => [String(c.id), c.name]);
  }

  async function startPageThread(el, pageKey) {
    const options = await categoryOptions();
    const heading = document.querySelector("h1");
    const category = h("select", { id: "scn-cat-" + ++fieldCounter, name: "category_id" }, options.map(([v, l]) => h("option", { value: v }, l)));
    const title = h("input", { id: "scn-title-" + fieldCounter, name: "title", required: true, maxlength: 200, value: heading ? heading.textContent.trim().slice(0, 200) : "" });
    const start = composer({
      draftKey: "page:" + pageKey, label: "Your question or comment", action: "Start the discussion", title,
      fields: [h("div", { class: "scn-field" }, h("label", { for: title.id }, "Title"), title), h("div", { class: "scn-field" }, h("label", { for: category.id }, "Category"), category)],
      parts: [rulesReminder(), await caseSection(), anonymousToggle()],
      async send(body, key, form, extra) {
        await api("POST", "/threads", { category_id: Number(category.value), title: title.value, body, page_key: pageKey, ...extra }, { "Idempotency-Key": key });
        await threadView(el, null, pageKey);
      },
    });
    el.replaceChildren(h("p", {}, "Nobody has discussed this page yet. Ask a question or share how you use it."), start);
  }

  function threadMount(el) {
    return threadView(el, null, el.dataset.scnKey);
  }

  /* ---------- the forum: categories, threads, search (deep links in the hash) ---------- */

  /** The forum's views live in the address's hash (#/c/1, #/t/2, #/search/q), so every
      view has an address, and back and forward work. Material's instant navigation
      takes over every same-origin link click and changes the address with
      history.pushState, which fires no `hashchange`: so the widget follows its own
      links itself (before the click reaches Material on <body>), and re-routes on
      `popstate` and `hashchange` alike, whoever changed the address. */
  async function forumView(el) {
    const path = location.pathname;
    let shown = null;
    const route = () => {
      shown = location.hash;
      cleanups.forEach((stop) => { if (!stop.keep) { stop(); cleanups.delete(stop); } });
      const m = /^#\/(c|t|search|list)\/(.+)$/.exec(location.hash);
      const here = !m ? "#/" : m[1] === "list" ? location.hash : null;
      const crumbs = h("nav", { class: "scn-crumbs", "aria-label": "Forum" },
        [["#/", "All categories"], ...Object.entries(LISTS).map(([kind, l]) => ["#/list/" + kind, l.name])].map(([href, text], i) =>
          [i ? " · " : "", h("a", { href, "aria-current": href === here ? "page" : null }, text)]));
      const slot = h("div");
      el.replaceChildren(crumbs, slot);
      const show = !m ? categoriesView(slot) : m[1] === "c" ? categoryView(slot, Number(m[2])) : m[1] === "t" ? threadView(slot, parseInt(m[2], 10), null, Number((/\/p\/(\d+)$/.exec(m[2]) || [])[1]) || null)
        : m[1] === "list" ? listView(slot, m[2]) : searchView(slot, m[2]);
      return show.catch((err) => slot.replaceChildren(notice(err.message, "error")));
    };
    const onAddress = () => {
      // Another page (Material is swapping it in) or the view already shown: nothing to do.
      if (location.pathname !== path || location.hash === shown || !el.isConnected) return;
      route();
    };
    el.addEventListener("click", (event) => {
      const link = event.target instanceof Element && event.target.closest("a[href]");
      if (!link || link.target || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname !== path || !/^#\/|^$/.test(url.hash)) return;
      event.preventDefault();
      event.stopPropagation();
      navigate(url.hash || "#/");
    });
    forumNavigate = (hash) => {
      if (hash !== location.hash) history.pushState(null, "", hash);
      onAddress();
    };
    window.addEventListener("popstate", onAddress);
    window.addEventListener("hashchange", onAddress);
    const unhook = () => {
      window.removeEventListener("popstate", onAddress);
      window.removeEventListener("hashchange", onAddress);
      forumNavigate = null;
    };
    unhook.keep = true;
    cleanups.add(unhook);
    await route();
  }

  let forumNavigate = null;

  /** Go to a forum view (`#/t/3`): in place on the forum page, else to the forum page. */
  function navigate(hash) {
    if (forumNavigate) forumNavigate(hash);
    else location.href = page("forum/") + hash;
  }

  /** What's new at a glance: lists across categories (GET /lists/{kind}). */
  const LISTS = {
    latest: { name: "Latest", empty: "No threads yet." },
    unanswered: { name: "Unanswered", empty: "Every thread has a reply. Thank you!" },
    unread: { name: "Unread", empty: "You have read everything." },
    following: { name: "Following", empty: "You follow no threads yet. Use Follow on a thread to see it here." },
  };

  async function listView(slot, kind) {
    const list = LISTS[kind];
    if (!list) return slot.replaceChildren(notice("There is no such list.", "error"));
    const [answer, options] = await Promise.all([api("GET", "/lists/" + kind + "?limit=50"), categoryOptions(true)]);
    const category = (id) => (options.find(([v]) => Number(v) === id) || [0, ""])[1];
    slot.replaceChildren(h("h2", {}, list.name), answer.threads.length
      ? threadItems(h("ul", { class: "scn-list", "aria-label": list.name + " threads" }), answer.threads, category)
      : notice(list.empty));
  }

  /** Thread rows: title link, then who, replies, unread, state (and the category if given). */
  function threadItems(ul, threads, category) {
    ul.append(...threads.map((t) => h("li", {},
      t.pinned && h("span", { class: "scn-badge" }, "Pinned"), " ", h("a", { href: "#/t/" + t.id }, t.title), " ",
      t.unread_count ? h("span", { class: "scn-badge scn-badge--unread" }, t.unread_count + " unread") : null, " ",
      h("span", { class: "scn-meta" }, category ? category(t.category_id) + " · " : "", t.author.name, " · ", (t.post_count - 1) + (t.post_count === 2 ? " reply" : " replies"),
        t.accepted_post_id ? " · answered" : "", t.locked ? " · locked" : ""))));
    return ul;
  }

  /** The search form; a search's address is #/search/WORDS, or #/search/WORDS?c=ID in one category. */
  function searchBox(categories, value, categoryId) {
    const el = form({
      label: "Search the forum", action: "Search",
      fields: [{ name: "q", label: "Search posts (the start of a word is enough)", type: "search", required: true, max: 200, value },
        { name: "c", label: "In", type: "select", options: [["", "All categories"], ...categories], value: categoryId || "" }],
      async submit(values) { navigate("#/search/" + encodeURIComponent(values.q) + (values.c ? "?c=" + values.c : "")); },
    });
    el.classList.add("scn-search");
    return el;
  }

  async function categoriesView(slot) {
    const categories = (await api("GET", "/categories")).categories;
    slot.replaceChildren(searchBox(categories.filter((c) => !c.archived).map((c) => [String(c.id), c.name])), h("ul", { class: "scn-list", "aria-label": "Categories" }, categories.filter((c) => !c.archived).map((c) =>
      h("li", {}, h("a", { href: "#/c/" + c.id }, h("strong", {}, c.name)), " ", h("span", { class: "scn-meta" }, c.thread_count + (c.thread_count === 1 ? " thread" : " threads"), c.groups && c.groups.length ? " · members of its groups only" : ""), h("br"), c.description))));
  }

  const THREADS_PAGE = 50;

  async function categoryView(slot, categoryId) {
    const threadsPath = "/categories/" + categoryId + "/threads?limit=" + THREADS_PAGE + "&offset=";
    const [first, options] = await Promise.all([api("GET", threadsPath + 0), categoryOptions()]);
    const name = (options.find(([v]) => Number(v) === categoryId) || [0, "Category"])[1];
    const title = h("input", { id: "scn-title-" + ++fieldCounter, name: "title", required: true, minlength: 3, maxlength: 200 });
    const start = composer({
      draftKey: "category:" + categoryId, label: "Your question or topic", action: "Start thread", title,
      fields: [h("div", { class: "scn-field" }, h("label", { for: title.id }, "Title"), title)],
      parts: [rulesReminder(), await caseSection(), anonymousToggle()],
      async send(body, key, form, extra) {
        const made = await api("POST", "/threads", { category_id: categoryId, title: title.value, body, ...extra }, { "Idempotency-Key": key });
        navigate("#/t/" + made.thread.id);
      },
    });
    const list = h("ul", { class: "scn-list", "aria-label": "Threads" });
    const failure = errorBox();
    let shown = 0;
    const more = actionButton("Show more threads", async () => show((await api("GET", threadsPath + shown)).threads), failure, "md-button");
    function show(threads) {
      shown += threads.length;
      threadItems(list, threads);
      more.hidden = threads.length < THREADS_PAGE;
    }
    show(first.threads);
    slot.replaceChildren(h("h2", {}, name), ...(shown ? [list, more, failure] : [notice("No threads yet. Start the first one below.")]),
      h("h3", {}, "Start a new thread"), start);
  }

  async function searchView(slot, route) {
    const [words, categoryId] = route.split("?c=");
    const q = decodeURIComponent(words);
    const [answer, options] = await Promise.all([
      api("GET", "/search?q=" + encodeURIComponent(q) + (categoryId ? "&category_id=" + encodeURIComponent(categoryId) : "")), categoryOptions()]);
    const results = answer.results;
    slot.replaceChildren(searchBox(options, q, categoryId), h("p", { role: "status" }, results.length + (results.length === 1 ? " post matches." : " posts match.")),
      h("ul", { class: "scn-list", "aria-label": "Search results" }, results.map((r) => h("li", {},
        h("a", { href: "#/t/" + r.thread_id }, r.thread_title), " ", h("span", { class: "scn-meta" }, r.author.name, " · ", when(r.created_at)),
        // Snippets are escaped text with <mark> around matches, built by the server.
        trusted(h("p", { class: "scn-snippet" }), r.snippet)))));
  }

  /* ---------- the member directory ---------- */

  async function membersView(el) {
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
          [m.job_title, m.facility, [m.city, label(STATES, m.state)].filter(Boolean).join(", ")].filter(Boolean).join(" · "), h("br"),
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

  /* ---------- moderation: join queue, flag queue, audit log ---------- */

  /** Moderation, drawn again after each decision: busy until every queue has arrived, so
      assistive technology (and anyone watching) knows the page is being replaced. */
  async function moderationView(el) {
    el.setAttribute("aria-busy", "true");
    try {
      await drawModeration(el);
    } finally {
      el.removeAttribute("aria-busy");
    }
  }

  async function drawModeration(el) {
    const s = await session();
    const [applications, flags, held, audit] = await Promise.all([api("GET", "/mod/applications"), api("GET", "/mod/flags"), api("GET", "/mod/held"), api("GET", "/mod/audit")]);
    const decide = (a, action, needsReason) => form({
      label: action.replace("-", " ") + " " + a.name, action: action === "approve" ? "Approve" : action === "reject" ? "Reject" : "Ask for more information",
      buttonClass: action === "approve" ? "md-button md-button--primary" : action === "reject" ? "md-button scn-button--danger" : "md-button",
      fields: [{ name: "reason", label: needsReason ? "Message to the applicant" : "Note for the audit log (optional)", type: "textarea", required: needsReason, rows: 2, max: 2000 }],
      async submit(values) { await api("POST", "/mod/applications/" + a.id + "/" + action, values); announce("Done."); moderationView(el); },
    });
    // Inside h(), conditional parts that are false are left out (replaceChildren would print them).
    el.replaceChildren(h("div", {},
      h("h2", {}, "Applications (" + applications.applications.length + ")"),
      applications.applications.length ? h("ul", { class: "scn-list", "aria-label": "Applications" }, applications.applications.map((a) => h("li", {},
        h("strong", {}, a.name), " · ", a.email, " · ", a.status === "info_requested" ? "waiting for the applicant's answer" : a.verified_at ? "email confirmed" : "email not confirmed", h("br"),
        [label(PROFESSIONS, a.professional_role), a.credentials, a.job_title, a.facility, [a.city, label(STATES, a.state)].filter(Boolean).join(", "), a.bed_count != null && a.bed_count + " beds", a.is_coordinator && "sepsis coordinator"].filter(Boolean).join(" · "),
        a.applicant_note && h("blockquote", {}, "Applicant's answer: ", a.applicant_note),
        h("details", {}, h("summary", {}, "Decide"), decide(a, "approve", false), decide(a, "reject", true), decide(a, "request-info", true)))))
        : notice("No applications are waiting."),
      h("h2", {}, "Flagged posts (" + flags.flags.length + ")"),
      flags.flags.length ? h("ul", { class: "scn-list", "aria-label": "Flagged posts" }, flags.flags.map((f) => h("li", {},
        h("p", {}, h("strong", {}, f.reporter.name), " flagged a post by ", h("strong", {}, f.post.author.name), ": ", f.reason),
        trusted(h("div", { class: "scn-quote" }), f.post.html),
        h("p", {}, h("a", { href: page("forum/") + "#/t/" + f.post.thread_id }, "Open the thread")),
        f.post.status === "visible" && form({ label: "Hide the post", action: "Hide post", fields: [{ name: "reason", label: "Reason for hiding", type: "textarea", required: true, rows: 2, max: 2000 }],
          // Hiding resolves every open flag on the post, server-side: nothing to dismiss.
          async submit(values) { await api("POST", "/mod/posts/" + f.post.id + "/hide", values); announce("Post hidden; its flags are resolved."); await moderationView(el); } }),
        form({ label: "Dismiss the flag", action: "Dismiss flag", fields: [{ name: "reason", label: "Why no action is needed", type: "textarea", required: true, rows: 2, max: 2000 }],
          async submit(values) { await api("POST", "/mod/flags/" + f.id + "/dismiss", values); announce("Flag dismissed."); await moderationView(el); } }))))
        : notice("No open flags."),
      heldPosts(held.posts, () => moderationView(el)),
      await verificationQueue(() => moderationView(el)),
      isAdmin(s) && await adminTools(() => moderationView(el)),
      isAdmin(s) && await outboxView(),
      isAdmin(s) && forumExport(),
      h("h2", {}, "Audit log"),
      !audit.entries.length && notice("No moderator actions yet."),
      h("table", { class: "scn-table" }, h("caption", { class: "scn-sr" }, "Moderator actions, newest first"),
        h("thead", {}, h("tr", {}, ["When", "Who", "Action", "Target", "Why"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, audit.entries.map((e) => h("tr", {}, h("td", {}, when(e.created_at, true)), h("td", {}, e.actor_name || "automatic"), h("td", {}, e.action.replace(/_/g, " ")), h("td", {}, e.target_name || e.target_type + " " + e.target_id), h("td", {}, e.reason)))))));
  }

  /** Posts whose authors confirmed what the patient-information guard found: nobody
      else sees them until a moderator approves; a rejected one stays hidden. */
  function heldPosts(posts, refresh) {
    const decide = (p, action) => form({
      label: (action === "approve" ? "Approve" : "Reject") + " the post", action: action === "approve" ? "Approve post" : "Reject post",
      fields: [{ name: "reason", label: "Reason (kept in the audit log)", type: "textarea", required: true, rows: 2, max: 2000 }],
      async submit(values) { await api("POST", "/mod/held/" + p.id + "/" + action, values); announce(action === "approve" ? "Post approved." : "Post rejected."); refresh(); },
    });
    return h("section", { "aria-labelledby": "scn-held-h" }, h("h2", { id: "scn-held-h" }, "Held for review (" + posts.length + ")"),
      posts.length ? h("ul", { class: "scn-list", "aria-label": "Held posts" }, posts.map((p) => h("li", {},
        h("p", {}, "By ", h("strong", {}, p.author.name), " · ", when(p.created_at)),
        trusted(h("div", { class: "scn-quote" }), p.html),
        h("p", {}, h("a", { href: page("forum/") + "#/t/" + p.thread_id }, "Open the thread")),
        decide(p, "approve"), decide(p, "reject"))))
        : notice("No posts are waiting."));
  }

  /** Admins: the auto-approved email domains and the forum's categories. */
  async function adminTools(refresh) {
    const [domains, categories] = await Promise.all([api("GET", "/admin/domains"), api("GET", "/categories")]);
    const failure = errorBox();
    return h("section", { "aria-labelledby": "scn-admin-h" }, h("h2", { id: "scn-admin-h" }, "Administration"), failure,
      h("h3", {}, "Auto-approved email domains"),
      h("p", {}, "Applicants who confirm an address at one of these domains are approved without review."),
      domains.domains.length ? h("ul", { class: "scn-list", "aria-label": "Auto-approved domains" }, domains.domains.map((d) => h("li", {}, d.domain, " ",
        actionButton("Remove " + d.domain, async () => { await api("DELETE", "/admin/domains/" + encodeURIComponent(d.domain)); refresh(); }, failure))))
        : notice("No domains yet."),
      form({ label: "Add a domain", action: "Add domain", fields: [{ name: "domain", label: "Domain (e.g. hospital.example.org)", required: true, max: 253 }],
        async submit(values) { await api("POST", "/admin/domains", values); refresh(); } }),
      h("h3", {}, "Categories"),
      h("ul", { class: "scn-list", "aria-label": "Categories" }, categories.categories.map((c) => h("li", {}, h("strong", {}, c.name), c.archived ? " (archived) " : " ",
        actionButton((c.archived ? "Restore " : "Archive ") + c.name, async () => { await api("PATCH", "/categories/" + c.id, { archived: !c.archived }); refresh(); }, failure)))),
      form({ label: "Add a category", action: "Add category", fields: [
        { name: "name", label: "Name", required: true, max: 120 },
        { name: "slug", label: "Short name for links (lower case and hyphens)", required: true, max: 60 },
        { name: "description", label: "What belongs here", max: 200 }],
        async submit(values) { await api("POST", "/categories", values); refresh(); } }));
  }

  /* ---------- resource requests ---------- */

  const REQUEST_STATUS = { open: "Open", planned: "Planned", published: "Published", declined: "Declined" };

  /** Members ask for what the Library lacks; moderators plan, publish or decline. */
  async function requestsView(el) {
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
  async function askedView(el) {
    const r = await request("GET", "/requests/" + encodeURIComponent(el.dataset.scnKey) + "/public").catch(() => null);
    if (r && r.asked_count) el.textContent = "Written because " + (r.asked_count === 1 ? "a member" : r.asked_count + " members") + " of the Network asked for it.";
  }

  /* ---------- notifications: the bell in the header, @mentions in the composer ---------- */

  /** Bring a post into view and focus (a notification's link names it: #/t/3/p/9). */
  function focusPost(item) {
    item.setAttribute("tabindex", "-1");
    item.classList.add("scn-post--target");
    item.scrollIntoView({ block: "center" });
    item.focus();
  }

  let bellLive = false;

  /** The bell: unread count, a list of notifications, mark one or all read. Live over
      the member's own topic of the event stream (`notification.created` carries no
      content: the bell asks the API what is new, which the policy filters). */
  function notificationBell(header, after, s) {
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
        try { answer = await api("GET", "/notifications?limit=20"); } catch (err) { return; }
        const n = answer.unread;
        count.hidden = n === 0;
        count.textContent = n > 99 ? "99+" : String(n);
        button.setAttribute("aria-label", "Notifications: " + (n > 99 ? "more than 99" : n) + " unread");
        if (!panel.hidden) renderPanel(panel, answer.notifications, wrap.refresh, () => toggle(false));
        wrap.latest = answer.notifications;
      };
      const toggle = (open) => {
        panel.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
        if (open) renderPanel(panel, wrap.latest || [], wrap.refresh, () => toggle(false));
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

  function renderPanel(panel, items, refresh, close) {
    const open = async (event, n) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      event.stopPropagation();
      if (!n.read) await api("POST", "/notifications/" + n.id + "/read").catch(() => {});
      close();
      refresh();
      const hash = n.path.startsWith("forum/#") ? n.path.slice("forum/".length) : null;
      if (hash) navigate(hash); else location.href = page(n.path);
    };
    const list = h("ul", { class: "scn-bell__list", "aria-label": "Your notifications" }, items.map((n) =>
      h("li", { class: n.read ? "scn-bell__item" : "scn-bell__item scn-bell__item--unread" },
        h("a", { href: page(n.path), onclick: (event) => open(event, n) }, n.text),
        h("small", { class: "scn-meta" }, (n.read ? "" : "New · ") + when(n.created_at, true), n.read ? null : [" · ",
          h("button", { type: "button", class: "scn-link", "aria-label": "Mark read: " + n.text, onclick: async () => {
            await api("POST", "/notifications/" + n.id + "/read").catch(() => {});
            refresh();
          } }, "Mark read")]))));
    const markAll = h("button", { type: "button", class: "md-button", onclick: async () => {
      await api("POST", "/notifications/read").catch(() => {});
      announce("All notifications marked read.");
      refresh();
    } }, "Mark all read");
    panel.replaceChildren(h("h2", {}, "Notifications"), items.length ? list : h("p", {}, "Nothing yet. Replies, mentions and decisions about your posts will appear here."),
      items.some((n) => !n.read) ? markAll : null);
  }

  /** After "@" in a composer, offer the names of members who can see the thread (the
      API asks the policy); choosing one writes "@Name ", which notifies them. */
  function mentionSuggestions(area, threadId) {
    const id = "scn-mentions-" + ++fieldCounter;
    const box = h("ul", { id, class: "scn-mentions", role: "listbox", "aria-label": "Members to mention", hidden: true });
    area.after(box);
    area.setAttribute("aria-autocomplete", "list");
    area.setAttribute("aria-controls", id);
    let options = [], active = -1, asked = 0, timer = null;
    const query = () => {
      const before = area.value.slice(0, area.selectionStart);
      const match = /(?:^|[^\w@])@([^\s@][^@\n]{0,40})$/.exec(before);
      return match && match[1].split(" ").length <= 3 ? match[1] : null;
    };
    const close = () => { box.hidden = true; options = []; active = -1; area.removeAttribute("aria-activedescendant"); };
    const highlight = (i) => {
      active = i;
      box.querySelectorAll("[role=option]").forEach((el, n) => el.setAttribute("aria-selected", String(n === i)));
      if (i >= 0) area.setAttribute("aria-activedescendant", id + "-" + i);
    };
    const choose = (member) => {
      const q = query();
      if (q == null) return close();
      const at = area.selectionStart - q.length - 1;
      area.value = area.value.slice(0, at) + "@" + member.name + " " + area.value.slice(area.selectionStart);
      const caret = at + member.name.length + 2;
      area.setSelectionRange(caret, caret);
      close();
      area.focus();
      area.dispatchEvent(new Event("input"));
    };
    area.addEventListener("input", () => {
      const q = query();
      clearTimeout(timer);
      if (q == null) return close();
      timer = setTimeout(async () => {
        const mine = ++asked;
        let answer;
        try { answer = await api("GET", "/threads/" + threadId + "/mentions?q=" + encodeURIComponent(q)); } catch (err) { return close(); }
        if (mine !== asked || query() !== q) return;
        options = answer.members;
        if (!options.length) return close();
        box.replaceChildren(...options.map((m, i) => h("li", { id: id + "-" + i, role: "option", "aria-selected": "false",
          onmousedown: (event) => { event.preventDefault(); choose(m); } }, m.name)));
        box.hidden = false;
        highlight(0);
      }, 150);
    });
    area.addEventListener("keydown", (event) => {
      if (box.hidden || !options.length) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(options[Math.max(active, 0)]);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });
    area.addEventListener("blur", () => setTimeout(close, 100));
  }

  const MODE_LABELS = { immediate: "Immediately (a few minutes apart at most)", daily: "Daily digest", weekly: "Weekly digest", none: "No email" };

  /** The member's email choices: a mode per kind of notification (the bell shows all). */
  function emailChoices() {
    const section = h("section", { "aria-labelledby": "scn-email-h" }, h("h2", { id: "scn-email-h" }, "Email notifications"));
    api("GET", "/notifications/preferences").then((answer) => {
      section.append(h("p", {}, "Emails say what happened and where, never what was written. Each one has a link that stops that kind of email."),
        form({
          label: "Email notifications", action: "Save email choices",
          fields: answer.preferences.map((p) => ({ name: p.kind, label: p.label, type: "select", value: p.mode, options: p.modes.map((m) => [m, MODE_LABELS[m]]) })),
          async submit(values) {
            await api("PATCH", "/notifications/preferences", values);
            return "Email choices saved.";
          },
        }));
    }, (err) => section.append(notice(err.message, "error")));
    return section;
  }

  /** Admins: the outbox, queued, sent and failed (no bodies). */
  async function outboxView() {
    const answer = await api("GET", "/admin/outbox?limit=50");
    const c = answer.counts;
    return h("section", { "aria-labelledby": "scn-outbox-h" }, h("h2", { id: "scn-outbox-h" }, "Outgoing email"),
      h("p", {}, c.queued + " queued · " + c.sent + " sent · " + c.failed + " failed"),
      answer.mail.length ? h("table", { class: "scn-table" }, h("caption", { class: "scn-sr" }, "Latest emails, newest first"),
        h("thead", {}, h("tr", {}, ["Written", "To", "Subject", "Status", "Tries", "Last error"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, answer.mail.map((m) => h("tr", {}, h("td", {}, when(m.created_at, true)), h("td", {}, m.recipient), h("td", {}, m.subject),
          h("td", {}, m.status), h("td", {}, String(m.attempts)), h("td", {}, m.last_error || "")))))
        : notice("No email yet."));
  }

  /** On a webinar's page: members ask for an email a day and an hour before it starts. */
  async function reminderView(el) {
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

  /* ---------- the network in numbers: GET /stats, a tile map drawn here ---------- */

  // One square per state, DC and territory on an 11-column grid (row 8: territories).
  const TILES = {
    AK: [0, 0], ME: [10, 0], VT: [9, 1], NH: [10, 1],
    WA: [0, 2], ID: [1, 2], MT: [2, 2], ND: [3, 2], MN: [4, 2], IL: [5, 2], WI: [6, 2], MI: [7, 2], NY: [8, 2], RI: [9, 2], MA: [10, 2],
    OR: [0, 3], NV: [1, 3], WY: [2, 3], SD: [3, 3], IA: [4, 3], IN: [5, 3], OH: [6, 3], PA: [7, 3], NJ: [8, 3], CT: [9, 3],
    CA: [0, 4], UT: [1, 4], CO: [2, 4], NE: [3, 4], MO: [4, 4], KY: [5, 4], WV: [6, 4], VA: [7, 4], MD: [8, 4], DE: [9, 4],
    AZ: [1, 5], NM: [2, 5], KS: [3, 5], AR: [4, 5], TN: [5, 5], NC: [6, 5], SC: [7, 5], DC: [8, 5],
    OK: [3, 6], LA: [4, 6], MS: [5, 6], AL: [6, 6], GA: [7, 6],
    HI: [0, 7], TX: [3, 7], FL: [8, 7],
    AS: [0, 8.4], GU: [1, 8.4], MP: [2, 8.4], PR: [8, 8.4], VI: [9, 8.4],
  };
  const STATE_NAMES = {
    AL: "Alabama", AK: "Alaska", AZ: "Arizona", AR: "Arkansas", CA: "California", CO: "Colorado", CT: "Connecticut",
    DE: "Delaware", DC: "District of Columbia", FL: "Florida", GA: "Georgia", HI: "Hawaii", ID: "Idaho", IL: "Illinois",
    IN: "Indiana", IA: "Iowa", KS: "Kansas", KY: "Kentucky", LA: "Louisiana", ME: "Maine", MD: "Maryland",
    MA: "Massachusetts", MI: "Michigan", MN: "Minnesota", MS: "Mississippi", MO: "Missouri", MT: "Montana",
    NE: "Nebraska", NV: "Nevada", NH: "New Hampshire", NJ: "New Jersey", NM: "New Mexico", NY: "New York",
    NC: "North Carolina", ND: "North Dakota", OH: "Ohio", OK: "Oklahoma", OR: "Oregon", PA: "Pennsylvania",
    RI: "Rhode Island", SC: "South Carolina", SD: "South Dakota", TN: "Tennessee", TX: "Texas", UT: "Utah",
    VT: "Vermont", VA: "Virginia", WA: "Washington", WV: "West Virginia", WI: "Wisconsin", WY: "Wyoming",
    AS: "American Samoa", GU: "Guam", MP: "Northern Mariana Islands", PR: "Puerto Rico", VI: "U.S. Virgin Islands",
  };
  // The server's bands (http/stats.py): what each shade of the map means.
  const SHADES = [[1, "fewer than 5, or withheld"], [2, "5 to 9"], [3, "10 to 24"], [4, "25 or more"]];
  const SVG_NS = "http://www.w3.org/2000/svg";

  function svg(tag, attrs, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, value);
    for (const child of children.flat()) if (child != null) el.append(child.nodeType ? child : String(child));
    return el;
  }

  function membersText(count) {
    return typeof count === "number" ? count + (count === 1 ? " member" : " members") : count + " members";
  }

  function tileMap(states) {
    const byState = Object.fromEntries(states.map((s) => [s.state, s]));
    const size = 44, gap = 4;
    const tiles = Object.entries(TILES).map(([code, [col, row]]) => {
      const figure = byState[code];
      const shade = figure ? figure.shade : 0;
      const x = col * (size + gap), y = row * (size + gap);
      return svg("g", { class: "scn-tile scn-shade-" + shade, "data-state": code, "data-shade": String(shade) },
        svg("title", {}, STATE_NAMES[code] + ": " + (figure ? membersText(figure.members) : "no members yet")),
        svg("rect", { x, y, width: size, height: size, rx: 3 }),
        svg("text", { x: x + size / 2, y: y + size / 2 + 4, "text-anchor": "middle" }, code));
    });
    const width = 11 * (size + gap), height = 9.4 * (size + gap);
    return svg("svg", { class: "scn-map", viewBox: "-2 -2 " + (width + 4) + " " + (height + 4), role: "img",
      "aria-label": "Map of the United States, its states, DC and territories, shaded by members per state; the table below gives the same figures." }, tiles);
  }

  async function statsView(el) {
    let stats;
    try {
      stats = await request("GET", "/stats");
    } catch (err) {
      el.replaceChildren(notice("The network's figures cannot be loaded right now: the Network's service did not answer. The rest of the Library works as usual; try again later.", "error"));
      return;
    }
    const figure = (label, value) => [h("dt", {}, label), h("dd", {}, String(value))];
    const listed = stats.states.filter((s) => TILES[s.state]);
    el.replaceChildren(
      h("dl", { class: "scn-figures" },
        figure("Members", stats.members), figure("States represented", stats.states_represented),
        figure("Facilities", stats.facilities), figure("Beds in those facilities", stats.beds),
        figure("Sepsis coordinators", stats.coordinators)),
      ...(listed.length ? [
        tileMap(listed),
        h("ul", { class: "scn-legend", "aria-label": "Map key: members per state" },
          SHADES.map(([shade, text]) => h("li", {}, h("span", { class: "scn-swatch scn-shade-" + shade, "aria-hidden": "true" }), text))),
        h("table", { class: "scn-state-table" },
          h("caption", {}, "Members by state"),
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "State"), h("th", { scope: "col" }, "Members"))),
          h("tbody", {}, listed.map((s) => h("tr", { "data-state": s.state }, h("th", { scope: "row" }, STATE_NAMES[s.state]), h("td", {}, String(s.members)))))),
      ] : [notice("The map appears once members come from at least five states.")]),
      h("p", { class: "scn-meta" }, "Counts under 5 read \"fewer than 5\", and a count that would let a smaller one be worked out reads \"withheld\", so no figure points at a person. Updated every few minutes."));
  }

  /* ---------- mounting ---------- */

  const VIEWS = { reminder: reminderView, account: accountView, thread: threadMount, forum: forumView, members: membersView, moderation: moderationView, requests: requestsView, asked: askedView, stats: statsView };
  const WHAT = { thread: "this discussion", forum: "the forum", members: "the member directory", moderation: "moderation", requests: "resource requests" };
  const PUBLIC_VIEWS = new Set(["account", "asked", "reminder", "stats"]);

  async function mount(el) {
    const kind = el.dataset.scn;
    const view = VIEWS[kind];
    if (!view) return;
    el.classList.add("scn-widget");
    el.setAttribute("aria-busy", "true");
    try {
      if (kind !== "stats") await loadVocabulary(); // the stats page says itself when the API is away
      if (!PUBLIC_VIEWS.has(kind)) {
        const s = await session();
        const allowed = kind === "moderation" ? isModerator(s) : isMember(s);
        if (!allowed) return membersOnly(el, s, kind);
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
    session().then(decorateChrome, () => {});
  }

  /** The Library's header and navigation, for who is looking: their name (or "Sign in")
      in the header, the Moderation item only for moderators, and the Network tab
      landing on the forum (members) or the account page (applicants), not on Join.
      Material keeps the header and tabs across instant navigation, so this is idempotent. */
  function decorateChrome(s) {
    const same = (a, path) => { try { return new URL(a.getAttribute("href"), location.href).href === page(path); } catch (err) { return false; } };
    document.querySelectorAll(".md-tabs a, .md-nav a").forEach((a) => {
      if (same(a, "moderation/")) { const item = a.closest("li"); if (item) item.hidden = !isModerator(s); }
      if (a.classList.contains("md-tabs__link") && (same(a, "join/") || a.dataset.scnNetwork)) {
        a.dataset.scnNetwork = "true";
        a.setAttribute("href", page(isMember(s) ? "forum/" : s && s.member ? "account/" : "join/"));
      }
    });
    const header = document.querySelector(".md-header__inner");
    if (!header) return;
    let who = header.querySelector(".scn-who");
    if (!who) {
      who = h("a", { class: "scn-who md-header__button" });
      const search = header.querySelector(".md-search") || header.querySelector("label[for=__search]");
      if (search) search.before(who); else header.append(who);
    }
    who.setAttribute("href", page("account/"));
    who.textContent = s && s.member ? s.member.name : "Sign in";
    who.setAttribute("aria-label", s && s.member ? "Your account: signed in as " + s.member.name : "Sign in to the Network");
    let unread = header.querySelector(".scn-unread-count");
    if (!unread) {
      // Outside the forum's mount, so it follows its own link (see forumView).
      unread = h("a", { class: "scn-unread-count md-header__button", hidden: true, onclick: (event) => {
        if (!forumNavigate || event.button !== 0 || event.metaKey || event.ctrlKey) return;
        event.preventDefault();
        event.stopPropagation();
        navigate("#/list/unread");
      } });
      who.after(unread);
    }
    unread.setAttribute("href", page("forum/") + "#/list/unread");
    notificationBell(header, unread, s);
    if (!isMember(s)) { unread.hidden = true; return; }
    api("GET", "/lists/unread?limit=100").then((answer) => {
      const n = answer.threads.length;
      unread.hidden = n === 0;
      unread.textContent = (n >= 100 ? "99+" : n) + " unread";
      unread.setAttribute("aria-label", (n >= 100 ? "More than 99" : n) + (n === 1 ? " thread" : " threads") + " with unread posts");
    }, () => { unread.hidden = true; });
  }

  // Material's instant navigation swaps the page without a reload: remount then.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(remountAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", remountAll);
  else remountAll();
})();
