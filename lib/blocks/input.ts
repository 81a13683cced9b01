import { definePrimitive } from './spec';

export interface InputParams {
  [key: string]: number;
  height: number;
  width: number;
  channels: number;
}

export const input = definePrimitive<InputParams>({
  kind: 'primitive',
  type: 'Input',
  name: 'Input',
  category: 'input',
  ports: { min: 0, max: 0, ordered: false },
  params: {
    height: { kind: 'int', label: 'Height', default: 28, min: 1, max: 1024, help: 'Image height in pixels.' },
    width: { kind: 'int', label: 'Width', default: 28, min: 1, max: 1024, help: 'Image width in pixels.' },
    channels: { kind: 'int', label: 'Channels', default: 1, min: 1, max: 4096, help: '1 for greyscale, 3 for RGB.' },
  },
  teach: {
    summary: 'The image that enters the network, as height×width×channels (channels last, as in TensorFlow.js). The batch dimension is left out.',
    origin: 'Every network starts here.',
    formula: 'no weights',
  },
  describe: (p) => `Input ${p.height}×${p.width}×${p.channels}`,
  inferShape: (_inputs, p) => [p.height, p.width, p.channels],
  countParams: () => ({ trainable: 0, nonTrainable: 0 }),
  countFlops: () => 0,
});
