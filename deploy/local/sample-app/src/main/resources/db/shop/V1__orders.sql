CREATE TABLE orders (
    id bigserial PRIMARY KEY,
    customer text NOT NULL,
    total_cents bigint NOT NULL CHECK (total_cents >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO orders (customer, total_cents)
SELECT 'customer-' || n, (n * 731) % 20000
FROM generate_series(1, 500) AS n;
