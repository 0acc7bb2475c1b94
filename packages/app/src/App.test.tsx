import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('asks for guest sign-in before showing the portal', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Syntho Ray portal' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    // The whole app boots in jsdom first: on a busy 2-core machine that takes more than
    // findByText's default second.
    expect(
      await screen.findByText('Guest', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });
});
