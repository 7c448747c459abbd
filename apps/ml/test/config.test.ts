import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadMlConfig, MlConfigError } from "../src/config";

describe("ml configuration", () => {
  test("in production the service token is judged by estimated entropy: 32 spaces or one repeated character are refused", () => {
    for (const token of [" ".repeat(32), "z".repeat(40), undefined])
      assert.throws(
        () =>
          loadMlConfig({
            UNICORN_MODE: "production",
            ...(token === undefined ? {} : { UNICORN_ML_TOKEN: token }),
          }),
        (error) => error instanceof MlConfigError && /UNICORN_ML_TOKEN/.test(error.message),
      );
    const token = "k3Jd9QmZ0xV7pL2sT8wR5yN1bF6hC4gA0eU7iO2rWqE";
    assert.equal(loadMlConfig({ UNICORN_MODE: "production", UNICORN_ML_TOKEN: token }).token, token);
  });
});
