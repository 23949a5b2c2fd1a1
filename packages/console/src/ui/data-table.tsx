import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type SortingState, type OnChangeFn } from '@tanstack/react-table';
import { Center, Loader, Table, Text, UnstyledButton } from '@mantine/core';
import { ScrollRegion } from './scroll-region';

export interface DataTableProps<T> {
  /** Accessible name of the table. */
  label: string;
  data: readonly T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column value type varies per column
  columns: ColumnDef<T, any>[];
  loading?: boolean;
  empty?: string;
  /** Server-side sorting: the table shows and requests it, the server sorts. */
  sorting?: SortingState;
  onSortingChange?: OnChangeFn<SortingState>;
  rowId?: (row: T) => string;
}

const ARROW: Record<string, string> = { asc: ' ▲', desc: ' ▼' };

/**
 * A table on TanStack Table (row model, column definitions, sort state) drawn with Mantine's Table.
 * Sorting and paging are server-side (manualSorting): 100,000 devices never come to the browser.
 * Sortable headers are buttons, so the keyboard reaches them; aria-sort says the current order.
 */
export function DataTable<T>({ label, data, columns, loading, empty = 'Nothing here yet.', sorting, onSortingChange, rowId }: DataTableProps<T>) {
  const table = useReactTable<T>({
    data: data as T[], columns, getCoreRowModel: getCoreRowModel(), manualSorting: true, enableSortingRemoval: false,
    state: { ...(sorting ? { sorting } : {}) },
    ...(onSortingChange ? { onSortingChange } : {}),
    ...(rowId ? { getRowId: rowId } : {}),
  });
  return (
    <ScrollRegion label={label}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={label} miw={520}>
        <Table.Thead>
          {table.getHeaderGroups().map((group) => (
            <Table.Tr key={group.id}>
              {group.headers.map((header) => {
                const sortable = Boolean(onSortingChange) && header.column.getCanSort();
                const dir = header.column.getIsSorted();
                const content = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <Table.Th key={header.id} scope="col" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}>
                    {sortable
                      ? <UnstyledButton fw={700} fz="sm" onClick={header.column.getToggleSortingHandler()}>{content}{dir ? ARROW[dir] : ''}</UnstyledButton>
                      : content}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Thead>
        <Table.Tbody>
          {table.getRowModel().rows.map((row) => (
            <Table.Tr key={row.id}>
              {row.getVisibleCells().map((cell) => <Table.Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Table.Td>)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {loading ? <Center p="md"><Loader size="sm" aria-label="Loading" /></Center> : null}
      {!loading && data.length === 0 ? <Text c="dimmed" p="md">{empty}</Text> : null}
    </ScrollRegion>
  );
}
