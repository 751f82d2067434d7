import { type ColumnDef, type RowData, tableFeatures, useTable } from '@tanstack/react-table';

export const features = tableFeatures({});

/**
 * A plain table over TanStack Table's core row model: the console pages on the server, so
 * no client-side sorting or paging; cells render values as React text (never as HTML).
 */
export function DataTable<Row extends RowData>({
  rows,
  columns,
  rowKey,
  testId,
}: {
  rows: Row[];
  // biome-ignore lint/suspicious/noExplicitAny: column value types differ per column
  columns: ColumnDef<typeof features, Row, any>[];
  rowKey: (row: Row) => string;
  testId?: string;
}) {
  const table = useTable({ features, columns, data: rows, getRowId: (r: Row) => rowKey(r) });
  return (
    <table className="data" data-testid={testId}>
      <thead>
        {table.getHeaderGroups().map((g) => (
          <tr key={g.id}>
            {g.headers.map((h) => (
              <th key={h.id}>{h.isPlaceholder ? null : <table.FlexRender header={h} />}</th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id} data-row={row.id}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="empty">
              nothing here
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
