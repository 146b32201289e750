DROP TABLE {{tables.invoice_lines}};
