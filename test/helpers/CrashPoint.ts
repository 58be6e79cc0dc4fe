/** Thrown by a write at or after the crash point: the process is dead, nothing more is written. */
export class SimulatedCrash extends Error {
  public override readonly name = 'SimulatedCrash';
}

/**
 * Makes a run "crash" at one step boundary: adapters wrapped with {@link CrashPoint.wrap} count
 * their writes (object puts and deletes, catalog calls, watermark writes), and the write numbered
 * `crashAt` and every one after it throw {@link SimulatedCrash} without touching anything, as if
 * the process had died just before it. Reads go on (they change nothing). With no `crashAt`, it
 * only records the writes, so a first run tells how many boundaries a run has.
 *
 * @example
 * ```ts
 * const crash = new CrashPoint(7);
 * const catalog = crash.wrap('catalog', realCatalog, ['createTable', 'upsertView']);
 * ```
 */
export class CrashPoint {
  /** The writes that happened, in order, as `<adapter>.<method>(<first argument>)`. */
  public readonly writes: string[] = [];
  /** The write that was refused first, when the crash happened. */
  public refused: string | undefined;

  public constructor(private readonly crashAt = Number.POSITIVE_INFINITY) {}

  /** `target` whose `methods` count as writes and fail from the crash point on. */
  public wrap<T extends object>(adapter: string, target: T, methods: readonly (keyof T & string)[]): T {
    const writes = new Set<string | symbol>(methods);
    return new Proxy(target, {
      get: (object, property) => {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== 'function') return value;
        if (!writes.has(property)) return value.bind(object);
        return async (...args: unknown[]) => {
          const label = `${adapter}.${String(property)}(${describe(args)})`;
          if (this.refused !== undefined || this.writes.length + 1 >= this.crashAt) {
            this.refused ??= label;
            throw new SimulatedCrash(`simulated crash before write ${this.writes.length + 1}: ${label}`);
          }
          this.writes.push(label);
          return value.apply(object, args);
        };
      },
    });
  }
}

/** The argument that tells writes apart: a key, a table name or a view's name. */
function describe(args: readonly unknown[]): string {
  const named = args.map((arg) =>
    typeof arg === 'object' && arg !== null && 'name' in arg ? String(arg.name) : String(arg),
  );
  return named.slice(1, 2).join(', ');
}
