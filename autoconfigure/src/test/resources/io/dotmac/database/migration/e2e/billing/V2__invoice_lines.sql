-- Flyway-style name.
CREATE TABLE {{tables.invoice_lines}} (
    id bigserial PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES {{tables.invoices}} (id),
    amount numeric(10, 2) NOT NULL
);
CREATE INDEX invoice_lines_invoice_idx ON {{tables.invoice_lines}} (invoice_id);
