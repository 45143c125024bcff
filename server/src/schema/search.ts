import { existsSync } from 'node:fs';
import type { DatabaseProvider } from '../config/config.ts';
import type { RequestContext } from '../context.ts';
import { isPlainName, SearchIndex, syncSearchIndexes, type RawClient, type SearchIndexSpec } from '../db/search-index.ts';
import { systemOf } from '../system.ts';
import type { CatalogEntry } from './model-catalog.ts';
import { delegateFor, insensitiveContains, type ModelApiSpec, type Where } from './model-spec.ts';

/** Most words of a quick search that are matched; the rest are ignored. */
export const SEARCH_WORDS = 5;

/**
 * Most related objects a search word may match through a dotted path (`location.name`) before the search matches
 * that path with a join instead of a list of ids.
 */
export const RELATED_MATCHES = 500;

/**
 * The quick search `q` as a condition: each word must appear, case-insensitively and literally, in one of the
 * model's search fields.
 *
 * A dotted path to a related object's field (`location.name` on a device) is looked up first, in the related
 * table, and becomes a condition on the foreign key (`locationId IN (...)`). Every arm of the search is then a
 * condition on the model's own columns, which PostgreSQL answers from the trigram index over them and the foreign
 * key's index, combined as a bitmap, instead of scanning and joining every row. Related objects are matched
 * whatever their own view scope, as the related object itself is shown to whoever may view the object.
 */
export async function searchWhere(spec: ModelApiSpec, q: string, ctx: RequestContext): Promise<Where[]> {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, SEARCH_WORDS);
  const out: Where[] = [];
  for (const word of words) {
    // On SQLite, the model's own columns are looked up in its index when it can answer (null: scan them).
    const ids = (await systemOf(ctx).searchIndex?.ids(spec.model, word)) ?? null;
    const arms: Array<Where | null> = ids === null ? [] : [ids.length > 0 ? { id: { in: ids } } : null];
    for (const path of spec.search) if (ids === null || path.includes('.')) arms.push(await pathWhere(spec, path, word, ctx));
    // An arm that can match nothing is left out (an empty list would become `OR 1=0`, which keeps SQLite from using
    // the primary key). With no arm left the word matches nothing, said outright: Prisma reads `OR: []` as no condition.
    const live = arms.filter((arm): arm is Where => arm !== null);
    out.push(live.length > 0 ? { OR: live } : { id: { in: [] } });
  }
  return out;
}

/**
 * A list filter's case-insensitive substring match of `value` in the model's own text column `column`, taken
 * literally. On SQLite, a value of three characters or more is looked up in the quick search's index when the column
 * is one of the model's search columns, and becomes a list of ids: a `LIKE '%…%'` reads every row (100,000 devices:
 * 5× its time at 1,000), the index only the matches. Too many matches, or no index, and the column is scanned.
 */
export async function containsWhere(ctx: RequestContext, model: string, column: string, value: string): Promise<Where> {
  const ids = (await systemOf(ctx).searchIndex?.ids(model, value, column)) ?? null;
  return ids === null ? { [column]: insensitiveContains(ctx, value) } : { id: { in: ids } };
}

/** Most values of one substring filter looked up in the index; a longer list is matched by scanning. */
const INDEXED_VALUES = 10;

/**
 * A list filter on the model's text column `column`: the objects whose column holds any of the values, as
 * `containsWhere` matches each.
 */
export function containsAny(model: string, column: string): (values: string[], ctx: RequestContext) => Promise<Where> {
  return async (values, ctx) => {
    if (values.length > INDEXED_VALUES) return { OR: values.map((v) => ({ [column]: insensitiveContains(ctx, v) })) };
    const arms: Where[] = [];
    for (const value of values) arms.push(await containsWhere(ctx, model, column, value));
    return { OR: arms };
  };
}

/** The condition of one search path for one word; null when it can match nothing (no related object matched). */
async function pathWhere(spec: ModelApiSpec, path: string, word: string, ctx: RequestContext): Promise<Where | null> {
  const [relation = '', field, ...deeper] = path.split('.');
  if (field === undefined) return { [relation]: insensitiveContains(ctx, word) };
  const ref = spec.fields[relation];
  if (ref?.kind === 'ref' && deeper.length === 0) {
    const related = delegateFor({ ...ctx, prisma: systemOf(ctx).relatedPrisma() }, ref.model);
    const rows = (await related.findMany({ where: { [field]: insensitiveContains(ctx, word) }, select: { id: true }, take: RELATED_MATCHES + 1 })) as Array<{ id: string }>;
    if (rows.length === 0) return null;
    if (rows.length <= RELATED_MATCHES) return { [ref.column]: { in: rows.map((r) => r.id) } };
  }
  return path.split('.').reduceRight<Where>((inner, part) => ({ [part]: inner }), insensitiveContains(ctx, word));
}

/**
 * On SQLite, the quick search's index for each searchable model (see `db/search-index.ts`), brought up to date; null
 * on PostgreSQL, whose trigram indexes the migrations make. A model mapped onto another table name, or a search
 * column mapped onto another column name, is left to the scan.
 */
export async function openSearchIndex(
  prisma: RawClient,
  provider: DatabaseProvider,
  catalog: ReadonlyArray<Pick<CatalogEntry, 'model' | 'searchable' | 'search'>>,
  prismaSchema: string,
  url: string,
): Promise<SearchIndex | null> {
  // A database file that is not there yet (a runtime opened to print the schema) is not made here.
  if (provider !== 'sqlite' || !existsSync(url.replace(/^file:/, ''))) return null;
  const specs: SearchIndexSpec[] = [];
  for (const entry of catalog) {
    const block = new RegExp(`^model ${entry.model} \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(prismaSchema)?.[1];
    if (!entry.searchable || !block || /^\s*@@map\(/m.test(block)) continue;
    const columns = entry.search.filter((path) => !path.includes('.'));
    const plain = columns.every((column) => isPlainName(column) && new RegExp(`^\\s*${column}\\s+String\\??(?![^\\n]*@map\\()`, 'm').test(block));
    if (columns.length > 0 && plain) specs.push({ model: entry.model, table: entry.model, columns });
  }
  return new SearchIndex(prisma, await syncSearchIndexes(prisma, specs));
}
