import { DEMO_FIELDS } from "./demo-farm";
import { generateHourlyWeather } from "./weather-generator";

interface SimulatedSensor {
  id: string;
  fieldId: string;
  kind: string;
  depthCm: number | null;
}

export interface SimulatorOptions {
  apiUrl: string;
  apiKey: string;
  /** Needs a read-capable token to list sensors; the device key only ingests. */
  readToken: () => Promise<string>;
  intervalMs?: number;
  onError?: (message: string) => void;
  onTick?: (count: number) => void;
}

/** How fast a simulated reading relaxes from the last stored value towards the weather model: one hour. */
const RELAX_SECONDS = 3_600;

/**
 * The next reading of a quantity that follows `target` (the weather model) from where it was (`previous`),
 * `dtSeconds` later: first-order relaxation, previous + (target − previous)(1 − e^(−Δt/τ)). The live series
 * thus starts at the last seeded value, with no jump where history ends, and meets the model within hours.
 */
export function relaxTowards(
  previous: number,
  target: number,
  dtSeconds: number,
  tauSeconds = RELAX_SECONDS,
): number {
  return previous + (target - previous) * (1 - Math.exp(-Math.max(0, dtSeconds) / tauSeconds));
}

/**
 * Posts live readings through the public ingest API, as a field gateway would: every interval, one reading
 * per sensor, from the same weather model as the history (with a little sensor noise). Each sensor continues
 * from its last stored reading and relaxes towards the model, so charts run on smoothly from the history.
 * Soil moisture drifts from its last stored value with ET and rain.
 */
export class SensorSimulator {
  private timer: NodeJS.Timeout | undefined;
  private sensors: SimulatedSensor[] = [];
  private soil = new Map<string, number>();
  /** The last value and time of each sensor: where its next reading continues from. */
  private last = new Map<string, { value: number; at: number }>();
  private running: Promise<void> | undefined;

  constructor(private readonly options: SimulatorOptions) {}

  async start(): Promise<void> {
    const token = await this.options.readToken();
    const headers = { authorization: `Bearer ${token}` };
    const response = await fetch(`${this.options.apiUrl}/api/v1/sensors?limit=500`, { headers });
    if (!response.ok) throw new Error(`simulator could not list sensors: HTTP ${response.status}`);
    this.sensors = ((await response.json()) as { items: SimulatedSensor[] }).items;
    for (const sensor of this.sensors) {
      const latest = await fetch(`${this.options.apiUrl}/api/v1/readings/latest?sensorId=${sensor.id}`, {
        headers,
      });
      const [reading] = latest.ok ? ((await latest.json()) as { value: number; time: string }[]) : [];
      if (sensor.kind === "soil_moisture") this.soil.set(sensor.id, reading?.value ?? 30);
      else if (reading) this.last.set(sensor.id, { value: reading.value, at: Date.parse(reading.time) });
    }
    const interval = this.options.intervalMs ?? 5_000;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, interval);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    const now = new Date();
    const hourStart = new Date(now);
    hourStart.setUTCMinutes(0, 0, 0);
    const fieldIds = [...new Set(this.sensors.map((s) => s.fieldId))].sort();
    const readings: { sensorId: string; time: string; value: number }[] = [];
    fieldIds.forEach((fieldId, index) => {
      const [lon, lat] = DEMO_FIELDS[index % DEMO_FIELDS.length]!.ring[0]!;
      // The same seeded model as the history, evaluated for the current hour.
      const [hour] = generateHourlyWeather({
        start: hourStart,
        end: new Date(hourStart.getTime() + 3_600_000),
        latitudeDeg: lat,
        longitudeDeg: lon,
        seed: Math.floor(now.getTime() / 86_400_000),
      });
      if (!hour) return;
      const noise = () => (Math.random() - 0.5) * 0.2;
      for (const sensor of this.sensors.filter((s) => s.fieldId === fieldId)) {
        let value: number;
        switch (sensor.kind) {
          case "air_temperature":
            value = hour.airTemperatureC + noise();
            break;
          case "relative_humidity":
            value = Math.min(100, Math.max(0, hour.relativeHumidityPct + noise() * 5));
            break;
          case "wind_speed":
            value = Math.max(0, hour.windSpeedMs + noise() * 3);
            break;
          case "solar_radiation":
            value = Math.max(0, hour.solarRadiationWm2 * (1 + noise()));
            break;
          case "rain":
            value = hour.rainMm / 720;
            break;
          default: {
            const previous = this.soil.get(sensor.id) ?? 30;
            value = Math.min(
              45,
              Math.max(10, previous + hour.rainMm * 0.002 - hour.solarRadiationWm2 * 0.000_002),
            );
            this.soil.set(sensor.id, value);
          }
        }
        const last = this.last.get(sensor.id);
        if (last && sensor.kind !== "rain" && sensor.kind !== "soil_moisture")
          value = relaxTowards(last.value, value, (now.getTime() - last.at) / 1000);
        this.last.set(sensor.id, { value, at: now.getTime() });
        readings.push({ sensorId: sensor.id, time: now.toISOString(), value: Math.round(value * 100) / 100 });
      }
    });
    try {
      const response = await fetch(`${this.options.apiUrl}/api/v1/readings`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": this.options.apiKey },
        body: JSON.stringify(readings),
      });
      if (!response.ok)
        this.options.onError?.(`simulator ingest failed: HTTP ${response.status} ${await response.text()}`);
      else this.options.onTick?.(readings.length);
    } catch (error) {
      this.options.onError?.(`simulator could not reach the API: ${(error as Error).message}`);
    }
  }
}
