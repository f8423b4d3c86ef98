package io.rewind.backup.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

import io.rewind.backup.DatabaseSettings;
import io.rewind.backup.RegisteredDatabase;
import io.rewind.backup.repository.RegisteredDatabaseRepository;
import io.rewind.common.persistence.Constraints;
import io.rewind.common.problem.Problem;
import io.rewind.common.problem.ProblemException;
import io.rewind.common.rest.ListPage;

/** The databases Rewind backs up, by name. Settings are checked in full before anything is written. */
@ApplicationScoped
public class DatabaseService {

    private final RegisteredDatabaseRepository repository;
    private final Schedules schedules;

    public DatabaseService(RegisteredDatabaseRepository repository, Schedules schedules) {
        this.repository = repository;
        this.schedules = schedules;
    }

    /**
     * Registers a database. A name already taken is a conflict, decided by the unique constraint so that of two
     * racing registrations exactly one wins.
     */
    @WithTransaction
    public Uni<RegisteredDatabase> register(String name, DatabaseSettings settings) {
        List<Problem.FieldError> invalid = settings.invalidFields();
        if (!invalid.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(invalid));
        }
        RegisteredDatabase database = new RegisteredDatabase();
        database.name = name;
        database.apply(settings);
        database.createdAt = now();
        database.updatedAt = database.createdAt;
        return repository.persistAndFlush(database).invoke(schedules::schedule)
                .onFailure(Constraints::isUniqueViolation).transform(e -> ProblemException.conflict("A database named '"
                        + name + "' is already registered; change it with PUT /api/databases/" + name + "."));
    }

    @WithSession
    public Uni<List<RegisteredDatabase>> list(ListPage page) {
        return repository.page(page);
    }

    @WithSession
    public Uni<RegisteredDatabase> get(String name) {
        return find(name);
    }

    /**
     * Replaces every setting of a registered database; an omitted optional setting goes back to its default. Its crons
     * are rescheduled at once.
     */
    @WithTransaction
    public Uni<RegisteredDatabase> replace(String name, DatabaseSettings settings) {
        List<Problem.FieldError> invalid = settings.invalidFields();
        if (!invalid.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid(invalid));
        }
        return find(name).map(database -> {
            database.apply(settings);
            database.updatedAt = now();
            // Checked in full above; only the commit remains, so the crons change with the registration.
            schedules.schedule(database);
            return database;
        });
    }

    @WithTransaction
    public Uni<Void> delete(String name) {
        // Through the entity rather than a bulk delete, which Hibernate Reactive leaves with pending clean-up actions.
        return find(name).flatMap(repository::delete).invoke(() -> schedules.unschedule(name));
    }

    private Uni<RegisteredDatabase> find(String name) {
        return repository.findByName(name).onItem().ifNull().failWith(() -> notFound(name));
    }

    private static ProblemException notFound(String name) {
        return ProblemException.notFound("Database", name);
    }

    /** PostgreSQL keeps microseconds: truncating here makes a write's response match what a later read returns. */
    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
