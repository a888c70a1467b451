/** One stacked part of a bar: a name, its colour and its value per day. */
export interface BarSeries {
  key: string;
  label: string;
  color: string;
  values: number[];
}

/**
 * A stacked bar per day in plain SVG (no chart library): each bar's parts are the series' values
 * for that day, scaled to the tallest bar; hovering a part shows its day, name and value.
 */
export function BarChart({ days, series, testId, format = String }: { days: string[]; series: BarSeries[]; testId: string; format?: (value: number) => string }) {
  const totals = days.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const width = 100 / Math.max(1, days.length);
  return (
    <figure className="chart" data-testid={testId}>
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" role="img" aria-label={`${series.map((s) => s.label).join(', ')} per day`}>
        {days.map((day, i) => {
          let y = 40;
          return (
            <g key={day}>
              {series.map((s) => {
                const value = s.values[i] ?? 0;
                if (value === 0) return null;
                const height = (value / max) * 38;
                y -= height;
                return (
                  <rect key={s.key} x={i * width + width * 0.15} y={y} width={width * 0.7} height={height} fill={s.color}>
                    <title>{`${day} · ${s.label}: ${format(value)}`}</title>
                  </rect>
                );
              })}
            </g>
          );
        })}
      </svg>
      <div className="chart-axis small muted">
        <span>{days[0]}</span>
        <span>peak {format(max === 1 && totals.every((t) => t === 0) ? 0 : max)} / day</span>
        <span>{days.at(-1)}</span>
      </div>
      <figcaption className="chart-legend small">
        {series.map((s) => (
          <span key={s.key}>
            <i style={{ background: s.color }} /> {s.label} {format(s.values.reduce((a, b) => a + b, 0))}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
