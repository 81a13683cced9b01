/** The views as the panel's tabs, each with its teaching text. */
import { describe, expect, it } from 'vitest';
import { VIEWS, VIEW_IDS } from '@/lib/viz';

describe('the views and their teaching text', () => {
  it('are the panel\'s tabs, in order, with the names the issue gives them', () => {
    expect(VIEW_IDS.map((id) => VIEWS[id].tab)).toEqual(
      ['Feature maps', 'Deconvnet', 'Guided backprop', 'Saliency', 'Filters', 'Top 9', 'Occlusion', 'Grad-CAM', 'Evolution']);
  });

  it('each say what the picture shows, the idea, what to notice, and the paper (with its year)', () => {
    for (const id of VIEW_IDS) {
      const t = VIEWS[id];
      for (const field of [t.title, t.idea, t.notice]) expect(field.length, `${id}`).toBeGreaterThan(30);
      expect(t.paper, id).toMatch(/(19|20)\d\d/);
    }
    expect(VIEWS.filters.notice).toMatch(/edge and colour detectors.*random ones look like noise/);
    expect(VIEWS.deconvnet.paper).toMatch(/Zeiler & Fergus/);
    expect(VIEWS.saliency.paper).toMatch(/Simonyan/);
  });
});
