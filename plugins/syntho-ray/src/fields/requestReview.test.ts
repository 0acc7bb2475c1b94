import { mockApis } from '@backstage/frontend-test-utils';
import { parsePolicy } from '@syntho-ray/plugin-syntho-ray-common';
import { synthoRayTranslationRef } from '../translation';
import { REVIEW_BOUNDS, requestReview } from './requestReview';

const translation = mockApis
  .translation()
  .getTranslation(synthoRayTranslationRef);
if (!translation.ready) throw new Error('The default messages are not ready');
const { t } = translation;

const policy = parsePolicy(undefined);
const base = { name: 'ray-cluster', namespace: 'syntho', rayTag: '2.9.3' };

describe('requestReview', () => {
  it('shows nothing for what the request leaves out', () => {
    expect(requestReview({ ...base, operatorTag: '1.4.0' }, policy, t)).toEqual(
      {},
    );
  });

  it('names the owner as the catalog does, with the short reference that tells two names apart', () => {
    const form = { ...base, operatorTag: '1.4.0', owner: 'group:default/ds' };
    expect(requestReview(form, policy, t, 'Data Science').owner).toBe(
      'Data Science (ds)',
    );
    // A group without a display name is presented by its name.
    expect(requestReview(form, policy, t, 'ds').owner).toBe('ds');
    expect(requestReview(form, policy, t).owner).toBe('ds');
    expect(
      requestReview({ ...form, owner: 'group:research/ds' }, policy, t).owner,
    ).toBe('research/ds');
  });

  it('cuts a display name longer than the template allows', () => {
    const form = { ...base, operatorTag: '1.4.0', owner: 'group:default/ds' };
    const review = requestReview(form, policy, t, 'D'.repeat(10_000));
    expect(Array.from(review.owner!)).toHaveLength(REVIEW_BOUNDS.text);
    expect(review.owner).toMatch(/^D+…$/);
  });

  it('says each worker group in one line and each warning', () => {
    const review = requestReview(
      {
        ...base,
        rayTag: 'latest',
        operatorTag: '1.4.0',
        size: {
          preset: 'development',
          extraWorkerGroups: [
            {
              name: 'small',
              replicas: 2,
              minReplicas: 1,
              cpu: '4',
              memory: '8G',
            },
            { replicas: 1, cpu: '', memory: '8G' },
          ],
        },
      },
      policy,
      t,
    );
    expect(review.workerGroups).toEqual([
      'small: Workers 2, Min replicas 1, CPU 4, Memory 8G',
      'Group 2: Workers 1, Memory 8G',
    ]);
    expect(review.warnings).toEqual([
      expect.stringMatching(
        /^Warning: The Ray image tag "latest" is not pinned/,
      ),
    ]);
  });

  it('labels each volume value and passes the values on as typed', () => {
    const hostile = '<img src=x onerror=alert(1)>{{ x }}\n# c';
    const review = requestReview(
      {
        ...base,
        operatorTag: '1.4.0',
        volumes: [
          { name: hostile, mountPath: hostile, persistentVolumeClaim: 'pvc' },
        ],
      },
      policy,
      t,
    );
    expect(review.volumes).toEqual([
      {
        'Volume name': hostile,
        'Mount path': hostile,
        PersistentVolumeClaim: 'pvc',
        'Read only': 'no',
      },
    ]);
  });
});
