import { render, screen } from '@testing-library/react';
import { DailyRunsChart } from './DailyRunsChart';

describe('DailyRunsChart', () => {
  const daily = [
    { date: '2026-12-01', succeeded: 4, failed: 0 },
    { date: '2026-12-02', succeeded: 0, failed: 0 },
    { date: '2026-12-03', succeeded: 6, failed: 2 },
  ];

  it('summarises the series for screen readers and per day on hover', () => {
    render(<DailyRunsChart daily={daily} />);
    expect(
      screen.getByRole('img', { name: '12 runs over 3 days, 2 failed' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('2026-12-03: 6 succeeded, 2 failed'),
    ).toBeInTheDocument();
  });

  it('scales bars to the busiest day and stacks failures on top', () => {
    const { container } = render(
      <DailyRunsChart daily={daily} width={30} height={42} />,
    );
    const bars = [...container.querySelectorAll('rect')].filter(
      r => r.getAttribute('fill') !== 'transparent',
    );
    // Busiest day (8 runs) fills the plot height minus the 2px baseline margin.
    const heights = bars.map(b => Number(b.getAttribute('height')));
    expect(heights).toEqual([20, 30, 10]);
  });

  it('draws its axis labels only when asked', () => {
    const { rerender } = render(<DailyRunsChart daily={daily} />);
    expect(screen.queryByText('2026-12-01')).not.toBeInTheDocument();
    rerender(<DailyRunsChart daily={daily} showAxis />);
    expect(screen.getByText('2026-12-01')).toBeInTheDocument();
    expect(screen.getByText('busiest day: 8 runs')).toBeInTheDocument();
  });
});
