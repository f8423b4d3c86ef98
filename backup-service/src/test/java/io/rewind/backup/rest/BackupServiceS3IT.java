package io.rewind.backup.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;

import io.rewind.backup.store.LocalS3;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import io.rewind.common.security.Role;
import io.rewind.common.testing.TestKeys;

/**
 * The packaged service (the native executable with {@code -Dnative}) with the S3 store, against S3Proxy on 127.0.0.1:
 * the AWS SDK's client, signer and checksums work in the image, a dump is uploaded, and verification reads it back.
 * Credentials reach the SDK the way they do in production, through its default chain (here system properties).
 */
@QuarkusIntegrationTest
@WithTestResource(value = BackupServiceS3IT.Bucket.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class BackupServiceS3IT {

    static final String BUCKET = "it-backups";
    static final String PREFIX = "rewind/";
    static volatile S3Client client;

    /** S3Proxy in this JVM, a bucket in it, and backup-service configured for it. */
    public static class Bucket implements QuarkusTestResourceLifecycleManager {

        private LocalS3 s3;

        @Override
        public Map<String, String> start() {
            try {
                s3 = LocalS3.start();
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not start", e);
            }
            client = s3.client();
            client.createBucket(b -> b.bucket(BUCKET));
            return Map.of(
                    "rewind.backup.store.type", "s3",
                    "rewind.backup.store.s3.bucket", BUCKET,
                    "rewind.backup.store.s3.prefix", PREFIX,
                    "rewind.backup.store.s3.endpoint", s3.endpoint(),
                    "rewind.backup.store.s3.path-style", "true",
                    "aws.accessKeyId", LocalS3.ACCESS_KEY,
                    "aws.secretAccessKey", LocalS3.SECRET_KEY);
        }

        @Override
        public void stop() {
            try {
                s3.close();
            } catch (Exception e) {
                throw new IllegalStateException("S3Proxy did not stop", e);
            }
        }
    }

    @Test
    void aBackupGoesIntoTheBucketAndIsVerifiedFromIt(@TempDir Path secrets) throws Exception {
        given().header("Authorization", TestKeys.bearer(Role.VIEWER)).get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Backup store' }.status", equalTo("UP"));
        String name = Sources.register(Sources.createShop(), secrets);

        JsonPath backup = Sources.backup(name);
        assertEquals("SUCCEEDED", backup.getString("status"), backup.prettify());
        List<S3Object> objects = client.listObjectsV2(b -> b.bucket(BUCKET).prefix(PREFIX)).contents().stream()
                .filter(o -> o.key().contains(backup.getString("id"))).toList();
        assertEquals(1, objects.size(), "one object for the backup: " + objects);
        assertEquals(backup.getLong("size"), objects.get(0).size());

        JsonPath verification = Sources.verify(backup.getString("id"));
        assertEquals("VERIFIED", verification.getString("status"), verification.prettify());
        assertTrue(Sources.readiness(name).getBoolean("ready"));
    }
}
