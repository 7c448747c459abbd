import { MlPrediction, type MlPredictSingle, Problem } from "@unicorn/contracts";
import { Value } from "typebox/value";

/** The API's client for the ml service: bounded in time, so a slow or dead ml never holds a field view. */
export class MlUnavailable extends Error {}

export class MlClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  async predict(
    model: string,
    features: MlPredictSingle["features"],
    requestId?: string,
  ): Promise<MlPrediction> {
    const body: MlPredictSingle = { features };
    let response: Response;
    try {
      response = await fetch(
        `${this.baseUrl.replace(/\/$/, "")}/v1/models/${encodeURIComponent(model)}/predict`,
        {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
            ...(requestId ? { "x-request-id": requestId } : {}),
          },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        },
      );
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      throw new MlUnavailable(
        timedOut
          ? `the ML service did not answer within ${this.timeoutMs} ms`
          : "the ML service is not reachable",
      );
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const detail = Value.Check(Problem, answer) ? answer.detail : undefined;
      throw new MlUnavailable(
        `the ML service refused the request (${response.status}${detail ? `: ${detail}` : ""})`,
      );
    }
    // Another ml version may answer differently: check the contract rather than trust it.
    if (!Value.Check(MlPrediction, answer) || answer.predictions.length !== 1)
      throw new MlUnavailable("the ML service answered in an unexpected shape");
    return answer;
  }
}
