import { pickerLabel, type ModelInfo } from './catalog';
import { searchModels } from './operations';

export interface SearchHit {
  model: ModelInfo;
  total: number;
  objects: Array<{ id: string; label: string }>;
}

/**
 * Global search: the first `per` objects of every searchable model the user may view that match `q`, with how
 * many match in all, in one GraphQL request (core and plugin models alike, each through its own quick search).
 */
export async function searchEverything(catalog: readonly ModelInfo[], q: string, per = 5): Promise<SearchHit[]> {
  const models = catalog.filter((m) => m.searchable && m.actions.includes('view'));
  if (models.length === 0 || !q.trim()) return [];
  const found = await searchModels(models, catalog, q.trim(), per);
  return models
    .map((model, i) => {
      const { rows, total } = found[i] ?? { rows: [], total: 0 };
      return { model, total, objects: rows.map((node) => ({ id: String(node['id']), label: pickerLabel(model, catalog, node) })) };
    })
    .filter((hit) => hit.total > 0);
}
