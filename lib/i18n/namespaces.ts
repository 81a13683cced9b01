/**
 * The message namespaces: one per area of the interface, each a JSON file per language under
 * messages/<locale>/<namespace>.json. Add a line here when an area gets its own file.
 */
export const NAMESPACES = [
  'common',
  'history',
  'compare',
  'ops',
  'lessons',
  'experiments',
  'present',
  'classic',
  'editor',
  'blocks',
  'presets',
  'datasets',
  'train',
  'errors',
  'viz',
  'inside',
  'results',
  'speed',
  'graphErrors',
] as const;
export type Namespace = (typeof NAMESPACES)[number];
