/* Ways in: the sign-in form (password, then a second factor when the server asks),
   passkeys, emailed sign-in links, hospital sign-in buttons; and what a visitor who
   may not see a view sees instead (loaded only then). */
import { actionButton, announce, api, API, ApiError, errorBox, form, h, isMember, notice, page, remountAll, request, setSession } from "./core.js";

export function signInForm(onDone) {
  const f = form({
    label: "Sign in", action: "Sign in",
    fields: [
      { name: "email", label: "Email", type: "email", required: true, autocomplete: "username" },
      { name: "password", label: "Password", type: "password", required: true, autocomplete: "current-password" },
      TWO_FACTOR_FIELD,
    ],
    async submit(values) {
      const s = await api("POST", "/session", withCode(values, f)).catch((err) => { askForCode(f, err); throw err; });
      setSession(s);
      announce("Signed in.");
      onDone(s);
    },
  });
  hideCodeField(f);
  return h("div", { class: "scn-signin" }, f, otherSignIns(onDone));
}

/** What a visitor who may not see a view sees instead of its content, said for who
    they are: signed out, an applicant, or (for moderation) a member. */
export function membersOnly(el, s, kind) {
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

export const TWO_FACTOR_FIELD = { name: "code", label: "Code from your authenticator app, or a recovery code", autocomplete: "one-time-code", max: 20 };

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
      setSession(s);
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

const WHAT = { thread: "this discussion", forum: "the forum", members: "the member directory", moderation: "moderation", requests: "resource requests" };
