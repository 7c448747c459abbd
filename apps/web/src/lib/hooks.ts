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

/**
 * The organization's live stream (SSE), opened with a single-use ticket. When it drops, it is reopened with a
 * new ticket and resumes after the last event seen.
 */
export function useLiveStream(handlers: {
  onReadings?: (readings: StreamedReading[]) => void;
  onAlert?: (alert: Alert) => void;
}): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  useEffect(() => {
    let source: EventSource | undefined;
    let closed = false;
    let failures = 0;
    let lastEventId: string | undefined;
    const reopenLater = () => setTimeout(open, 2_000);
    const open = async () => {
      if (closed) return;
      let url: string | undefined;
      try {
        url = await streamUrl(lastEventId);
      } catch {
        // Server unreachable (or the session ended, which signs the user out): try again shortly.
        if (!closed) reopenLater();
        return;
      }
      if (!url || closed) return;
      source = new EventSource(url);
      source.onopen = () => {
        failures = 0;
        setStatus("live");
      };
      source.addEventListener("reading", (event) => {
        lastEventId = (event as MessageEvent).lastEventId || lastEventId;
        const { readings } = JSON.parse((event as MessageEvent).data) as ReadingsStreamPayload;
        handlersRef.current.onReadings?.(readings);
      });
      source.addEventListener("alert", (event) => {
        lastEventId = (event as MessageEvent).lastEventId || lastEventId;
        handlersRef.current.onAlert?.(JSON.parse((event as MessageEvent).data) as Alert);
      });
      source.onerror = () => {
        setStatus("reconnecting");
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
      source?.close();
    };
  }, []);
  return status;
}
