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
    // Live: it follows the DOM without a query. Only a page with no <main> is searched for a role.
    const mains = element.getElementsByTagName('main');
    const update = () => {
      const pageHasOne =
        mains.length > 0 || element.querySelector('[role="main"]') !== null;
      const isMain = element.getAttribute('role') === 'main';
      if (pageHasOne && isMain) element.removeAttribute('role');
      else if (!pageHasOne && !isMain) element.setAttribute('role', 'main');
    };
    update();
    // The page's content changes in bursts (a route renders many nodes): one check per frame.
    let frame: number | undefined;
    const observer = new MutationObserver(() => {
      if (frame === undefined) {
        frame = requestAnimationFrame(() => {
          frame = undefined;
          update();
        });
      }
    });
    observer.observe(element, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, []);
  return (
    <div ref={wrapper} role="main" style={{ display: 'contents' }}>
      {children}
    </div>
  );
}
