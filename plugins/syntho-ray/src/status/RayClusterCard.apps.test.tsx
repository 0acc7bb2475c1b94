import { getComponentData } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  renderInTestApp as renderInLegacyApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { RayClusterSummary } from '@syntho-ray/plugin-syntho-ray-common';
import { screen } from '@testing-library/react';
import {
  clientOver,
  entity,
  mockSynthoRayApi,
  ready,
  render,
  streamingFetch,
} from '../__testUtils__/statusStream';
import { synthoRayApiRef } from '../api/SynthoRayApi';
import {
  RayClusterCard as LegacyRayClusterCard,
  RayClusterContent as LegacyRayClusterContent,
  synthoRayPlugin,
} from '../legacy';
import { RayClusterCard } from './RayClusterCard';

/** Two diagnoses: the card shows the first and points to the Ray tab for the other. */
const twoDiagnoses: RayClusterSummary = {
  ...ready,
  verdict: 'Degraded',
  diagnoses: (['image-pull', 'raycluster-missing'] as const).map((id, i) => ({
    id,
    severity: 'warning' as const,
    title: `Diagnosis ${i + 1}`,
    message: `Message ${i + 1}.`,
    evidence: [],
    fix: `Fix ${i + 1}.`,
  })),
};

describe('RayClusterCard in apps the Ray tab cannot be linked from', () => {
  it('keeps the more-diagnoses line as text in an app without entity pages', async () => {
    const stream = mockSynthoRayApi();
    render(<RayClusterCard />, stream.api, undefined, { entityPages: false });
    stream.send(twoDiagnoses);
    expect(await screen.findByText('Diagnosis 1')).toBeInTheDocument();
    expect(screen.getByText('1 more on the Ray tab.')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /more on the Ray tab/ }),
    ).toBeNull();
  });

  it('renders in a legacy app (core-app-api), which has no route resolution API', async () => {
    const stream = streamingFetch();
    await renderInLegacyApp(
      <TestApiProvider
        apis={[[synthoRayApiRef, clientOver(stream.fetch as jest.Mock)]]}
      >
        <EntityProvider entity={entity}>
          <LegacyRayClusterCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    stream.send(twoDiagnoses);
    expect(await screen.findByText('Diagnosis 1')).toBeInTheDocument();
    expect(screen.getByText('1 more on the Ray tab.')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /more on the Ray tab/ }),
    ).toBeNull();
  });
});

describe('the /legacy exports', () => {
  it("belong to synthoRayPlugin, so a legacy app that finds them on its routes registers the plugin's API", () => {
    for (const Component of [LegacyRayClusterCard, LegacyRayClusterContent])
      expect(getComponentData(<Component />, 'core.plugin')).toBe(
        synthoRayPlugin,
      );
    expect([...synthoRayPlugin.getApis()].map(factory => factory.api)).toEqual([
      synthoRayApiRef,
    ]);
  });
});
