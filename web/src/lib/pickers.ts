import { pickerLabel, type ModelInfo } from './catalog';
import { pickerObjects } from './operations';

export type PickerOption = { id: string; label: string };

/**
 * Objects of `target` for a picker, labelled with their context: the first 20 matching the quick search `q`, or
 * exactly the objects `ids` names (to label the values a URL or a form already holds).
 */
export async function searchObjects(target: ModelInfo, catalog: readonly ModelInfo[], q: string, ids?: readonly string[]): Promise<PickerOption[]> {
  const { rows } = await pickerObjects(target, catalog, q, ids);
  return rows.map((node) => ({ id: String(node['id']), label: pickerLabel(target, catalog, node) }));
}
