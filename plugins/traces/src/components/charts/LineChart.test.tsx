import { render } from '@testing-library/react';
import { LineChart } from './LineChart';

const times = [0, 60_000, 120_000, 180_000, 240_000];

function chart(values: Array<number | null>) {
  return render(
    <LineChart
      times={times}
      series={[{ name: 'p95', color: '#123456', values }]}
      format={String}
      ariaLabel="Latency"
    />,
  );
}

describe('LineChart', () => {
  it('marks a value that has gaps on both sides, which no line could show', () => {
    const { getAllByTestId, container } = chart([null, null, 12, null, null]);
    const points = getAllByTestId('chart-point');
    expect(points).toHaveLength(1);
    expect(points[0].getAttribute('fill')).toBe('#123456');
    // The path holds a lone move-to: nothing visible without the dot.
    expect(container.querySelector('path')!.getAttribute('d')).toMatch(
      /^M[\d.]+,[\d.]+$/,
    );
  });

  it('marks lone values at either end, and none that are part of a line', () => {
    const points = (values: Array<number | null>) =>
      chart(values).container.querySelectorAll('[data-testid="chart-point"]');
    // 3 stands alone at the start; 4 and 5 are joined by a line.
    expect(points([3, null, 4, 5, null])).toHaveLength(1);
    expect(points([null, 4, 5, null, 6])).toHaveLength(1);
    expect(points([1, 2, 3, 4, 5])).toHaveLength(0);
  });
});
