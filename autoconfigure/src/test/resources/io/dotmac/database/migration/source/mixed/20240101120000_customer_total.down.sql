DROP FUNCTION {{schema}}.customer_total(bigint);
