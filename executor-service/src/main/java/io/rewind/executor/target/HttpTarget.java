package io.rewind.executor.target;

import io.rewind.executor.params.ParamReader;

/**
 * {@code http}: a base URL that smoke tests ({@code verify.http}) may call. Spec: {@code baseUrl} (absolute http or
 * https, no query). A step gives only a {@code path} under it; redirects are followed only within it.
 */
public record HttpTarget(String baseUrl) implements TargetSpec {

    static HttpTarget read(ParamReader spec) {
        return new HttpTarget(Urls.read(spec, "baseUrl", "the service smoke tests call"));
    }
}
