/**
 * The figures of the history page, each with its source. ILSVRC classification: the top-5 error of
 * the winner on the test set each year the challenge ran (2010–2017), with notable runners-up;
 * ImageNet accuracy of each full-size preset as a single model; EfficientNet apart (it was not an
 * entry). Checked against the papers and the challenge's result pages; the citations travel with
 * the numbers so the page can print them.
 */

/** Where a figure comes from: a short citation and, where there is one, the page to read. */
export interface Source {
  readonly cite: string;
  readonly url?: string;
}

/** One ILSVRC classification entry on the timeline. */
export interface IlsvrcEntry {
  readonly year: number;
  /** 1 = the winner of the classification task, 2 = the runner-up. */
  readonly rank: 1 | 2;
  readonly team: string;
  /** The model's name where it has one ("AlexNet", "ResNet"). */
  readonly model?: string;
  /** What the entry was where it has no name of its own (the page words these codes). */
  readonly method?: 'sift-lbp-svm' | 'fisher-svm' | 'ensemble';
  /** Top-5 error on the ILSVRC test set, percent, with the challenge's own data only. */
  readonly top5: number;
  /** The same team's figure with extra training data, where they gave one. */
  readonly top5ExtraData?: number;
  /** True when the model is a convolutional network. */
  readonly cnn: boolean;
  /** The preset that builds this model (or the closest one: ResNet-50 for the ResNet ensemble). */
  readonly preset?: string;
  readonly source: Source;
}

const SURVEY: Source = {
  cite: 'Russakovsky et al., "ImageNet Large Scale Visual Recognition Challenge", IJCV 115, 2015',
  url: 'https://arxiv.org/abs/1409.0575',
};
const results = (year: number): Source => ({
  cite: `ILSVRC ${year} results`,
  url: `https://image-net.org/challenges/LSVRC/${year}/results`,
});

/** Winners (and runners-up with a preset) of the classification task, 2010–2017, by year. */
export const ILSVRC_ENTRIES: readonly IlsvrcEntry[] = [
  { year: 2010, rank: 1, team: 'NEC-UIUC', method: 'sift-lbp-svm', top5: 28.2, cnn: false, source: { cite: `Lin et al., "Large-scale image classification: fast feature extraction and SVM training", CVPR 2011; ${SURVEY.cite}`, url: SURVEY.url! } },
  { year: 2011, rank: 1, team: 'XRCE', method: 'fisher-svm', top5: 25.8, cnn: false, source: { cite: `Sánchez & Perronnin, "High-dimensional signature compression for large-scale image classification", CVPR 2011; ${SURVEY.cite}`, url: SURVEY.url! } },
  { year: 2012, rank: 1, team: 'SuperVision', model: 'AlexNet', top5: 16.4, top5ExtraData: 15.3, cnn: true, preset: 'alexnet', source: { cite: 'Krizhevsky, Sutskever & Hinton, NIPS 2012; ILSVRC 2012 results', url: 'https://image-net.org/challenges/LSVRC/2012/results' } },
  { year: 2013, rank: 1, team: 'Clarifai', model: 'ZFNet', top5: 11.7, top5ExtraData: 11.2, cnn: true, preset: 'zfnet', source: { cite: 'Zeiler & Fergus, ECCV 2014; ILSVRC 2013 results', url: 'https://image-net.org/challenges/LSVRC/2013/results' } },
  { year: 2014, rank: 1, team: 'GoogLeNet', model: 'GoogLeNet', top5: 6.67, cnn: true, preset: 'googlenet', source: { cite: 'Szegedy et al., CVPR 2015; ILSVRC 2014 results', url: results(2014).url! } },
  { year: 2014, rank: 2, team: 'VGG', model: 'VGG-16', top5: 7.3, cnn: true, preset: 'vgg16', source: { cite: 'Simonyan & Zisserman, ICLR 2015; ILSVRC 2014 results', url: results(2014).url! } },
  { year: 2015, rank: 1, team: 'MSRA', model: 'ResNet', top5: 3.57, cnn: true, preset: 'resnet50', source: { cite: 'He et al., CVPR 2016; ILSVRC 2015 results', url: results(2015).url! } },
  { year: 2016, rank: 1, team: 'Trimps-Soushen', method: 'ensemble', top5: 2.99, cnn: true, source: results(2016) },
  { year: 2016, rank: 2, team: 'ResNeXt', model: 'ResNeXt', top5: 3.03, cnn: true, preset: 'resnext50_32x4d', source: { cite: 'Xie et al., CVPR 2017; ILSVRC 2016 results', url: results(2016).url! } },
  { year: 2017, rank: 1, team: 'WMW', model: 'SENet', top5: 2.25, cnn: true, preset: 'se_resnet50', source: { cite: 'Hu, Shen & Sun, CVPR 2018; ILSVRC 2017 results', url: results(2017).url! } },
];

