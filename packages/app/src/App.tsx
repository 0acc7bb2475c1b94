import { createApp } from '@backstage/frontend-defaults';
import { layoutModule } from './modules/layout';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';
import { themeModule } from './modules/theme';

// Plugins (catalog, scaffolder, kubernetes, user settings, syntho-ray) are discovered from this
// package's dependencies because app-config.yaml sets `app.packages: all`.
export default createApp({
  features: [layoutModule, navModule, signInModule, themeModule],
});
