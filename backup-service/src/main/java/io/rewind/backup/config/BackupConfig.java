package io.rewind.backup.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How backup-service runs pg_dump and pg_restore, where it keeps dumps, and how its jobs are scheduled. */
@ConfigMapping(prefix = "rewind.backup")
public interface BackupConfig {

    /**
     * A directory holding pg_dump and pg_restore, used instead of the search. Without it, the tools of the server's
     * major version are looked for in {@code /usr/lib/postgresql/<major>/bin}, then on the PATH.
     */
    Optional<Path> pgBinDir();

    /**
     * Schemas whose {@code flyway_schema_history} gives a database's schema version, in order of preference. Without
     * it every schema is searched, {@code public} first, then by name.
     */
    Optional<List<String>> flywaySchemas();

    /** The database to connect to on a registered server when creating or dropping a scratch database. */
    @WithDefault("postgres")
    String maintenanceDatabase();

    /** How many backups, verifications and restores run at once; more wait their turn. */
    @WithDefault("2")
    int workers();

    /**
     * The most jobs (backups, verifications and restores, on every replica) that may wait for a worker at once. A
     * backup or verification asked for through the API beyond it is refused with 429 and {@code Retry-After}, so that
     * requests cannot queue without limit; scheduled jobs and restores are never refused for it, but are counted.
     */
    @WithDefault("100")
    int maxQueuedJobs();

    /** The longest a pg_dump or pg_restore may run before it is killed and its job failed. */
    @WithDefault("PT6H")
    Duration processTimeout();

    /**
     * A job whose process has not reported for this long is taken to have died with it and is marked INTERRUPTED by
     * whichever replica notices. Must be well above the heartbeat interval (30 s).
     */
    @WithDefault("PT2M")
    Duration staleAfter();

    /** When retention runs for every registered database, besides after each backup: a Quartz cron expression. */
    @WithDefault("0 15 * * * ?")
    String retentionCron();

    /** Where dumps are kept. */
    Store store();

    interface Store {

        /** The store's backend. */
        @WithDefault("local")
        StoreType type();

        /** The directory of the local store; created if missing. */
        @WithDefault(".rewind/backups")
        Path localRoot();

        /** The S3-compatible store, when {@code type} is {@code s3}. */
        S3 s3();
    }

    /**
     * An S3-compatible bucket. Credentials come from the AWS SDK's default chain: {@code AWS_ACCESS_KEY_ID} and
     * {@code AWS_SECRET_ACCESS_KEY}, a profile, or the pod's web identity; never from Rewind's own configuration.
     */
    interface S3 {

        /** The bucket; required with the s3 store ({@code REWIND_BACKUP_S3_BUCKET}). */
        Optional<String> bucket();

        /** A key prefix inside the bucket, e.g. {@code rewind/} ({@code REWIND_BACKUP_S3_PREFIX}); none by default. */
        Optional<String> prefix();

        /** The region ({@code REWIND_BACKUP_S3_REGION}). */
        @WithDefault("us-east-1")
        String region();

        /** Another endpoint than AWS', for MinIO, Ceph or S3Proxy ({@code REWIND_BACKUP_S3_ENDPOINT}). */
        Optional<java.net.URI> endpoint();

        /** Path-style addressing ({@code endpoint/bucket/key}), which most S3-compatible servers need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Size of each part of a multipart upload; S3 needs at least 5 MiB. */
        @WithDefault("16777216")
        @io.smallrye.config.WithName("part-size")
        int partSize();
    }

    enum StoreType {
        /** A directory on this machine (or a mounted volume). */
        LOCAL,
        /** An S3-compatible bucket. */
        S3
    }
}
