import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import {
  createUnifiedTheme,
  palettes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import LightIcon from '@material-ui/icons/WbSunny';

/**
 * Backstage's light theme with an error red that reads on white: the default palette sets none, so
 * form errors take MUI's #f44336 (3.7:1), below WCAG AA's 4.5:1; #C62828 gives 5.6:1.
 */
const lightTheme = createUnifiedTheme({
  palette: { ...palettes.light, error: { main: '#C62828' } },
});

/** Replaces the app's light theme (`theme:app/light`) with {@link lightTheme}. */
export const themeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    ThemeBlueprint.make({
      name: 'light',
      params: {
        theme: {
          id: 'light',
          title: 'Light Theme',
          variant: 'light',
          icon: <LightIcon />,
          Provider: ({ children }) => (
            <UnifiedThemeProvider theme={lightTheme}>
              {children}
            </UnifiedThemeProvider>
          ),
        },
      },
    }),
  ],
});
