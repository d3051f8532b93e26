/* The account's Security section: authenticator app and recovery codes, passkeys,
   hospital sign-ins, and where the member is signed in. */
import { actionButton, announce, api, API, ApiError, errorBox, form, h, notice, request, session, when } from "./core.js";

/** The account's Security section: authenticator app and recovery codes, passkeys,
    hospital sign-ins. */
export function securitySection() {
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
