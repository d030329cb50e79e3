import { ResponseError, isError } from '@backstage/errors';

/** What the UI says about a failed request: the backend's own message when it sent one. */
export function describeError(error: unknown): {
  status?: number;
  message: string;
  /** The traces backend is missing or did not answer, rather than refusing this request. */
  unreachable: boolean;
} {
  if (ResponseError.is(error)) {
    const status = error.statusCode;
    return {
      status,
      message: error.cause.message || error.message,
      // A plugin that is not installed answers the backend's generic 404 on every route.
      unreachable: status === 502 || status === 503 || status === 504,
    };
  }
  const message = isError(error) ? error.message : String(error);
  // fetch rejects with a TypeError ("Failed to fetch") when nothing answers at all.
  return { message, unreachable: isError(error) && error.name === 'TypeError' };
}
