package io.rewind.backup.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.rewind.backup.config.BackupConfig;

/** Builds the configured store. */
public class StoreProducer {

    @Produces
    @ApplicationScoped
    BackupStore store(BackupConfig config) {
        return switch (config.store().type()) {
            case LOCAL -> new LocalDirectoryStore(config.store().localRoot());
            case S3 -> S3Store.create(config.store().s3());
        };
    }
}
