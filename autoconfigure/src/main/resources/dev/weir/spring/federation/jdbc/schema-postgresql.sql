-- Weir federation coordinator tables (PostgreSQL). JdbcCoordinator creates them on first use;
-- run this script instead where the application's database user may not create tables.
CREATE TABLE IF NOT EXISTS weir_fed_marker (
    id       INT PRIMARY KEY,
    lost_at  BIGINT NOT NULL
);
-- A marker written with the tables: the store is new, not wiped. If the tables survive but this
-- row is missing, the coordinator treats its state as lost and quarantines the current window.
INSERT INTO weir_fed_marker (id, lost_at) VALUES (1, -1) ON CONFLICT (id) DO NOTHING;
CREATE TABLE IF NOT EXISTS weir_fed_window (
    limiter     VARCHAR(200) NOT NULL,
    fed_key     VARCHAR(1024) NOT NULL,
    window_idx  BIGINT NOT NULL,
    window_ms   BIGINT NOT NULL,
    lim         BIGINT NOT NULL,
    granted     BIGINT NOT NULL,
    returned    BIGINT NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (limiter, fed_key)
);
CREATE TABLE IF NOT EXISTS weir_fed_region (
    limiter         VARCHAR(200) NOT NULL,
    fed_key         VARCHAR(1024) NOT NULL,
    holder          VARCHAR(200) NOT NULL,
    granted         BIGINT NOT NULL,
    returned        BIGINT NOT NULL,
    last_seq        BIGINT,
    last_req        BIGINT,
    last_req_grant  BIGINT,
    PRIMARY KEY (limiter, fed_key, holder)
);
