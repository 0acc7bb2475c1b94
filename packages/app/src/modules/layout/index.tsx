import {
  coreExtensionData,
  createExtension,
  createExtensionInput,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { SidebarPage } from '@backstage/core-components';

/**
 * The app's layout (`app/layout`) as Backstage's, with the page content in a `<main>` landmark: the
 * default layout has none, so every page (the request form included) lies outside any landmark
 * for screen reader users and axe-core's `region` rule. `display: contents` keeps the layout.
 */
const layoutWithMainLandmark = createExtension({
  name: 'layout',
  attachTo: { id: 'app/root', input: 'children' },
  inputs: {
    nav: createExtensionInput([coreExtensionData.reactElement], {
      singleton: true,
    }),
    content: createExtensionInput([coreExtensionData.reactElement], {
      singleton: true,
    }),
  },
  output: [coreExtensionData.reactElement],
  factory: ({ inputs }) => [
    coreExtensionData.reactElement(
      <SidebarPage>
        {inputs.nav.get(coreExtensionData.reactElement)}
        <main style={{ display: 'contents' }}>
          {inputs.content.get(coreExtensionData.reactElement)}
        </main>
      </SidebarPage>,
    ),
  ],
});

export const layoutModule = createFrontendModule({
  pluginId: 'app',
  extensions: [layoutWithMainLandmark],
});
