import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogApi } from '@backstage/plugin-catalog-react';
import { SOFTWARE_ENTITY_KINDS } from '@paved/plugin-paved-common';

/** Entity refs of catalog entities that already use `name`, in the kinds a component competes with. */
export async function entitiesUsingName(
  catalogApi: CatalogApi,
  name: string,
): Promise<string[]> {
  const { items } = await catalogApi.getEntities({
    filter: SOFTWARE_ENTITY_KINDS.map(kind => ({
      kind,
      'metadata.name': name,
    })),
    fields: ['kind', 'metadata.namespace', 'metadata.name'],
  });
  return items.map(e => stringifyEntityRef(e));
}
