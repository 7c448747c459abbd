-- A refresh whose answer was lost in transit: the client presents the same (now used) refresh token again. Within
-- a short grace window, once, and only while its successor is still unused, it gets that same successor back
-- instead of ending the session. The successor is stored sealed with a key derived from the token it replaced
-- (AES-256-GCM, HKDF-SHA256), so only a holder of that token can open it, and a database reader cannot.
-- Expand-only: nullable columns that older api tasks ignore.
ALTER TABLE refresh_tokens ADD COLUMN successor_hash text;
ALTER TABLE refresh_tokens ADD COLUMN successor_sealed text;
ALTER TABLE refresh_tokens ADD COLUMN retried_at timestamptz;
