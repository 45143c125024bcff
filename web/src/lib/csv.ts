import Papa from 'papaparse';
import { byModel, show, type ModelInfo } from './catalog';
import { searchObjects } from './pickers';

type Field = ModelInfo['fields'][number];

/** Most rows one import takes: the server's bulk mutations take as many. */
export const MAX_IMPORT_ROWS = 1000;

/** A data row of the file, ready to send (or with the problems found before sending). */
export interface ImportRow {
  /** The line in the file (the header is line 1). */
  line: number;
  input: Record<string, unknown>;
  errors: string[];
}

export interface ParsedImport {
  rows: ImportRow[];
  /** Problems of the whole file: unknown columns, a missing required column, bad CSV. */
  problems: string[];
}

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which field a column header names: the field (`location`), its input name (`locationId`) or its label. */
function fieldFor(model: ModelInfo, header: string): Field | undefined {
  const h = header.trim().toLowerCase();
  return model.fields.find((f) => f.name.toLowerCase() === h || f.inputName.toLowerCase() === h || f.label.toLowerCase() === h);
}

function splitList(raw: string): string[] {
  return raw.split(/[;,]/).map((s) => s.trim()).filter(Boolean);
}

/**
 * References by id, by name, or by the label a picker shows (`nyc1-cr01 › xe-0/1/0`). A name that several objects
 * share is refused as ambiguous rather than guessed.
 */
function resolver(target: ModelInfo, catalog: readonly ModelInfo[]) {
  const cache = new Map<string, Promise<{ id: string } | { error: string }>>();
  return (raw: string) => {
    let found = cache.get(raw);
    if (!found) {
      found = (async () => {
        if (ID.test(raw)) {
          const byId = await searchObjects(target, catalog, '', [raw]);
          return byId[0] ? { id: byId[0].id } : { error: `no ${target.label.toLowerCase()} has the id ${raw}` };
        }
        const own = raw.includes(' › ') ? raw.split(' › ').pop() ?? raw : raw;
        const options = await searchObjects(target, catalog, own);
        const exact = options.filter((o) => o.label === raw);
        const named = exact.length > 0 ? exact : options.filter((o) => o.label.split(' › ').pop() === raw);
        if (named.length === 1 && named[0]) return { id: named[0].id };
        if (named.length > 1) return { error: `${named.length} ${target.labelPlural.toLowerCase()} are called “${raw}”: write it as a picker shows it (${named[0]?.label}) or give the id` };
        return { error: `no ${target.label.toLowerCase()} is called “${raw}”` };
      })();
      cache.set(raw, found);
    }
    return found;
  };
}

/** Read a CSV file into create inputs for `model`, resolving references; nothing is sent. */
export async function parseImport(model: ModelInfo, catalog: readonly ModelInfo[], text: string): Promise<ParsedImport> {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  const problems = parsed.errors.slice(0, 5).map((e) => `Line ${(e.row ?? 0) + 2}: ${e.message}`);
  const headers = parsed.meta.fields ?? [];
  const columns = new Map<string, Field>();
  const unknown: string[] = [];
  for (const header of headers) {
    if (header.startsWith('cf_')) continue;
    const field = fieldFor(model, header);
    if (field) columns.set(header, field);
    else unknown.push(header);
  }
  if (unknown.length > 0) problems.push(`Unknown column(s): ${unknown.join(', ')}. Columns are field names (${model.fields.map((f) => f.name).join(', ')}), or cf_<name> for a custom field.`);
  const given = new Set([...columns.values()].map((f) => f.name));
  const missing = model.fields.filter((f) => f.required && !given.has(f.name)).map((f) => f.name);
  if (missing.length > 0) problems.push(`Missing required column(s): ${missing.join(', ')}.`);
  if (parsed.data.length > MAX_IMPORT_ROWS) problems.push(`The file has ${parsed.data.length} rows; one import takes at most ${MAX_IMPORT_ROWS}.`);
  if (problems.length > 0) return { rows: [], problems };

  const resolvers = new Map<string, ReturnType<typeof resolver>>();
  for (const f of columns.values()) {
    const target = f.kind === 'ref' ? byModel(catalog, f.refModel) : f.kind === 'tags' ? byModel(catalog, 'Tag') : undefined;
    if (target && !resolvers.has(target.model)) resolvers.set(target.model, resolver(target, catalog));
  }
  const rows: ImportRow[] = [];
  for (const [i, record] of parsed.data.entries()) {
    const row: ImportRow = { line: i + 2, input: {}, errors: [] };
    const custom: Record<string, unknown> = {};
    for (const [header, value] of Object.entries(record)) {
      const raw = (value ?? '').trim();
      if (header.startsWith('cf_')) {
        if (raw !== '') custom[header.slice(3)] = raw;
        continue;
      }
      const f = columns.get(header);
      if (!f || raw === '') continue;
      if (f.kind === 'int') {
        if (!/^-?\d+$/.test(raw)) row.errors.push(`${f.label}: “${raw}” is not a whole number`);
        else row.input[f.inputName] = Number(raw);
      } else if (f.kind === 'boolean') {
        const v = raw.toLowerCase();
        if (['true', 'yes', '1'].includes(v)) row.input[f.inputName] = true;
        else if (['false', 'no', '0'].includes(v)) row.input[f.inputName] = false;
        else row.input[f.inputName] = raw; // the server names the problem
      } else if (f.kind === 'ref' || f.kind === 'tags') {
        const resolve = resolvers.get(f.kind === 'tags' ? 'Tag' : (f.refModel ?? ''));
        const ids: string[] = [];
        for (const part of f.kind === 'tags' ? splitList(raw) : [raw]) {
          const found = resolve ? await resolve(part) : { error: 'cannot be looked up' };
          if ('id' in found) ids.push(found.id);
          else row.errors.push(`${f.label}: ${found.error}`);
        }
        row.input[f.inputName] = f.kind === 'tags' ? ids : ids[0];
      } else if (f.kind === 'contentTypes') row.input[f.inputName] = splitList(raw);
      else row.input[f.inputName] = raw;
    }
    if (Object.keys(custom).length > 0) row.input['customFields'] = JSON.stringify(custom);
    rows.push(row);
  }
  return { rows, problems: [] };
}

/** The rows of a list as CSV: the display field, then every field, references by their display value; formulas defused. */
export function toCsv(model: ModelInfo, catalog: readonly ModelInfo[], rows: ReadonlyArray<Record<string, unknown>>): string {
  const fields = model.fields.filter((f) => f.name !== model.display && !f.writeOnly);
  const header = [model.display, ...fields.map((f) => f.name)];
  const body = rows.map((row) => [
    show(row[model.display]),
    ...fields.map((f) => {
      const value = row[f.name];
      if (value === null || value === undefined) return '';
      const target = f.kind === 'ref' ? byModel(catalog, f.refModel) : undefined;
      const text = show(value, target?.display ?? 'name');
      return text === '—' ? '' : text;
    }),
  ]);
  // A cell starting with =, +, -, @ (or a tab or return) would run as a formula in a spreadsheet: whoever can edit an
  // object could plant one for whoever exports it. papaparse prefixes such cells with a quote.
  return Papa.unparse({ fields: header, data: body }, { escapeFormulae: true });
}
