-- The append-only trigger raised SQLSTATE 23001 (restrict_violation), which
-- the Prisma client (6.x) cannot map from the pg adapter and reports as
-- "Unknown error". P0001 (raise_exception) reaches callers with its message.
CREATE OR REPLACE FUNCTION "reject_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME;
END;
$$;
