import type { ReadingsSeries, ReadingsSeriesColumns, SensorSeriesColumns } from "@unicorn/contracts";

/** A series as columns (ReadingsSeriesColumns): the same points in the same (time) order, one array per member. */
export function seriesColumns(series: ReadingsSeries): ReadingsSeriesColumns {
  const bucketed = series.bucket !== "raw";
  return {
    bucket: series.bucket,
    from: series.from,
    to: series.to,
    series: series.series.map(({ points, ...sensor }): SensorSeriesColumns => {
      const columns: SensorSeriesColumns = {
        ...sensor,
        time: points.map((point) => point.time),
        value: points.map((point) => point.value),
      };
      if (!bucketed) return columns;
      // A bucket always has its min, max and count (the rollups' own); a missing one would shift the column.
      columns.min = points.map((point) => point.min ?? point.value);
      columns.max = points.map((point) => point.max ?? point.value);
      columns.count = points.map((point) => point.count ?? 1);
      return columns;
    }),
  };
}
