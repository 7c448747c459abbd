-- Sessions that can be cut off within seconds (issue 18, finding 7).

-- A user's token version: every access token carries it and is refused once it differs. The trigger raises it on
-- whatever changes who the user is or what they may do (role, password, deletion), by any path that updates the
-- row (API, CLI, restore), so no writer can forget to.
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 1;

CREATE FUNCTION users_bump_token_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.role IS DISTINCT FROM OLD.role
     OR NEW.password_hash IS DISTINCT FROM OLD.password_hash
     OR NEW.deleted_at IS DISTINCT FROM OLD.deleted_at THEN
    NEW.token_version := OLD.token_version + 1;
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER users_token_version BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION users_bump_token_version();

-- One login = one session = one refresh-token family. Access tokens name their session, so logging out (or a
-- replayed refresh token) ends the session's access tokens too, not only its refresh token.
CREATE TABLE sessions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id        uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  -- The user's token_version at login: a later bump ends the session.
  token_version  integer NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz,
  revoked_reason text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- Refresh tokens issued before sessions existed belong to no family: they end here (users log in again).
DELETE FROM refresh_tokens;
ALTER TABLE refresh_tokens ADD COLUMN session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE;
-- Set when the token is exchanged for its successor: presenting it again is a replay.
ALTER TABLE refresh_tokens ADD COLUMN used_at timestamptz;
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Single-use, short-lived tickets that open the live stream (EventSource cannot send an Authorization header,
-- and an access token in a URL ends up in proxy logs and browser history). Only their hash is stored.
CREATE TABLE stream_tickets (
  ticket_hash      text PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  role             text NOT NULL,
  user_id          uuid REFERENCES users(id) ON DELETE CASCADE,
  session_id       uuid REFERENCES sessions(id) ON DELETE CASCADE,
  token_version    integer,
  api_key_id       uuid REFERENCES api_keys(id) ON DELETE CASCADE,
  expires_at       timestamptz NOT NULL
);
CREATE INDEX stream_tickets_expiry_idx ON stream_tickets (expires_at);
