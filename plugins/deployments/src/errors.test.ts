import { toProblem } from './errors';
import { responseError } from './testing/fixtures';

describe('toProblem', () => {
  it('keeps the API server causes a deployment failure carries', async () => {
    const error = await responseError(409, {
      error: { name: 'Conflict', message: 'fields are owned by another' },
      details: {
        reason: 'Conflict',
        message: 'fields are owned by another',
        causes: [
          {
            field: '.spec.replicas',
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
          },
        ],
      },
    });
    expect(toProblem(error)).toEqual({
      status: 409,
      reason: 'Conflict',
      message: 'fields are owned by another',
      causes: [
        {
          field: '.spec.replicas',
          reason: 'FieldManagerConflict',
          message: 'conflict with "kubectl-client-side-apply" using apps/v1',
        },
      ],
    });
  });

  it('reads a standard Backstage error body, which has no details', async () => {
    const error = await responseError(400, {
      error: { name: 'InputError', message: 'replicas must be a number' },
    });
    expect(toProblem(error)).toEqual({
      status: 400,
      reason: 'InputError',
      message: 'replicas must be a number',
      causes: [],
    });
  });

  it('passes on the message of anything else thrown', () => {
    expect(toProblem(new TypeError('Failed to fetch'))).toEqual({
      message: 'Failed to fetch',
      causes: [],
    });
  });
});
