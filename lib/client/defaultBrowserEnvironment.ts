import type { BrowserEnvironment } from './BrowserEnvironment';

/** The slice of the web globals read here; lib/ compiles without the DOM types. */
interface EventTargetLike {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}
interface WebGlobals {
  readonly navigator?: { readonly onLine?: boolean };
  readonly addEventListener?: EventTargetLike['addEventListener'];
  readonly removeEventListener?: EventTargetLike['removeEventListener'];
  readonly document?: EventTargetLike & { readonly visibilityState?: string };
}

function listen(target: EventTargetLike, type: string, listener: () => void): () => void {
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
}

/**
 * The {@link BrowserEnvironment} of the running host, from its globals:
 * - online unless `navigator.onLine` is `false`: browsers set it false only when sure there is no
 *   network (https://developer.mozilla.org/en-US/docs/Web/API/Navigator/onLine); Node (no
 *   `onLine`) counts as online;
 * - `online` events on `globalThis`: fired on the Window and on a worker's global scope
 *   (https://html.spec.whatwg.org/multipage/system-state.html#concept-navigator-online);
 * - page hiding only where a `document` exists: `visibilitychange` to `hidden` (the last event a
 *   mobile browser reliably fires before it may discard the page) and `pagehide` (navigation,
 *   close, back/forward cache) (https://developer.chrome.com/docs/web-platform/page-lifecycle-api).
 *
 * @example
 * ```ts
 * const environment = defaultBrowserEnvironment();
 * if (!environment.isOnline()) console.log('offline');
 * ```
 */
export function defaultBrowserEnvironment(
  globals: WebGlobals = globalThis as WebGlobals,
): BrowserEnvironment {
  const { addEventListener, removeEventListener, document } = globals;
  const target: EventTargetLike | undefined =
    typeof addEventListener === 'function' && typeof removeEventListener === 'function'
      ? {
          addEventListener: (type, listener) => addEventListener.call(globals, type, listener),
          removeEventListener: (type, listener) => removeEventListener.call(globals, type, listener),
        }
      : undefined;
  const environment: BrowserEnvironment = {
    isOnline: () => globals.navigator?.onLine !== false,
    onOnline: (listener) => (target ? listen(target, 'online', listener) : () => {}),
  };
  if (!target || document === undefined || typeof document.addEventListener !== 'function')
    return environment;
  return {
    ...environment,
    onPageHide: (listener) => {
      const onVisibility = (): void => {
        if (document.visibilityState === 'hidden') listener();
      };
      const removeVisibility = listen(document, 'visibilitychange', onVisibility);
      const removePageHide = listen(target, 'pagehide', listener);
      return () => {
        removeVisibility();
        removePageHide();
      };
    },
  };
}
