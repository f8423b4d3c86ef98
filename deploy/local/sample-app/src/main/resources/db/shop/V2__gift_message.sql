-- Release v2: orders may carry a gift message. Reversible: db/shop-down/V2__gift_message.sql undoes it.
ALTER TABLE orders ADD COLUMN gift_message text;
