import type { ReactNode } from "react";

export interface TableColumn<Row> {
  /** Header text; also the label each value carries when the table folds into cards. */
  label: string;
  cell: (row: Row) => ReactNode;
  /** Shown first, as the card's headline, when folded (the status). */
  lead?: boolean;
  /** A header only screen readers hear (a column of row actions). */
  hiddenLabel?: boolean;
}

/**
 * A table on a wide screen, a stack of cards on a phone (below 700 px): every cell keeps its column's label
 * beside it and the `lead` column comes first, so nothing hides off the right edge and the status is read first.
 * It stays one real <table> either way, so screen readers get rows and headers.
 */
export function ResponsiveTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowTestId,
  framed = true,
}: {
  caption: string;
  columns: TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowTestId?: string;
  /** Draws the table's own border (off inside a card, which has one). */
  framed?: boolean;
}) {
  return (
    <div className={`table-wrap responsive${framed ? "" : " unframed"}`}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col" key={column.label}>
                {column.hiddenLabel ? <span className="visually-hidden">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={rowTestId}>
              {columns.map((column) => (
                <td
                  key={column.label}
                  data-label={column.hiddenLabel ? "" : column.label}
                  className={column.lead ? "lead" : undefined}
                >
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
