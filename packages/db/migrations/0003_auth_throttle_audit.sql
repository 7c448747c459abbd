-- Login and API-key throttling, and the audit log of security-relevant actions.
-- Both live in PostgreSQL so that every api replica (and the CLI) sees and writes the same state.

-- Failed credential attempts per subject: an account (lower-cased email) or a client address, for logins
-- and for API keys. A row is the subject's current streak; it decays after a quiet period and a successful
-- login clears an account's streak.
CREATE TABLE auth_throttle (
  scope            text NOT NULL CHECK (scope IN ('login_account', 'login_address', 'api_key_address')),
  subject          text NOT NULL,
  failures         integer NOT NULL DEFAULT 0,
  last_failure_at  timestamptz NOT NULL DEFAULT now(),
  -- No attempt is checked before this time (exponential back-off, then a temporary lock).
  blocked_until    timestamptz,
  locked           boolean NOT NULL DEFAULT false,
  PRIMARY KEY (scope, subject)
);

-- Addresses a user has logged in from successfully: an account lock does not apply to them, so an attacker
-- elsewhere cannot keep the real user out by failing on purpose.
CREATE TABLE auth_known_addresses (
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  address       text NOT NULL,
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, address)
);

-- Append-only record of who did what. organization_id is NULL for events that belong to no organization
-- (a failed login for an unknown email, an address lock, a restore). Removing an organization (the demo's
-- `seed --reset`) keeps its events, detached; actor and target ids are plain values for the same reason.
CREATE TABLE audit_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at      timestamptz NOT NULL DEFAULT now(),
  organization_id  uuid REFERENCES organizations(id) ON DELETE SET NULL,
  action           text NOT NULL,
  outcome          text NOT NULL DEFAULT 'success' CHECK (outcome IN ('success', 'failure', 'refused')),
  actor_user_id    uuid,
  actor_api_key_id uuid,
  -- Who acted when it is not a logged-in user: the CLI (restore, bundle install) or the attempted email.
  actor_label      text,
  target_type      text,
  target_id        text,
  client_address   text,
  details          jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_events_org_time ON audit_events (organization_id, occurred_at DESC, id DESC);
CREATE INDEX audit_events_org_action_time ON audit_events (organization_id, action, occurred_at DESC);
