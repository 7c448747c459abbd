import type { Alert, ReadingsStreamPayload, StreamedReading } from "@unicorn/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, refreshSession, streamUrl } from "../api/client";

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
 * The organization's live stream (SSE). EventSource reconnects by itself and resumes with Last-Event-ID;
 * when the access token has expired, the stream is reopened after a token refresh.
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
    const open = () => {
      const url = streamUrl();
      if (!url || closed) return;
      source = new EventSource(url);
      source.onopen = () => {
        failures = 0;
        setStatus("live");
      };
      source.addEventListener("reading", (event) => {
        const { readings } = JSON.parse((event as MessageEvent).data) as ReadingsStreamPayload;
        handlersRef.current.onReadings?.(readings);
      });
      source.addEventListener("alert", (event) =>
        handlersRef.current.onAlert?.(JSON.parse((event as MessageEvent).data) as Alert),
      );
      source.onerror = () => {
        setStatus("reconnecting");
        failures += 1;
        if (source?.readyState === EventSource.CLOSED || failures > 2) {
          source?.close();
          // The token may have expired: refresh, then reopen after a short pause.
          void refreshSession().finally(() => setTimeout(open, 2_000));
        }
      };
    };
    open();
    return () => {
      closed = true;
      source?.close();
    };
  }, []);
  return status;
}
