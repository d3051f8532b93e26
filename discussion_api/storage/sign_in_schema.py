"""The tables of issue 11 (single sign-on identities, passkeys, TOTP, recovery codes,
two-factor sessions, browser-bound sign-in links): one text for both engines' m011, with
`{id}` (a member id column) and `{serial}` (an auto-numbered key) filled in per engine."""

SIGN_IN_METHODS_SCHEMA = (
    # An identity at a hospital's OpenID provider, keyed as OIDC says: (issuer, subject).
    """CREATE TABLE identities (
        issuer TEXT NOT NULL,
        subject TEXT NOT NULL,
        member_id {id} NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        email TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        PRIMARY KEY (issuer, subject)
    )""",
    "CREATE INDEX identities_member ON identities(member_id)",
    # WebAuthn credentials; the credential id and COSE public key are base64url text.
    """CREATE TABLE passkeys (
        id {serial} PRIMARY KEY,
        member_id {id} NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        credential_id TEXT NOT NULL UNIQUE,
        public_key TEXT NOT NULL,
        sign_count BIGINT NOT NULL DEFAULT 0,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_used_at TEXT
    )""",
    "CREATE INDEX passkeys_member ON passkeys(member_id)",
    # A TOTP secret is live once confirmed with a code (confirmed_at); until then a set-up.
    """CREATE TABLE totp_secrets (
        member_id {id} PRIMARY KEY REFERENCES members(id) ON DELETE CASCADE,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        confirmed_at TEXT
    )""",
    # One-time recovery codes, stored as hashes; a used one keeps its row (used_at).
    """CREATE TABLE recovery_codes (
        member_id {id} NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        used_at TEXT,
        PRIMARY KEY (member_id, code_hash)
    )""",
    # Whether a session was opened with a second factor (moderation needs one).
    "ALTER TABLE sessions ADD COLUMN two_factor INTEGER NOT NULL DEFAULT 0",
    # What the member sees of each session on their Security page (browser and system).
    "ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT ''",
    # A sign-in link works only in the browser that asked for it: the hash of a cookie it holds.
    "ALTER TABLE email_tokens ADD COLUMN browser_hash TEXT",
)
