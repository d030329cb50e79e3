import { deployment } from '../testing/fixtures';
import { mergeLive } from './useLiveDeployments';

const progress = {
  message: '',
  desired: 2,
  updated: 2,
  ready: 0,
  available: 0,
  old: 0,
  fraction: 0.5,
};

describe('mergeLive', () => {
  const at = (minutesAgo: number) =>
    new Date(
      Date.parse('2026-03-01T12:00:00Z') - minutesAgo * 60_000,
    ).toISOString();

  it('shows live rows in place of what the history last said, and new ones on top', () => {
    const history = [
      deployment({ id: 'b', status: 'pending', createdAt: at(5) }),
      deployment({ id: 'a', status: 'succeeded', createdAt: at(60) }),
    ];
    const live = [
      deployment({ id: 'c', status: 'pending', createdAt: at(0) }),
      deployment({ id: 'b', status: 'progressing', createdAt: at(5) }),
    ];
    expect(mergeLive(history, live).map(d => [d.id, d.status])).toEqual([
      ['c', 'pending'],
      ['b', 'progressing'],
      ['a', 'succeeded'],
    ]);
  });

  it('keeps an outcome the history already knows over an older live reading', () => {
    const history = [deployment({ id: 'b', status: 'failed' })];
    const live = [deployment({ id: 'b', status: 'progressing' })];
    expect(mergeLive(history, live)[0].status).toBe('failed');
  });

  it('takes the newer of two readings of a rollout in progress, whichever path it came by', () => {
    const older = deployment({
      id: 'b',
      status: 'progressing',
      version: 2,
      progress: {
        ...progress,
        message: '0 of 2 new replicas have been updated',
      },
    });
    const newer = deployment({
      id: 'b',
      status: 'progressing',
      version: 3,
      progress: {
        ...progress,
        message: '0 of 2 updated replicas are available',
      },
    });
    expect(mergeLive([newer], [older])[0].progress?.message).toBe(
      '0 of 2 updated replicas are available',
    );
    expect(mergeLive([older], [newer])[0].progress?.message).toBe(
      '0 of 2 updated replicas are available',
    );
  });
});