/** The human reference: the better of two trained annotators, top-5 error in percent. */
export const HUMAN_TOP5 = { top5: 5.1, source: { cite: `${SURVEY.cite} (Karpathy's experiment)`, url: 'https://karpathy.github.io/2014/09/02/what-i-learned-from-competing-against-a-convnet-on-imagenet/' } } as const;

/** A model shown apart from the challenge: EfficientNet (2019) was never an ILSVRC entry. */
export interface ApartEntry {
  readonly year: number;
  readonly model: string;
  readonly preset: string;
  /** Top-5 error on the ImageNet validation set (not the challenge's test set), percent. */
  readonly top5: number;
  readonly top1: number;
  readonly source: Source;
}

export const AFTER_ILSVRC: readonly ApartEntry[] = [
  { year: 2019, model: 'EfficientNet-B0', preset: 'efficientnet_b0', top1: 77.1, top5: 6.7, source: { cite: 'Tan & Le, "EfficientNet: Rethinking Model Scaling for Convolutional Neural Networks", ICML 2019, Table 2 (B0: 77.1% top-1, 93.3% top-5; B7: 84.3% and 97.0%)', url: 'https://arxiv.org/abs/1905.11946' } },
];

/** LeNet-5 comes before the challenge and worked on MNIST: its figure is a digit error, not ImageNet's. */
export const BEFORE_ILSVRC = {
  year: 1998, model: 'LeNet-5', preset: 'lenet5', mnistError: 0.95,
  source: { cite: 'LeCun, Bottou, Bengio & Haffner, Proc. IEEE 86(11), 1998 (0.95% test error on MNIST; 0.8% with distortions)', url: 'http://yann.lecun.com/exdb/mnist/' },
} as const;

const TORCHVISION: Source = { cite: 'torchvision model zoo, IMAGENET1K_V1 weights (acc@1, one 224×224 centre crop)', url: 'https://pytorch.org/vision/stable/models.html' };

/**
 * Top-1 accuracy on the ImageNet validation set, one model, one 224×224 crop, per full-size
 * preset. One source for most (torchvision trains the same architectures with one recipe, so they
 * compare); the paper where torchvision has none. AlexNet's figure is torchvision's one-tower
 * variant; ZFNet's and SE-ResNet-50's come from their papers (ZFNet's with the paper's own test protocol).
 */
export const IMAGENET_TOP1: Readonly<Record<string, { readonly top1: number; readonly source: Source }>> = {
  alexnet: { top1: 56.52, source: TORCHVISION },
  zfnet: { top1: 61.6, source: { cite: 'Zeiler & Fergus, ECCV 2014, Table 2 (one net, 38.4% top-1 error)', url: 'https://arxiv.org/abs/1311.2901' } },
  vgg16: { top1: 71.59, source: TORCHVISION },
  vgg19: { top1: 72.38, source: TORCHVISION },
  googlenet: { top1: 69.78, source: TORCHVISION },
  resnet18: { top1: 69.76, source: TORCHVISION },
  resnet34: { top1: 73.31, source: TORCHVISION },
  resnet50: { top1: 76.13, source: TORCHVISION },
  resnet101: { top1: 77.37, source: TORCHVISION },
  resnet152: { top1: 78.31, source: TORCHVISION },
  resnext50_32x4d: { top1: 77.62, source: TORCHVISION },
  densenet121: { top1: 74.43, source: TORCHVISION },
  densenet169: { top1: 75.6, source: TORCHVISION },
  se_resnet50: { top1: 76.71, source: { cite: 'Hu, Shen & Sun, CVPR 2018, Table 2 (23.29% top-1 error, one 224×224 crop)', url: 'https://arxiv.org/abs/1709.01507' } },
  mobilenet_v2: { top1: 71.88, source: TORCHVISION },
  efficientnet_b0: { top1: 77.69, source: TORCHVISION },
};
