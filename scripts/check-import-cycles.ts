/**
 * `npm run lint` runs this after ESLint: exits 1 and names the files when the source has an
 * import cycle (type-only imports count; see import-cycles.ts for why).
 */
import { findCycles, SOURCE_DIRS, sourceImportGraph } from './import-cycles';

const graph = sourceImportGraph(process.cwd());
const cycles = findCycles(graph);
for (const cycle of cycles) {
  console.error(`Import cycle: ${cycle.join(' -> ')}\n  Move what these files share into a module that imports none of them (a type goes beside the code that defines its values).`);
}
if (cycles.length) process.exit(1);
console.log(`No import cycles in ${SOURCE_DIRS.join('/, ')}/ (${graph.size} files, type-only imports included).`);
