-- Live-stream event ids per organization: the ids one organization's stream shows must not count the events of
-- every other organization (a global bigserial did). Each organization numbers its own events; the counter row is
-- locked until the writing transaction commits, so an organization's events commit in sequence order and
-- Last-Event-ID resumes without gaps. The global id stays as the replicas' internal fetch cursor.
CREATE TABLE stream_sequences (
  organization_id  uuid PRIMARY KEY,
  last_sequence    bigint NOT NULL
);

ALTER TABLE stream_events ADD COLUMN sequence bigint;
-- Events logged before this keep their id as their sequence, so a client resuming with an id it got before the
-- upgrade still gets exactly what it missed. Every organization's counter starts at the highest global id ever
-- handed out (the log is pruned, so its max alone could be lower): a dashboard left open across the upgrade holds
-- an old global id, and an organization restarting at 1 would have its new events dropped as already seen.
UPDATE stream_events SET sequence = id;
INSERT INTO stream_sequences (organization_id, last_sequence)
  SELECT o.id, (SELECT last_value FROM stream_events_id_seq) FROM organizations o;
ALTER TABLE stream_events ALTER COLUMN sequence SET NOT NULL;
CREATE UNIQUE INDEX stream_events_org_sequence_idx ON stream_events (organization_id, sequence);
