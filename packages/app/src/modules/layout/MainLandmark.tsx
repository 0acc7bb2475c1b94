import { ReactNode, useLayoutEffect, useRef } from 'react';

/**
 * The page content as the one `main` landmark. Pages built on core-components' `Page` (the catalog,
 * the entity pages) render their own `<main>`, and two would break axe-core's
 * `landmark-no-duplicate-main`; pages that render none (the scaffolder's) would leave their content
 * outside any landmark. So the wrapper is `role="main"` exactly while nothing inside it is one, and
 * re-checks as routes change what it holds. `display: contents` keeps the layout.
 */
export function MainLandmark({ children }: { children: ReactNode }) {
  const wrapper = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const element = wrapper.current;
    if (!element) return undefined;
    const update = () => {
      const pageHasOne = element.querySelector('main, [role="main"]') !== null;
      if (pageHasOne) element.removeAttribute('role');
      else element.setAttribute('role', 'main');
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(element, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={wrapper} role="main" style={{ display: 'contents' }}>
      {children}
    </div>
  );
}
