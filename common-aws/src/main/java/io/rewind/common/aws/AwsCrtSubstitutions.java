package io.rewind.common.aws;

import java.util.function.BooleanSupplier;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.internal.ChecksumProvider;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * Native image only: the AWS SDK's checksum code (sdk-core's {@code checksums}, used by backup-service's S3 client and
 * executor-service's ELBv2 client) names the optional AWS Common Runtime (aws-crt) classes, which no Rewind service
 * ships. On the JVM the SDK checks for them at run time and uses its Java implementations;
 * a native image is linked at build time, where those references are unresolvable. These substitutions replace the
 * three methods that reference aws-crt with what the SDK itself does when aws-crt is absent, and apply only when it
 * is absent from the class path.
 */
final class AwsCrtSubstitutions {

    static final String CRT_MODULE = "software.amazon.awssdk.crt:aws-crt";

    private AwsCrtSubstitutions() {
    }

    /** Whether aws-crt is missing from the image's class path (the substitutions apply then). */
    static final class AwsCrtAbsent implements BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            try {
                Class.forName("software.amazon.awssdk.crt.CRT", false, Thread.currentThread().getContextClassLoader());
                return false;
            } catch (ClassNotFoundException e) {
                return true;
            }
        }
    }
}

@TargetClass(value = ChecksumProvider.class, onlyWith = AwsCrtSubstitutions.AwsCrtAbsent.class)
final class Target_software_amazon_awssdk_checksums_internal_ChecksumProvider {

    /** The SDK returns null when aws-crt is absent; crc32cImplementation() then uses the JDK's CRC32C. */
    @Substitute
    static SdkChecksum createCrtCrc32C() {
        return null;
    }

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new IllegalStateException("the CRC64NVME checksum needs " + AwsCrtSubstitutions.CRT_MODULE
                + ", which this build does not include");
    }

    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
        throw new IllegalStateException("the " + algorithm.algorithmId() + " checksum needs "
                + AwsCrtSubstitutions.CRT_MODULE + ", which this build does not include");
    }
}
