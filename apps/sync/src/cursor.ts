/**
 * A position in a change log: (transaction id, sequence). Entries are read in this order and only below the
 * oldest transaction still running, so one that took its sequence numbers early and commits late is read
 * after it commits, never skipped (ADR 0010).
 */
export interface Cursor {
  /** xid8 as text: it passes 2^53 on a long-lived server. */
  xid: string;
  seq: number;
}

export const START: Cursor = { xid: "0", seq: 0 };
