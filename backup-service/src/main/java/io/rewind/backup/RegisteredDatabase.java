package io.rewind.backup;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.rewind.common.secret.SecretReference;

/** A database Rewind backs up, identified by its name. Holds where its password is, never the password. */
@Entity
@Table(name = "databases")
public class RegisteredDatabase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String host;

    @Column(nullable = false)
    public int port;

    @Column(name = "database_name", nullable = false)
    public String databaseName;

    @Column(nullable = false)
    public String username;

    @Column(name = "password_env")
    public String passwordEnv;

    @Column(name = "password_file")
    public String passwordFile;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "critical_tables", nullable = false)
    public List<String> criticalTables;

    @Column(name = "backup_cron", nullable = false)
    public String backupCron;

    @Column(name = "verification_cron", nullable = false)
    public String verificationCron;

    @Column(name = "retention_keep_last", nullable = false)
    public int retentionKeepLast;

    @Column(name = "retention_keep_days", nullable = false)
    public int retentionKeepDays;

    @Column(name = "max_backup_age_hours", nullable = false)
    public int maxBackupAgeHours;

    /** Whether executor-service's key may restore over this database; an admin's choice, false by default. */
    @Column(name = "service_restores", nullable = false)
    public boolean serviceRestores;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public SecretReference passwordReference() {
        return new SecretReference(passwordEnv, passwordFile);
    }

    public Retention retention() {
        return new Retention(retentionKeepLast, retentionKeepDays);
    }

    /** Replaces every setting; the name and timestamps are the caller's business. */
    public void apply(DatabaseSettings settings) {
        host = settings.host();
        port = settings.port();
        databaseName = settings.database();
        username = settings.username();
        passwordEnv = settings.password().env();
        passwordFile = settings.password().file();
        criticalTables = List.copyOf(settings.criticalTables());
        backupCron = settings.backupCron();
        verificationCron = settings.verificationCron();
        retentionKeepLast = settings.retention().keepLast();
        retentionKeepDays = settings.retention().keepDays();
        maxBackupAgeHours = settings.maxBackupAgeHours();
        serviceRestores = settings.serviceRestores();
    }
}
