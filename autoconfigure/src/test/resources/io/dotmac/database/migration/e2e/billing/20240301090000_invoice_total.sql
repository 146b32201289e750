-- Timestamp name; the function body is dollar-quoted.
CREATE FUNCTION {{schema}}.invoice_total(invoice bigint) RETURNS numeric
LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(amount), 0) FROM {{tables.invoice_lines}} WHERE invoice_id = invoice
$$;
