// Small validated readers for the JSON the services answer with, and the setup
// every provider does the same way. Pure functions; no VS Code.
import { HttpClient } from './http';
import type { ProviderOptions } from './model';
import { clip, redact } from './redact';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object: not null, not an array. */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `obj[field]` when it is a string (empty included), else undefined. */
export function optString(obj: Json, field: string): string | undefined {
  const value = obj[field];
  return typeof value === 'string' ? value : undefined;
}

/** `obj[field]` when it is a finite number ≥ 0 (a JSON number only, fractions included), else undefined. */
export function optCount(obj: Json, field: string): number | undefined {
  const value = obj[field];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/** A time in milliseconds since the epoch as ISO 8601, or undefined when it is not a valid date (NaN, ±Infinity, out of range). */
export function isoFromMillis(ms: number): string | undefined {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An id from JSON: a safe integer ≥ `minNumber` (as a string), or a trimmed non-empty string of at most 200 characters with no whitespace, `/`, `?` or `#`. */
export function idOf(value: unknown, minNumber: number): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= minNumber ? String(value) : undefined;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  return s !== '' && s.length <= 200 && !/[\s/?#]/.test(s) ? s : undefined;
}

/**
 * The service's message from an error body: the first of `fields` that holds a
 * string (with `skipBlank`, the first non-blank one), secrets scrubbed and clipped
 * to 300 characters; undefined when the body is no object or the string is empty.
 */
export function messageFrom(
  body: unknown,
  fields: readonly string[],
  secrets: readonly (string | undefined)[],
  skipBlank = false,
): string | undefined {
  if (!isObject(body)) return undefined;
  const text = fields.map((field) => body[field]).find((v): v is string => typeof v === 'string' && (!skipBlank || v.trim() !== ''));
  return text ? clip(redact(text, secrets), 300) : undefined;
}

/** The URL the text names, or undefined when it is not one (never throws). */
export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** A configured URL without surrounding whitespace or trailing slashes. */
export function trimUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The HTTP client a provider uses: its display name plus the instance's fetch, timeout and insecure-HTTP setting. */
export function providerHttp(service: string, options: ProviderOptions): HttpClient {
  return new HttpClient({
    service,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    allowInsecureHttp: options.allowInsecureHttp,
  });
}
