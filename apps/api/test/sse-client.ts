/** A minimal Server-Sent Events reader for tests: collects events until a predicate holds or time runs out. */
export interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

export interface SseCollection {
  /** Resolves when the server's first bytes arrive: the subscription exists from then on. */
  opened: Promise<void>;
  events: Promise<SseEvent[]>;
}

export function collectSse(
  url: string,
  headers: Record<string, string>,
  until: (events: SseEvent[]) => boolean,
  timeoutMs = 10_000,
): SseCollection {
  let markOpen: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    markOpen = resolve;
  });
  return { opened, events: read(url, headers, until, timeoutMs, () => markOpen()) };
}

async function read(
  url: string,
  headers: Record<string, string>,
  until: (events: SseEvent[]) => boolean,
  timeoutMs: number,
  onOpen: () => void,
): Promise<SseEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: SseEvent[] = [];
  try {
    const response = await fetch(url, { headers, signal: controller.signal });
    if (!response.ok || !response.body) throw new Error(`stream answered HTTP ${response.status}`);
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      onOpen();
      buffer += decoder.decode(chunk as Uint8Array, { stream: true });
      let boundary = buffer.indexOf("\n\n");
      while (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        const event: SseEvent = { data: "" };
        for (const line of block.split("\n")) {
          if (line.startsWith("id: ")) event.id = line.slice(4);
          else if (line.startsWith("event: ")) event.event = line.slice(7);
          else if (line.startsWith("data: ")) event.data += line.slice(6);
        }
        if (event.event) events.push(event);
        if (until(events)) return events;
        boundary = buffer.indexOf("\n\n");
      }
    }
    return events;
  } catch (error) {
    onOpen();
    if ((error as Error).name === "AbortError") return events;
    throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
