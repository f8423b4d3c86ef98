-- The reviewed down-migration of V2: what the rollback plan runs (postgres.downMigration) to go back to V1.
ALTER TABLE shop.orders DROP COLUMN gift_message;
