// How the dashboard describes a store template (GET /api/v1/templates).

import type { Template } from './types';

/** What a template installs, in a few words. */
export function templateContents(template: Template): string {
  const release = (p: { slug: string; version: string | null }) => p.version ? `${p.slug} ${p.version}` : p.slug;
  const parts: string[] = [];
  if (template.theme) parts.push(`theme ${release(template.theme)}`);
  if (template.plugins.length) parts.push(`plugins ${template.plugins.map(release).join(', ')}`);
  if (template.seed) parts.push(`seed ${template.seed.script}`);
  return parts.length ? `Installs ${parts.join('; ')}.` : '';
}
