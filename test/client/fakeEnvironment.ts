import type { BrowserEnvironment } from '../../lib/client/BrowserEnvironment';

/** A {@link BrowserEnvironment} a test drives: go offline/online, hide the page. */
export interface FakeEnvironment extends BrowserEnvironment {
  online: boolean;
  /** Sets online and fires the `online` listeners. */
  goOnline(): void;
  /** Fires the page-hide listeners. */
  hidePage(): void;
  /** Listeners registered and not removed, by kind. */
  listeners(): { online: number; pageHide: number };
}

/** A fake host: online, with a page unless `page` is false. */
export function fakeEnvironment(options: { page?: boolean } = {}): FakeEnvironment {
  const online = new Set<() => void>();
  const pageHide = new Set<() => void>();
  const environment: FakeEnvironment = {
    online: true,
    isOnline: () => environment.online,
    onOnline: (listener) => {
      const own = (): void => listener();
      online.add(own);
      return () => online.delete(own);
    },
    goOnline: () => {
      environment.online = true;
      for (const listener of [...online]) listener();
    },
    hidePage: () => {
      for (const listener of [...pageHide]) listener();
    },
    listeners: () => ({ online: online.size, pageHide: pageHide.size }),
    onPageHide:
      options.page === false
        ? undefined
        : (listener) => {
            const own = (): void => listener();
            pageHide.add(own);
            return () => pageHide.delete(own);
          },
  };
  return environment;
}
