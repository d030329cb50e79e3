import { parseEntityRef } from '@backstage/catalog-model';
import {
  DeploymentAction,
  parseImageReference,
} from '@paved/plugin-deployments-common';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  const s = Math.round(ms / 1000);
  if (s < 1) return '< 1 s';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago", "just now": what a history needs at a glance; the exact time goes in a tooltip. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  if (Math.abs(seconds) < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) {
      return format.format(Math.round(seconds / size), unit);
    }
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

export const formatAbsolute = (iso: string) => new Date(iso).toLocaleString();

/** The name part of an entity ref, e.g. "ada" for "user:default/ada"; anything else as it is. */
export function nameOf(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

export const formatReplicas = (n: number | null | undefined) =>
  n === null || n === undefined ? '–' : String(n);

/** What a person recognises an image by: its tag, or the start of its digest. */
export function imageTag(image: string | null | undefined): string {
  if (!image) return '–';
  const parsed = parseImageReference(image);
  if (!parsed.ok) return image;
  const { tag, digest } = parsed.reference;
  if (tag) return tag;
  if (digest) return digest.slice(0, digest.indexOf(':') + 13);
  return 'latest';
}

/**
 * An image as a history row shows it: the repository's last segment with the tag, e.g.
 * "checkout:1.4.2" for "ghcr.io/acme/checkout:1.4.2"; the whole reference goes in a tooltip.
 */
export function shortImage(image: string | null | undefined): string {
  if (!image) return '–';
  const parsed = parseImageReference(image);
  if (!parsed.ok) return image;
  const name = parsed.reference.path.split('/').pop();
  return `${name}:${imageTag(image)}`;
}

const ACTIONS: Record<DeploymentAction, string> = {
  deploy: 'Deploy',
  rollback: 'Rollback',
  redeploy: 'Redeploy',
  scale: 'Scale',
  restart: 'Restart',
};

export const formatAction = (action: DeploymentAction) =>
  ACTIONS[action] ?? action;
