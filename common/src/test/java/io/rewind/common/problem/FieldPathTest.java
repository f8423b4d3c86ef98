package io.rewind.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.junit.jupiter.api.Test;

/** Field names in validation problems are JSON paths a client can find in what it sent. */
class FieldPathTest {

    record Step(@NotBlank String name) {
    }

    record Rule(@NotNull String level) {
    }

    record Plan(@Valid List<Step> steps, Map<String, @Valid Rule> rules, Map<String, @Min(0) Integer> weights) {
    }

    static class Resource {
        void create(@Valid @NotNull Plan body) {
        }
    }

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    private static String fieldOf(Plan plan) throws Exception {
        Set<ConstraintViolation<Resource>> violations = VALIDATOR.forExecutables().validateParameters(new Resource(),
                Resource.class.getDeclaredMethod("create", Plan.class), new Object[] { plan });
        assertEquals(1, violations.size(), violations.toString());
        return ProblemMappers.fieldOf(violations.iterator().next().getPropertyPath());
    }

    @Test
    void listIndexesAndMapKeysGoOnTheirContainer() throws Exception {
        assertEquals("steps[1].name", fieldOf(new Plan(List.of(new Step("a"), new Step(" ")), Map.of(), Map.of())));
        assertEquals("rules[P0].level", fieldOf(new Plan(List.of(), Map.of("P0", new Rule(null)), Map.of())));
        assertEquals("weights[P2]", fieldOf(new Plan(List.of(), Map.of(), Map.of("P2", -1))));
    }

    @Test
    void aMissingBodyIsNamedAfterItsParameter() throws Exception {
        Set<ConstraintViolation<Resource>> violations = VALIDATOR.forExecutables().validateParameters(new Resource(),
                Resource.class.getDeclaredMethod("create", Plan.class), new Object[] { null });
        assertEquals("body", ProblemMappers.fieldOf(violations.iterator().next().getPropertyPath()));
    }
}
