/** Helpers shared by the administration pages. */

export type Option = { id: string; label: string };

/** Field errors from a payload, by field name; errors without a field are kept under ''. */
export function fieldErrors(errors: ReadonlyArray<{ field?: string | null; message: string }>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field ?? ''] ??= e.message;
  return out;
}

/** A picker's search over a list already loaded (users and groups are few): case-insensitive, first 20. */
export function searchLoaded(options: () => Option[]): (q: string) => Promise<Option[]> {
  return (q) => {
    const needle = q.trim().toLowerCase();
    return Promise.resolve(options().filter((o) => o.label.toLowerCase().includes(needle)).slice(0, 20));
  };
}

/**
 * Check a constraint as typed, before the server tries it on each content type: JSON, an object or a list of
 * objects. Returns the problem, or '' when it reads well (or is empty: no constraint).
 */
export function constraintProblem(text: string): string {
  if (text.trim() === '') return '';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `Not JSON: ${(e as Error).message}`;
  }
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(value)) return '';
  if (Array.isArray(value) && value.every(isObject)) return '';
  return 'A constraint is a filter object such as {"location": {"name": "AMS1"}}, or a list of them of which any may match.';
}
