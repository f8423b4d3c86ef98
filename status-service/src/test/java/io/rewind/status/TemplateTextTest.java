package io.rewind.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TemplateTextTest {

    @Test
    void placeholdersAreFilledWhereverTheyAppear() {
        assertEquals("Checkout is slow; back within 30 minutes. Checkout only.",
                TemplateText.render("{{service}} is slow; back within {{ eta }}. {{service}} only.",
                        Map.of("service", "Checkout", "eta", "30 minutes")));
        assertEquals(List.of("service", "eta"), List.copyOf(TemplateText.placeholders("{{service}} {{eta}} {{service}}")));
    }

    @Test
    void aMissingVariableIsRefusedRatherThanShownToCustomers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TemplateText.render("Back within {{eta}} for {{service}}", Map.of("service", "Search")));
        assertEquals("needs a value for eta", e.getMessage());
    }

    @Test
    void valuesAreInsertedLiterally() {
        assertEquals("cost: $1 \\o/", TemplateText.render("cost: {{x}}", Map.of("x", "$1 \\o/")));
    }
}
