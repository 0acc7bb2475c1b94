import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import {
  createUnifiedTheme,
  palettes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import LightIcon from '@material-ui/icons/WbSunny';

/**
 * Backstage's light theme with two colours changed for WCAG AA:
 * - an error red that reads on white: the default palette sets none, so form errors take MUI's
 *   #f44336 (3.7:1), below 4.5:1; #C62828 gives 5.6:1;
 * - a primary blue that links in running text (the not-found page's "Go back" and "contact
 *   support") can be told from the black text around them: the default #1F5493 is 2.7:1 against
 *   black, below 3:1; #2468C0 is 3.8:1 against black and 5.5:1 on white.
 */
const lightTheme = createUnifiedTheme({
  palette: {
    ...palettes.light,
    primary: { ...palettes.light.primary, main: '#2468C0' },
    error: { main: '#C62828' },
  },
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
