/* The account page: sign in, join, links from emails (verify, reset, change of
   email, sign-in), hospital sign-in outcomes, the profile, email choices, password. */
import { actionButton, announce, api, ApiError, CHOOSE, errorBox, FACILITY_TYPES, form, h, loadVocabulary, nextId, notice, page, PROFESSIONS, remountAll, session, setSession, STATES } from "./core.js";
import { yourData } from "./rights.js";
import { securitySection } from "./security.js";
import { signInForm, TWO_FACTOR_FIELD } from "./signin.js";
import { handoverSection, standingSection } from "./standing.js";

/** The profile's fields, as the join form and the account page ask for them. */
function profileFields(m) {
  m = m || {};
  return [
    { name: "name", label: "Full name", required: true, autocomplete: "name", max: 120, value: m.name },
    { name: "professional_role", label: "Professional role", type: "select", required: true, options: [CHOOSE, ...PROFESSIONS], value: m.professional_role },
    { name: "credentials", label: "Credentials (e.g. BSN, RN, CCRN)", max: 200, value: m.credentials },
    { name: "job_title", label: "Job title", autocomplete: "organization-title", max: 200, value: m.job_title },
    { name: "facility", label: "Facility", required: true, autocomplete: "organization", max: 120, value: m.facility },
    // Optional: left at "Choose…", it sends null (not said, or no longer).
    { name: "facility_type", label: "Facility type", type: "select", options: [CHOOSE, ...FACILITY_TYPES], value: m.facility_type, empty: null },
    { name: "city", label: "City", autocomplete: "address-level2", max: 200, value: m.city },
    { name: "state", label: "State or territory", type: "select", required: true, options: [CHOOSE, ...STATES], value: m.state },
    { name: "bed_count", label: "Facility bed count", type: "number", min: 0, inputmode: "numeric", value: m.bed_count },
    { name: "is_coordinator", label: "I coordinate a sepsis programme", type: "checkbox", value: m.is_coordinator },
  ];
}


/** A signed-in-only box: sign in, or ask for a reset link. */
function signInOnly(onDone) {
  const id = nextId("scn-signin-h");
  return h("section", { "aria-labelledby": id }, h("h2", { id }, "Sign in"), signInForm(onDone),
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

const LINK_ACTIONS = {
  verify: { path: "/join/verify", title: "Confirming your email" },
  reset: { path: "/password-reset/confirm", title: "Choose a new password" },
  email_change: { path: "/account/email/confirm", title: "Confirming your new email" },
  signin: { path: "/session/link", title: "Signing you in" },
};

export async function accountView(el) {
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
    signInOnly(() => remountAll()),
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
      setSession(answer);  // a new session, with its own CSRF token
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
      setSession(s);
      el.replaceChildren(heading, notice("Thank you: your application is with the moderators."), signedInAccount(s.member));
      announce("Application sent.");
    },
  }));
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
