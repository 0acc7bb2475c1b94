import { requestChecks, runChecks } from '.';
import { RequestCheck } from './requestCheck';
import { contextFor } from './__testUtils__/checkContext';

describe('requestChecks', () => {
  it('all accept a valid request', () => {
    expect(runChecks(requestChecks, contextFor()).items).toEqual([]);
  });

  it("reports problems in the order of the list, and of each check's fields", () => {
    const paths = runChecks(
      requestChecks,
      contextFor({ name: 'Ray_Cluster', namespace: 'default' }),
    ).items.map(p => p.path);

    expect(paths).toEqual(['name', 'namespace']);
    expect(
      runChecks(
        requestChecks,
        contextFor({ namespace: 'Default', storageClass: 'managed-csi' }),
      ).items.map(p => p.path),
    ).toEqual(['namespace', 'storageClass', 'namespace']);
  });
});

describe('runChecks', () => {
  it('runs the given checks in turn over one list of problems', () => {
    const first: RequestCheck = (_, problems) =>
      problems.warning('a', 'first', 'fix');
    const second: RequestCheck = ({ resolved }, problems) =>
      problems.error(resolved.name, 'second', 'fix');

    expect(
      runChecks([first, second], contextFor()).items.map(p => [
        p.severity,
        p.path,
      ]),
    ).toEqual([
      ['warning', 'a'],
      ['error', 'ray-cluster'],
    ]);
  });
});
