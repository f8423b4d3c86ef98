package io.rewind.executor.action;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.rewind.executor.target.AlbTarget;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2ClientBuilder;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The ELBv2 API of one {@code aws-alb} target, through the AWS SDK's client: {@code DescribeListeners} and
 * {@code ModifyListener}, nothing else. The region, endpoint and credentials (the SDK's default chain, or the target's
 * profile) are the target's. What AWS refuses (an unknown listener or target group, denied access, a bad request)
 * fails the step with AWS's own code and message; throttling, AWS's server errors and network errors, after the SDK's
 * own retries, are thrown as passing, so the worker tries again until the step's timeout.
 */
final class AlbListeners implements AutoCloseable {

    private final AlbTarget target;
    private final String targetName;
    private final AwsCredentialsProvider credentials;
    private final ElasticLoadBalancingV2Client client;

    AlbListeners(AlbTarget target, String targetName) {
        this.target = target;
        this.targetName = targetName;
        this.credentials = target.profile() == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(target.profile()).build();
        Duration timeout = Duration.ofSeconds(target.timeoutSeconds());
        ElasticLoadBalancingV2ClientBuilder builder = ElasticLoadBalancingV2Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                .region(Region.of(target.region()))
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.apiCallTimeout(timeout.multipliedBy(2)).apiCallAttemptTimeout(timeout));
        if (target.endpoint() != null) {
            builder.endpointOverride(URI.create(target.endpoint()));
        }
        this.client = builder.build();
    }

    /** The listener's default actions now. */
    List<Action> defaultActions(String listener, String arn) {
        Listener found = call("DescribeListeners", listener, arn, null,
                () -> client.describeListeners(b -> b.listenerArns(arn)).listeners().stream()
                        .filter(l -> arn.equals(l.listenerArn())).findFirst().orElse(null));
        if (found == null) {
            throw new StepFailure("error: DescribeListeners did not return listener '" + listener + "' (" + arn + ") in "
                    + target.region() + "; nothing was changed");
        }
        return found.defaultActions();
    }

    /** Sets the listener's default action to {@code forward}; its default actions as AWS answered. */
    List<Action> forward(String listener, String arn, AlbForward forward) {
        List<Action> answered = call("ModifyListener", listener, arn, forward,
                () -> client.modifyListener(b -> b.listenerArn(arn).defaultActions(forward.action())).listeners().stream()
                        .filter(l -> arn.equals(l.listenerArn())).findFirst().map(Listener::defaultActions).orElse(null));
        return answered != null ? answered : defaultActions(listener, arn);
    }

    private <T> T call(String operation, String listener, String arn, AlbForward forward, java.util.function.Supplier<T> call) {
        String on = "listener '" + listener + "' (" + arn + ")";
        try {
            return call.get();
        } catch (ListenerNotFoundException e) {
            throw new StepFailure("error: " + operation + ": " + on + " was not found in " + target.region() + " ("
                    + said(e) + "); an admin must correct target '" + targetName + "'; nothing was changed");
        } catch (TargetGroupNotFoundException e) {
            throw new StepFailure("error: " + operation + ": a target group of " + (forward == null ? "?"
                    : forward.describe(target)) + " was not found in " + target.region() + " (" + said(e)
                    + "); an admin must correct target '" + targetName + "'; " + on + " was not changed");
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new IllegalStateException(operation + " on " + on + " failed for now (" + said(e) + ")", e);
            }
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            boolean denied = e.statusCode() == 403 || code.toLowerCase(Locale.ROOT).contains("accessdenied")
                    || code.toLowerCase(Locale.ROOT).contains("unauthorized");
            throw new StepFailure("error: AWS refused " + operation + " on " + on + " (" + said(e) + ")" + (denied
                    ? ": the credentials of target '" + targetName + "' need elasticloadbalancing:DescribeListeners and"
                            + " elasticloadbalancing:ModifyListener on it"
                    : "") + "; nothing was changed");
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("credentials")) {
                throw new StepFailure("error: no AWS credentials for target '" + targetName + "' ("
                        + (target.profile() == null ? "the SDK's default chain" : "profile " + target.profile()) + "): "
                        + firstLine(e) + "; nothing was changed");
            }
            throw new IllegalStateException(operation + " on " + on + " could not reach the ELBv2 API"
                    + (target.endpoint() == null ? "" : " at " + target.endpoint()) + ": " + firstLine(e), e);
        } catch (SdkException e) {
            throw new IllegalStateException(operation + " on " + on + " failed: " + firstLine(e), e);
        }
    }

    private static String said(AwsServiceException e) {
        if (e.awsErrorDetails() == null) {
            return "HTTP " + e.statusCode();
        }
        return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage() + ", HTTP " + e.statusCode()
                + (e.requestId() == null ? "" : ", request " + e.requestId());
    }

    /** The exception's first line, without the SDK's dump of a whole profile file after a missing profile. */
    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        message = end < 0 ? message : message.substring(0, end);
        int dump = message.indexOf(": ProfileFile(");
        return dump < 0 ? message : message.substring(0, dump);
    }

    @Override
    public void close() {
        client.close();
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
    }
}
