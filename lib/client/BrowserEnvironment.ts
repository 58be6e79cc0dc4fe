/**
 * What an {@link EventClient} needs from its host besides the Kinesis client: whether the network
 * is up, when it comes back, and when the page is being hidden or left. Tests inject fakes; apps
 * use the default, {@link defaultBrowserEnvironment}, which reads the web globals.
 *
 * @example
 * ```ts
 * const offline: BrowserEnvironment = { isOnline: () => false, onOnline: () => () => {} };
 * ```
 */
export interface BrowserEnvironment {
  /** `false` only when the host knows it has no network (`navigator.onLine === false`). */
  isOnline(): boolean;
  /** Calls `listener` each time the network comes back; returns a function that removes it. */
  onOnline(listener: () => void): () => void;
  /**
   * Calls `listener` each time the page is hidden or left (`visibilitychange` to hidden,
   * `pagehide`); returns a function that removes it. Absent where there is no page (Node, React
   * Native, a worker).
   */
  readonly onPageHide?: (listener: () => void) => () => void;
}
