import {
  coreExtensionData,
  createExtension,
  createExtensionInput,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { SidebarPage } from '@backstage/core-components';
import { MainLandmark } from './MainLandmark';

/**
 * The app's layout (`app/layout`) as Backstage's, with the page content in one `main` landmark: the
 * default layout has none, so pages without their own (the request form included) lie outside any
 * landmark for screen reader users and axe-core's `region` rule.
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
        <MainLandmark>
          {inputs.content.get(coreExtensionData.reactElement)}
        </MainLandmark>
      </SidebarPage>,
    ),
  ],
});

export const layoutModule = createFrontendModule({
  pluginId: 'app',
  extensions: [layoutWithMainLandmark],
});
