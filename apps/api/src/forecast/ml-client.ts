/** The API's client for the ml service: bounded in time, so a slow or dead ml never holds a field view. */
export interface MlPrediction {
  model: string;
  version: string;
  unit: string;
  predictions: Record<string, number>[];
}

export class MlUnavailable extends Error {}

export class MlClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  async predict(model: string, features: Record<string, number>, requestId?: string): Promise<MlPrediction> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl.replace(/\/$/, "")}/v1/models/${model}/predict`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(requestId ? { "x-request-id": requestId } : {}),
        },
        body: JSON.stringify({ features }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      throw new MlUnavailable(
        timedOut
          ? `the ML service did not answer within ${this.timeoutMs} ms`
          : "the ML service is not reachable",
      );
    }
    if (!response.ok) {
      const detail = ((await response.json().catch(() => ({}))) as { detail?: string }).detail;
      throw new MlUnavailable(
        `the ML service refused the request (${response.status}${detail ? `: ${detail}` : ""})`,
      );
    }
    return (await response.json()) as MlPrediction;
  }
}
