-- Timestamp name; a dollar-quoted body whose semicolons must not split the file.
CREATE FUNCTION {{schema}}.customer_total(customer bigint) RETURNS numeric
LANGUAGE plpgsql AS $$
BEGIN
    RETURN (SELECT coalesce(sum(total), 0) FROM {{tables.orders}} WHERE customer_id = customer);
END;
$$;
COMMENT ON FUNCTION {{schema}}.customer_total(bigint) IS 'Total of a customer''s orders';
