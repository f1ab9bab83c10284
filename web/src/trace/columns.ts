// Typed-array columns (the store's events, the log's entries) grow by
// copying into a larger array of the same type.

export type Column = Float64Array | Uint32Array | Uint8Array;

/** A column of `size` slots holding the first `used` values of `col`. */
export function grown<T extends Column>(col: T, size: number, used: number): T {
  const next = new (col.constructor as new (length: number) => T)(size);
  next.set(col.subarray(0, used));
  return next;
}
