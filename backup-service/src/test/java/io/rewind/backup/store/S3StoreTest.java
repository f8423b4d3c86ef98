package io.rewind.backup.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.rewind.backup.config.BackupConfig;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 store against S3Proxy, an S3-compatible server run in-process on a free port of 127.0.0.1. */
class S3StoreTest {

    private static LocalS3 s3;
    private static S3Client client;
    private static S3Store store;

    @BeforeAll
    static void start() throws Exception {
        s3 = LocalS3.start();
        client = s3.client();
        client.createBucket(b -> b.bucket("backups"));
        store = new S3Store(client, "backups", "rewind/", S3Store.MIN_PART, "s3://backups/rewind/");
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] read(String key) throws Exception {
        try (InputStream in = store.open(key)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aSmallDumpIsOneObjectUnderThePrefix() throws Exception {
        byte[] dump = bytes(100_000, 1);
        assertEquals(dump.length, store.write("shop/small.dump", new ByteArrayInputStream(dump)));
        assertArrayEquals(dump, read("shop/small.dump"));
        assertTrue(store.exists("shop/small.dump"));
        client.headObject(b -> b.bucket("backups").key("rewind/shop/small.dump"));
        store.check();
    }

    @Test
    void aLargeDumpIsUploadedInPartsAndReadsBackIdentical() throws Exception {
        byte[] dump = bytes(2 * S3Store.MIN_PART + 12_345, 2);
        assertEquals(dump.length, store.write("shop/large.dump", new ByteArrayInputStream(dump)));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha.digest(dump), MessageDigest.getInstance("SHA-256").digest(read("shop/large.dump")));
    }

    @Test
    void aDumpThatBreaksOffLeavesNoObject() {
        byte[] start = bytes(S3Store.MIN_PART + 1000, 3);
        InputStream breaking = new InputStream() {
            private int position;

            @Override
            public int read() throws IOException {
                if (position >= start.length) {
                    throw new IOException("pg_dump died");
                }
                return start[position++] & 0xff;
            }
        };
        IOException failure = assertThrows(IOException.class, () -> store.write("shop/broken.dump", breaking));
        assertEquals("pg_dump died", failure.getMessage());
        assertThrows(NoSuchFileException.class, () -> store.open("shop/broken.dump"));
    }

    @Test
    void deletingIsIdempotentAndAMissingObjectIsNoSuchFile() throws Exception {
        store.write("shop/gone.dump", new ByteArrayInputStream(bytes(10, 4)));
        store.delete("shop/gone.dump");
        assertFalse(store.exists("shop/gone.dump"));
        store.delete("shop/gone.dump");
        assertThrows(NoSuchFileException.class, () -> store.open("shop/gone.dump"));
    }

    @Test
    void aMissingBucketFailsTheCheckSayingWhich() {
        S3Store nowhere = new S3Store(client, "no-such-bucket", "", S3Store.MIN_PART, "s3://no-such-bucket/");
        IOException failure = assertThrows(IOException.class, nowhere::check);
        assertTrue(failure.getMessage().startsWith("bucket s3://no-such-bucket/ is not reachable"), failure.getMessage());
    }

    /**
     * An endpoint written with credentials in it ({@code http://key:secret@host}) is still only an address: the store
     * names it without them (the name is in the public health check and in every job error a viewer reads) and never
     * sends them, since credentials come from the SDK's default chain.
     */
    @Test
    void credentialsWrittenIntoTheEndpointAppearNowhere() throws Exception {
        String secret = "endpoint-secret-" + new Random().nextInt(1_000_000);
        URI endpoint = URI.create("http://AKIAEXAMPLE:" + secret + "@127.0.0.1:" + URI.create(s3.endpoint()).getPort()
                + "/?token=" + secret);
        BackupConfig.S3 config = new BackupConfig.S3() {
            public Optional<String> bucket() {
                return Optional.of("backups");
            }

            public Optional<String> prefix() {
                return Optional.of("endpoint-test/");
            }

            public String region() {
                return "us-east-1";
            }

            public Optional<URI> endpoint() {
                return Optional.of(endpoint);
            }

            public boolean pathStyle() {
                return true;
            }

            public int partSize() {
                return S3Store.MIN_PART;
            }
        };
        System.setProperty("aws.accessKeyId", LocalS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalS3.SECRET_KEY);
        try {
            S3Store configured = S3Store.create(config);
            assertFalse(configured.describe().contains(secret), configured.describe());
            assertFalse(configured.describe().contains("AKIAEXAMPLE"), configured.describe());
            assertTrue(configured.describe().contains("127.0.0.1"), configured.describe());
            configured.check();
            configured.write("shop/a.dump", new ByteArrayInputStream(bytes(10, 5)));
            IOException missing = assertThrows(IOException.class, () -> configured.open("shop/none.dump"));
            assertFalse(missing.getMessage().contains(secret), missing.getMessage());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }
}
