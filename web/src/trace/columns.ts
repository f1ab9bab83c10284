// Typed-array columns: one array per number an item has (the store's events,
// the log's entries, the rows' runs and waits), each field listed once, in a
// spec, from which the columns' type, their making and their growth follow.

export type Column = Float64Array | Uint32Array | Uint8Array;
type ColumnType = Float64ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;

/** The typed array each field of an item is kept in. */
export type ColumnSpec = Readonly<Record<string, ColumnType>>;

/** The columns of a spec: one typed array per field. */
export type Columns<S extends ColumnSpec> = { [K in keyof S]: InstanceType<S[K]> };

/**
 * A column of `size` slots for each field of `spec`. (Made field by field in
 * the spec's order, so all columns of one spec share one object shape, and
 * reading `columns.ms` in a hot loop stays as fast as from a literal.)
 */
export function makeColumns<S extends ColumnSpec>(spec: S, size: number): Columns<S> {
  const columns: Record<string, Column> = {};
  for (const key of Object.keys(spec)) columns[key] = new (spec[key] as ColumnType)(size);
  return columns as Columns<S>;
}

/** Columns of `size` slots holding the first `used` values of `columns`, copied into fresh arrays. */
export function grownColumns<S extends ColumnSpec>(spec: S, columns: Columns<S>, size: number, used: number): Columns<S> {
  const next = makeColumns(spec, size);
  for (const key of Object.keys(spec)) (next[key] as Column).set((columns[key] as Column).subarray(0, used));
  return next;
}
