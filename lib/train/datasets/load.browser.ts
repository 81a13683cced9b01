/**
 * Loads a dataset of the catalogue in a browser (the training worker), fitted to the model by a
 * plan (lib/train/plan.ts): MNIST from the app's own gzip files and the Cache API, synthetic
 * shapes drawn in code, CIFAR and image folders from the user's picked files. load.node.ts is
 * the same under Node.
 */
import { TrainError } from '../errors';
import { datasetSaid, say, type Said } from '../said';
import type { DataPlan } from '../plan';
import { datasetEntry, type DatasetId } from './catalogue';
import { loadCifar } from './cifar';
import { browserImageDecoder, filesFromFileList } from './files.browser';
import { loadImageFolder } from './folder';
import type { InMemoryDataset } from './in-memory';
import { loadMnistBrowser, type MnistLoadReport } from './mnist.browser';
import { makeSynthetic } from './synthetic';
import { throttleProgress } from './progress-throttle';

/** Where loading stands, for the status line and a progress bar. */
export interface BrowserLoadProgress {
  /** What is being done, as a sentence for the interface to word. */
  readonly detail: Said;
  /** Bytes obtained of total (MNIST's download or cache read). */
  readonly progress?: { readonly received: number; readonly total: number };
}

export interface BrowserLoaded {
  readonly dataset: InMemoryDataset;
  /** Files of a folder that could not be read and were left out. */
  readonly skipped: number;
  /** MNIST: bytes downloaded and read from the cache. */
  readonly report?: MnistLoadReport;
}

const mb = (bytes: number): string => (bytes / 1e6).toFixed(1);

/**
 * Loads dataset `id` as `plan` says. `files` are the user's picked files (a folder, CIFAR's binary
 * files). Progress is reported at most every 100 ms (the latest is never lost), and at the end of each stage.
 */
export async function loadDatasetBrowser(
  id: DatasetId, plan: DataPlan, files: readonly File[] | undefined, onProgress: (p: BrowserLoadProgress) => void,
): Promise<BrowserLoaded> {
  const entry = datasetEntry(id)!;
  const throttled = throttleProgress(onProgress, 100);
  switch (id) {
    case 'mnist':
    case 'mnist-imbalanced': {
      onProgress({ detail: say('train.worker.mnistLoading') });
      const { dataset, report } = await loadMnistBrowser({
        ...plan.mnist,
        ...(id === 'mnist-imbalanced' ? { imbalanceRatio: 100 } : {}),
        onProgress: (p) => {
          const detail = p.stage === 'inflate' ? say('train.worker.mnistInflating')
            : say(p.fromCache === p.received && p.received > 0 ? 'train.worker.mnistCache' : 'train.worker.mnistDownload', { received: mb(p.received), total: mb(p.total) });
          throttled({ detail, progress: { received: p.received, total: p.total } }, p.received >= p.total || p.stage === 'inflate');
        },
      });
      return { dataset, skipped: 0, report };
    }
    case 'synthetic':
    case 'synthetic-imbalanced':
    case 'synthetic-multilabel':
      onProgress({ detail: say('train.worker.synthetic') });
      return { dataset: makeSynthetic({ form: id === 'synthetic' ? 'single' : id === 'synthetic-imbalanced' ? 'imbalanced' : 'multilabel' }), skipped: 0 };
    case 'cifar10':
    case 'cifar100':
    case 'cifar100-coarse':
      if (!files?.length) throw new TrainError('data', say('errors.train.chooseCifar', { dataset: datasetSaid(entry.id, 'called') }));
      onProgress({ detail: say('train.worker.cifar') });
      return { dataset: await loadCifar(filesFromFileList(files), id), skipped: 0 };
    case 'folder': {
      if (!files?.length) throw new TrainError('data', say('errors.train.chooseFolder'));
      const size = plan.folder?.size ?? [32, 32];
      const result = await loadImageFolder(filesFromFileList(files), browserImageDecoder, {
        size: [size[0], size[1]], channels: plan.folder?.channels ?? 3, skipUnreadable: true,
        onProgress: (done, total) => throttled({ detail: say('train.worker.decoding', { done, total }) }, done === total),
      });
      return { dataset: result.dataset, skipped: result.skipped.length };
    }
  }
}
