import { render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { MainLandmark } from './MainLandmark';

function SwitchingPage() {
  const [ownMain, setOwnMain] = useState(false);
  return (
    <MainLandmark>
      <button onClick={() => setOwnMain(true)}>
        Open a page with its own main
      </button>
      {ownMain ? <main>catalog page</main> : <div>scaffolder page</div>}
    </MainLandmark>
  );
}

describe('MainLandmark', () => {
  it('is the main landmark while the page has none, and steps back when the page brings its own', async () => {
    render(<SwitchingPage />);
    expect(screen.getAllByRole('main')).toHaveLength(1);
    expect(screen.getByRole('main')).toHaveTextContent('scaffolder page');

    screen.getByRole('button').click();
    await waitFor(() =>
      expect(screen.getByRole('main')).toHaveTextContent(/^catalog page$/),
    );
    expect(screen.getAllByRole('main')).toHaveLength(1);
  });
});
