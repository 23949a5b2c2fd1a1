// The dashboard's charts, drawn by Chart.js on canvas. Recharts drew the same six charts as React SVG
// trees that re-render several times while they measure themselves: on 2 shared cores that was
// most of a second of the first load (issue 15 asks for under 1 s); Chart.js draws each once.
// The charts are for the eye only: each card lists the same numbers as links (chart-card.tsx).
import { BarController, BarElement, CategoryScale, Chart as ChartJS, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartOptions } from 'chart.js';
import { memo, useMemo } from 'react';
import { Bar, Line } from 'react-chartjs-2';
import type { ChartLink } from './chart-card';

ChartJS.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

const COLORS = { primary: '#4c6ef5', grant: '#2b8a3e', block: '#c92a2a', controls: '#e67700', revoked: '#c92a2a', retired: '#868e96' };

// No animation (a dashboard is read, not watched), the card's size, whole numbers on the count axis.
const COMMON = { animation: false, responsive: true, maintainAspectRatio: false } as const;
const COUNT_AXIS = { beginAtZero: true, ticks: { precision: 0 } } as const;
const legend = (display: boolean) => ({ legend: { display, position: 'bottom' as const } });

/** Click and hover handlers that open what the clicked bar stands for. */
function opener(onIndex: (index: number) => void): Pick<ChartOptions, 'onClick' | 'onHover'> {
  return {
    onClick: (_event, elements) => { const first = elements[0]; if (first) onIndex(first.index); },
    onHover: (event, elements) => { const target = event.native?.target; if (target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? 'pointer' : 'default'; },
  };
}

// Each chart is memoised and builds its Chart.js data and options once per input: react-chartjs-2
// updates (re-resolves options, redraws) the chart whenever it gets new objects, and the dashboard
// re-renders once per answer that arrives.

/** Counts per category as bars (vertical: one row per category, for long names); a bar opens its list. */
export const CountBars = memo(function CountBars({ data, onSelect, vertical = false }: { data: readonly ChartLink[]; onSelect: (to: string) => void; vertical?: boolean }) {
  const chartData = useMemo(() => ({ labels: data.map((d) => d.label), datasets: [{ label: 'Devices', data: data.map((d) => d.count), backgroundColor: COLORS.primary }] }), [data]);
  const options = useMemo<ChartOptions<'bar'>>(() => ({
    ...COMMON, ...opener((i) => { const d = data[i]; if (d) onSelect(d.to); }), indexAxis: vertical ? 'y' : 'x',
    scales: vertical ? { x: COUNT_AXIS } : { y: COUNT_AXIS }, plugins: legend(false),
  }), [data, onSelect, vertical]);
  return <Bar data={chartData} options={options} />;
});

/** Devices by last check-in bucket, stacked by status; an active bar opens the devices last seen then. */
export const CheckinBars = memo(function CheckinBars({ points, onBucket }: { points: readonly { tick: string; bucket: string; active: number; revoked: number; retired: number }[]; onBucket: (bucket: string) => void }) {
  const chartData = useMemo(() => ({
    labels: points.map((p) => p.tick),
    datasets: [
      { label: 'Active', data: points.map((p) => p.active), backgroundColor: COLORS.primary },
      { label: 'Revoked', data: points.map((p) => p.revoked), backgroundColor: COLORS.revoked },
      { label: 'Retired', data: points.map((p) => p.retired), backgroundColor: COLORS.retired },
    ],
  }), [points]);
  const options = useMemo<ChartOptions<'bar'>>(() => ({
    ...COMMON, ...opener((i) => { const p = points[i]; if (p) onBucket(p.bucket); }), scales: { x: { stacked: true }, y: { ...COUNT_AXIS, stacked: true } }, plugins: legend(true),
  }), [points, onBucket]);
  return <Bar data={chartData} options={options} />;
});

const SIGN_IN_OPTIONS: ChartOptions<'line'> = { ...COMMON, scales: { y: COUNT_AXIS }, plugins: legend(true) };

/** Sign-ins granted, blocked and asked for more controls over time. */
export const SignInLines = memo(function SignInLines({ points }: { points: readonly { tick: string; grant: number; block: number; controlsRequired: number }[] }) {
  const chartData = useMemo(() => {
    const line = (label: string, color: string, values: number[]) => ({ label, data: values, borderColor: color, backgroundColor: color, pointRadius: 0, tension: 0.3 });
    return {
      labels: points.map((p) => p.tick),
      datasets: [
        line('Granted', COLORS.grant, points.map((p) => p.grant)),
        line('Blocked', COLORS.block, points.map((p) => p.block)),
        line('More controls', COLORS.controls, points.map((p) => p.controlsRequired)),
      ],
    };
  }, [points]);
  return <Line data={chartData} options={SIGN_IN_OPTIONS} />;
});
