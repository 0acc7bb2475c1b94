import { render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { MainLandmark } from './MainLandmark';

function GrowingPage() {
  const [items, setItems] = useState(1);
  return (
    <MainLandmark>
      <button onClick={() => setItems(n => n + 1)}>Add an item</button>
      {Array.from({ length: items }, (_, i) => (
        <div key={i}>item {i}</div>
      ))}
    </MainLandmark>
  );
}

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

  it('leaves its role alone while the page changes without bringing a main', async () => {
    render(<GrowingPage />);
    const wrapper = screen.getByRole('main');
    const roleWrites: MutationRecord[] = [];
    const watcher = new MutationObserver(records =>
      roleWrites.push(...records),
    );
    watcher.observe(wrapper, { attributes: true, attributeFilter: ['role'] });

    for (let i = 0; i < 3; i++) screen.getByRole('button').click();
    await waitFor(() => expect(wrapper).toHaveTextContent('item 3'));
    // A frame passes, so the check the content changes asked for has run.
    await new Promise(resolve => requestAnimationFrame(resolve));
    await new Promise(resolve => setTimeout(resolve, 0));

    expect(roleWrites).toEqual([]);
    expect(screen.getByRole('main')).toBe(wrapper);
    watcher.disconnect();
  });
});
