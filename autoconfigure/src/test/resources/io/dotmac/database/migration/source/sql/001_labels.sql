CREATE TABLE {{tables.labels}} (id bigint PRIMARY KEY, note_id bigint REFERENCES {{tables.notes}} (id));
