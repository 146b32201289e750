DROP FUNCTION {{schema}}.invoice_total(bigint);
