/** What a list view shows, as kept in the URL's query string. */
export interface ListState {
  q: string;
  filters: Record<string, string>;
  order: { field: string; direction: 'ASC' | 'DESC' } | null;
  size: number;
  after: string | null;
}

export const PAGE_SIZES = [25, 50, 100, 250] as const;

/** Read a list's state from `q=…&f.<filter>=…&order=[-]FIELD&size=…&after=…`; unknown or bad values fall back. */
export function listState(querystring: string | undefined): ListState {
  const params = new URLSearchParams(querystring ?? '');
  const filters: Record<string, string> = {};
  for (const [key, value] of params) if (key.startsWith('f.') && value.trim()) filters[key.slice(2)] = value;
  const order = params.get('order');
  const size = Number(params.get('size'));
  return {
    q: params.get('q') ?? '',
    filters,
    order: order && /^-?[A-Z_]+$/.test(order) ? { field: order.replace(/^-/, ''), direction: order.startsWith('-') ? 'DESC' : 'ASC' } : null,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : PAGE_SIZES[0],
    after: params.get('after') || null,
  };
}

/** The query string for a state (with its `?`), leaving out what is at its default. */
export function listQuery(state: ListState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const [name, value] of Object.entries(state.filters)) if (value) params.set(`f.${name}`, value);
  if (state.order) params.set('order', `${state.order.direction === 'DESC' ? '-' : ''}${state.order.field}`);
  if (state.size !== PAGE_SIZES[0]) params.set('size', String(state.size));
  if (state.after) params.set('after', state.after);
  const text = params.toString();
  return text ? `?${text}` : '';
}
