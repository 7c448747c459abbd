import type { Alert, ReadingsStreamPayload, StreamedReading } from "@unicorn/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, streamUrl } from "../api/client";

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads data for a page; keeps the last good data while reloading. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the loader depends on
  useEffect(() => {
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => !cancelled && setState({ data, loading: false }),
      (error: unknown) =>
        !cancelled &&
        setState((s) => ({
          ...s,
          loading: false,
          error: error instanceof ApiError ? error : new ApiError(0, String(error)),
        })),
    );
    return () => {
      cancelled = true;
    };
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export type StreamStatus = "connecting" | "live" | "reconnecting";

interface StreamHandlers {
  onReadings?: (readings: StreamedReading[]) => void;
  onAlert?: (alert: Alert) => void;
}

/**
 * One EventSource for the whole page, however many cards listen: each subscriber adds its handlers, the
 * stream opens with the first and closes a moment after the last leaves (so a navigation does not reconnect).
 */
const stream = {
  subscribers: new Set<{ current: StreamHandlers }>(),
  statusListeners: new Set<(status: StreamStatus) => void>(),
  status: "connecting" as StreamStatus,
  stop: undefined as (() => void) | undefined,
  closeTimer: undefined as ReturnType<typeof setTimeout> | undefined,
};

function setStreamStatus(status: StreamStatus): void {
  stream.status = status;
  for (const listener of stream.statusListeners) listener(status);
}

/**
 * The organization's live stream (SSE), opened with a single-use ticket. When it drops, it is reopened with a
 * new ticket and resumes after the last event seen.
 */
function openStream(): () => void {
  let source: EventSource | undefined;
  let closed = false;
  let failures = 0;
  let lastEventId: string | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const reopenLater = () => {
    retry = setTimeout(open, 2_000);
  };
  const open = async () => {
    if (closed) return;
    let url: string | undefined;
    try {
      url = await streamUrl(lastEventId);
    } catch {
      // Server unreachable (or the session ended, which signs the user out): try again shortly.
      setStreamStatus("reconnecting");
      if (!closed) reopenLater();
      return;
    }
    if (!url || closed) return;
    source = new EventSource(url);
    source.onopen = () => {
      failures = 0;
      setStreamStatus("live");
    };
    source.addEventListener("reading", (event) => {
      lastEventId = (event as MessageEvent).lastEventId || lastEventId;
      const { readings } = JSON.parse((event as MessageEvent).data) as ReadingsStreamPayload;
      for (const handlers of stream.subscribers) handlers.current.onReadings?.(readings);
    });
    source.addEventListener("alert", (event) => {
      lastEventId = (event as MessageEvent).lastEventId || lastEventId;
      const alert = JSON.parse((event as MessageEvent).data) as Alert;
      for (const handlers of stream.subscribers) handlers.current.onAlert?.(alert);
    });
    source.onerror = () => {
      setStreamStatus("reconnecting");
      failures += 1;
      if (source?.readyState === EventSource.CLOSED || failures > 2) {
        source?.close();
        // A ticket opens the stream once: reconnect with a new one (asking for it refreshes the session).
        reopenLater();
      }
    };
  };
  void open();
  return () => {
    closed = true;
    clearTimeout(retry);
    source?.close();
    setStreamStatus("connecting");
  };
}

export function useLiveStream(handlers: StreamHandlers): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>(stream.status);
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  useEffect(() => {
    stream.subscribers.add(handlersRef);
    stream.statusListeners.add(setStatus);
    clearTimeout(stream.closeTimer);
    stream.stop ??= openStream();
    setStatus(stream.status);
    return () => {
      stream.subscribers.delete(handlersRef);
      stream.statusListeners.delete(setStatus);
      if (stream.subscribers.size === 0)
        stream.closeTimer = setTimeout(() => {
          if (stream.subscribers.size > 0) return;
          stream.stop?.();
          stream.stop = undefined;
        }, 1_000);
    };
  }, []);
  return status;
}

/**
 * Sensors with their last value and last-seen time kept current from the stream, so every list that shows
 * them moves with the chart.
 */
export function useLiveSensors<S extends { id: string; lastValue: number | null; lastSeenAt: string | null }>(
  sensors: readonly S[],
): { sensors: S[]; status: StreamStatus } {
  const [latest, setLatest] = useState<Map<string, { value: number; time: string }>>(new Map());
  const status = useLiveStream({
    onReadings: (readings) =>
      setLatest((current) => {
        const next = new Map(current);
        for (const r of readings) {
          const seen = next.get(r.sensorId);
          if (!seen || Date.parse(seen.time) <= Date.parse(r.time))
            next.set(r.sensorId, { value: r.value, time: r.time });
        }
        return next;
      }),
  });
  const merged = sensors.map((s) => {
    const live = latest.get(s.id);
    if (!live || (s.lastSeenAt && Date.parse(s.lastSeenAt) > Date.parse(live.time))) return s;
    return { ...s, lastValue: live.value, lastSeenAt: live.time };
  });
  return { sensors: merged, status };
}
