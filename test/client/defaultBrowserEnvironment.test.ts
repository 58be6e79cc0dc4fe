import { defaultBrowserEnvironment } from '../../lib/client';

/** A minimal EventTarget-like object that records listeners by type. */
function target() {
  const listeners = new Map<string, Set<() => void>>();
  return {
    listeners,
    addEventListener(type: string, listener: () => void) {
      listeners.set(type, (listeners.get(type) ?? new Set()).add(listener));
    },
    removeEventListener(type: string, listener: () => void) {
      listeners.get(type)?.delete(listener);
    },
    fire(type: string) {
      for (const listener of listeners.get(type) ?? []) listener();
    },
  };
}

describe('defaultBrowserEnvironment', () => {
  it('counts a host without navigator.onLine (Node) as online, with no page', () => {
    // Arrange / Act
    const environment = defaultBrowserEnvironment({});

    // Assert
    expect(environment.isOnline()).toBe(true);
    expect(environment.onPageHide).toBeUndefined();
    expect(typeof environment.onOnline(() => undefined)).toBe('function');
  });

  it('reads navigator.onLine and listens to online on the global (a worker: no page)', () => {
    // Arrange
    const scope = { ...target(), navigator: { onLine: false } };
    const environment = defaultBrowserEnvironment(scope);
    let online = 0;

    // Act
    const remove = environment.onOnline(() => {
      online += 1;
    });
    scope.fire('online');
    remove();
    scope.fire('online');

    // Assert
    expect(environment.isOnline()).toBe(false);
    expect(online).toBe(1);
    expect(environment.onPageHide).toBeUndefined();
  });

  it('on a page, reports visibilitychange to hidden and pagehide, and removes both listeners', () => {
    // Arrange
    const document = { ...target(), visibilityState: 'visible' };
    const scope = { ...target(), navigator: { onLine: true }, document };
    const environment = defaultBrowserEnvironment(scope);
    let hidden = 0;
    const remove = environment.onPageHide?.(() => {
      hidden += 1;
    });

    // Act
    document.fire('visibilitychange');
    document.visibilityState = 'hidden';
    document.fire('visibilitychange');
    scope.fire('pagehide');
    remove?.();
    scope.fire('pagehide');

    // Assert
    expect(hidden).toBe(2);
    expect(document.listeners.get('visibilitychange')?.size).toBe(0);
    expect(scope.listeners.get('pagehide')?.size).toBe(0);
  });
});
