DROP TABLE {{tables.invoices}};
