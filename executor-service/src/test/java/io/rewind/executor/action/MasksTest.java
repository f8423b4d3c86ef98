package io.rewind.executor.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * What {@link Masks} hides from readers of an execution or a history, and what it leaves readable: credentials in
 * command lines, nginx include files and SQL, and nothing else. Plain JUnit.
 */
class MasksTest {

    private static final String MARK = "\\*\\*\\*[0-9a-f]{8}";

    @Test
    void aSetEnvChangeCauseShowsNamesButNoValues() {
        String shown = Masks.changeCause("kubectl set env deployment/checkout DB_PASSWORD=hunter2 FEATURE_X=on --record=true");
        assertTrue(shown.matches("kubectl set env deployment/checkout DB_PASSWORD=" + MARK + " FEATURE_X=" + MARK
                + " --record=true"), shown);
        assertEquals("kubectl set image deployment/checkout app=shop/checkout:1.4.2 --record=true",
                Masks.changeCause("kubectl set image deployment/checkout app=shop/checkout:1.4.2 --record=true"),
                "a set image keeps its container=image pairs");
        assertEquals(null, Masks.changeCause(null));
    }

    @Test
    void commandLinesHideCredentialFlagsAndAssignments() {
        String shown = Masks.commandLine("app --db-password=hunter2 --token s3cr3t --port=8080 -e API_KEY=abc "
                + "--from-literal=pw=xyz LOG=debug", false);
        assertFalse(shown.contains("hunter2") || shown.contains("s3cr3t") || shown.contains("abc") || shown.contains("xyz"),
                shown);
        assertTrue(shown.contains("--port=8080") && shown.contains("LOG=debug") && shown.contains("--token "), shown);
    }

    @Test
    void nginxCredentialHeadersAndSecretsAreMaskedTheRestIsKept() {
        String content = "proxy_pass http://green;\n"
                + "proxy_set_header Authorization \"Basic c2VjcmV0LXZhbHVl\";\n"
                + "proxy_set_header X-Api-Key abc123;\n"
                + "proxy_set_header Host $host;\n"
                + "secure_link_secret very-secret;\n";
        String shown = Masks.nginx(content);
        assertFalse(shown.contains("c2VjcmV0LXZhbHVl") || shown.contains("abc123") || shown.contains("very-secret"), shown);
        assertTrue(shown.contains("proxy_pass http://green;") && shown.contains("proxy_set_header Host $host;"), shown);
        assertTrue(shown.matches("(?s).*proxy_set_header Authorization " + MARK + ";.*"), shown);
    }

    @Test
    void theIncludeFileOfAnNginxStepIsShownMaskedAndStoredAsItIs() {
        Map<String, Object> stored = Map.of("includeFile", "/etc/nginx/conf.d/up.conf",
                "content", "proxy_set_header Authorization \"Bearer tok-123\";\nproxy_pass http://blue;\n", "sha256", "x");
        Map<String, Object> shown = new NginxSwitchUpstreamAction(null).shown(stored);
        assertFalse(((String) shown.get("content")).contains("tok-123"));
        assertEquals(stored.get("includeFile"), shown.get("includeFile"));
        assertTrue(((String) stored.get("content")).contains("tok-123"), "the stored state is not touched");
    }

    @Test
    void aSqlPasswordLiteralIsMasked() {
        String shown = Masks.sql("ALTER ROLE app PASSWORD 'hunter2';\nCREATE USER x WITH PASSWORD $pw$s3cr3t$pw$;\n"
                + "ALTER TABLE orders DROP COLUMN password_hint;");
        assertFalse(shown.contains("hunter2") || shown.contains("s3cr3t"), shown);
        assertTrue(shown.contains("ALTER TABLE orders DROP COLUMN password_hint;"), shown);
    }
}
