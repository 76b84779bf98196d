import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_LABEL_SELECTOR,
  hasKubernetesAnnotations,
} from './annotations';

describe('hasKubernetesAnnotations', () => {
  it('is true for the kubernetes-id or label-selector annotation only', () => {
    const entity = (annotations?: Record<string, string>) => ({
      metadata: { annotations },
    });
    expect(ANNOTATION_KUBERNETES_ID).toBe('backstage.io/kubernetes-id');
    expect(
      hasKubernetesAnnotations(entity({ [ANNOTATION_KUBERNETES_ID]: 'web' })),
    ).toBe(true);
    expect(
      hasKubernetesAnnotations(
        entity({ [ANNOTATION_KUBERNETES_LABEL_SELECTOR]: 'app=web' }),
      ),
    ).toBe(true);
    expect(
      hasKubernetesAnnotations(
        entity({ 'backstage.io/kubernetes-namespace': 'shop' }),
      ),
    ).toBe(false);
    expect(hasKubernetesAnnotations(entity())).toBe(false);
    expect(
      hasKubernetesAnnotations(entity({ [ANNOTATION_KUBERNETES_ID]: '' })),
    ).toBe(false);
  });
});
