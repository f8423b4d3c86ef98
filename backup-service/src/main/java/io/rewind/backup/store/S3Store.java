package io.rewind.backup.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.rewind.backup.config.BackupConfig;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Dumps in an S3-compatible bucket. A dump of unknown size is uploaded in parts as pg_dump produces it, and an object
 * exists only once its upload completes: a crash mid-backup leaves an abandoned multipart upload (which the bucket's
 * lifecycle rule reaps), never an object that looks like a backup.
 */
public final class S3Store implements BackupStore {

    static final int MIN_PART = 5 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    private final String where;

    S3Store(S3Client s3, String bucket, String prefix, int partSize, String where) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.partSize = Math.max(partSize, MIN_PART);
        this.where = where;
    }

    public static S3Store create(BackupConfig.S3 config) {
        String bucket = config.bucket().filter(b -> !b.isBlank()).orElseThrow(() -> new IllegalStateException(
                "rewind.backup.store.type=s3 needs a bucket: set REWIND_BACKUP_S3_BUCKET"));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder())
                .region(Region.of(config.region()))
                .forcePathStyle(config.pathStyle());
        Optional<URI> endpoint = config.endpoint().map(S3Store::address);
        endpoint.ifPresent(builder::endpointOverride);
        String prefix = config.prefix().orElse("");
        String where = "s3://" + bucket + "/" + prefix + endpoint.map(e -> " at " + e).orElse("");
        return new S3Store(builder.build(), bucket, prefix, config.partSize(), where);
    }

    /**
     * The endpoint as an address only: scheme, host, port and path. Credentials written into it
     * ({@code http://key:secret@minio:9000}) or a query would otherwise show wherever the store is named (the public
     * health check, every job error a viewer reads) and be sent along; the SDK takes credentials from its default
     * chain, never from the endpoint.
     */
    static URI address(URI endpoint) {
        if (endpoint.getHost() == null) {
            throw new IllegalStateException("REWIND_BACKUP_S3_ENDPOINT must be a URL with a host, such as"
                    + " http://minio:9000");
        }
        String path = endpoint.getPath() == null || endpoint.getPath().equals("/") ? null : endpoint.getPath();
        try {
            return new URI(endpoint.getScheme(), null, endpoint.getHost(), endpoint.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("REWIND_BACKUP_S3_ENDPOINT must be a URL such as http://minio:9000", e);
        }
    }

    @Override
    public long write(String key, InputStream content) throws IOException {
        String object = prefix + key;
        byte[] first = content.readNBytes(partSize);
        if (first.length < partSize) {
            put(object, first);
            return first.length;
        }
        String upload;
        try {
            upload = s3.createMultipartUpload(b -> b.bucket(bucket).key(object)).uploadId();
        } catch (SdkException e) {
            throw new IOException("could not start an upload to " + where + ": " + e.getMessage(), e);
        }
        List<CompletedPart> parts = new ArrayList<>();
        long total = 0;
        try {
            byte[] part = first;
            while (part.length > 0) {
                int number = parts.size() + 1;
                byte[] body = part;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(object).uploadId(upload).partNumber(number),
                        RequestBody.fromBytes(body)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                total += part.length;
                part = content.readNBytes(partSize);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(object).uploadId(upload)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
            return total;
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(object).uploadId(upload));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("upload to " + where + " failed: " + e.getMessage(), e);
        }
    }

    private void put(String object, byte[] body) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(object), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw new IOException("could not write " + object + " to " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(prefix + key));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(where + key);
        } catch (SdkException e) {
            throw new IOException("could not read " + key + " from " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
        } catch (SdkException e) {
            throw new IOException("could not delete " + key + " from " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(prefix + key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("could not look for " + key + " in " + where + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("could not look for " + key + " in " + where + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void check() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw new IOException("bucket " + where + " is not reachable: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return where;
    }
}
